"""The online 自评报告 beside the expert's score sheet: `{% self_assessment_section app code as sa %}` gives the
section the applicant wrote for that item (with its attachments), or None. The page's view has already checked who
may see the application; the sections and attachments are loaded once per page, whatever the number of items."""

from __future__ import annotations

from django import template

from awards.domain import self_assessment

register = template.Library()


@register.simple_tag(takes_context=True)
def self_assessment_section(context, application, code):
    if application is None:
        return None
    cache_key = ("self_assessment", application.pk)
    cache = context.render_context
    if cache_key not in cache:
        attached = self_assessment.section_documents(application)
        cache[cache_key] = {s.item_key: {"s": s, "chars": self_assessment.count(s.text),
                                         "documents": attached.get(s.item_key, [])}
                            for s in self_assessment.sections(application) if s.text.strip()}
    return cache[cache_key].get(code)


@register.simple_tag
def self_assessment_written(application) -> bool:
    """Whether the applicant wrote any of the online 自评报告 (the staff pages then link its PDF). One query."""
    return application is not None and any(t.strip() for t in self_assessment.texts(application))
