"""Formal notices (受理通知书 / 补正通知书 / 不予受理通知书): a numbered PDF for each intake decision.

Issued inside the decision's transaction, so a decision never exists without its notice. Numbers come from a
sequence per city, year and kind (`NumberSequence`, taken under its row lock), so decisions made at the same
moment in one city each get their own number; the PDF is rendered once, with that number, and stored. The file lives
under MEDIA_ROOT and is served only by a permission-checked view (the applicant and the city's office).
A notice is an official document: it is always written in the portal's source language (Chinese), whatever
language the member of staff who made the decision reads the portal in.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation

from core.pdf import render_pdf

from ..models import AuditEntry, FormalNotice, NumberSequence, SupplementRequest
from . import queues

# The character of the document number (文号) for each kind: 受字, 补字, 驳字.
NUMBER_MARK = {
    FormalNotice.Kind.ACCEPTANCE: "受",
    FormalNotice.Kind.SUPPLEMENT: "补",
    FormalNotice.Kind.REFUSAL: "驳",
}
TEMPLATES = {
    FormalNotice.Kind.ACCEPTANCE: "pdf/notice_acceptance.html",
    FormalNotice.Kind.SUPPLEMENT: "pdf/notice_supplement.html",
    FormalNotice.Kind.REFUSAL: "pdf/notice_refusal.html",
}


def chinese_date(day: date) -> str:
    """A date as the measures and official documents write it: 2026年11月23日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def document_number(city_name: str, kind: str, year: int, serial: int) -> str:
    """E.g. 鄂尔多斯质奖受字〔2026〕3号."""
    return f"{city_name.removesuffix('市')}质奖{NUMBER_MARK[kind]}字〔{year}〕{serial}号"


def issue(
    entry: AuditEntry,
    kind: str,
    *,
    supplement_request: SupplementRequest | None = None,
    findings: list | None = None,
) -> FormalNotice:
    """Render, number and store the notice for one decision (its audit entry), in Chinese."""
    with translation.override(settings.LANGUAGE_CODE):
        return _issue(entry, kind, supplement_request=supplement_request, findings=findings)


def _issue(entry: AuditEntry, kind: str, *, supplement_request: SupplementRequest | None,
           findings: list | None) -> FormalNotice:
    application = entry.application
    rules = application.rules
    city = application.cycle.city
    today = timezone.localdate()
    context = {
        "rules": rules,
        "application": application,
        "award_name": application.award.name,
        "cycle": application.cycle,
        "entry": entry,
        "article": entry.article,
        "office": rules.bodies.office.value,
        "measure": rules.measure.title,
        "issued_on": chinese_date(today),
        "supplement_request": supplement_request,
        "items": list(supplement_request.items.all()) if supplement_request else [],
        "deadline": chinese_date(supplement_request.deadline)
        if supplement_request and supplement_request.deadline
        else "",
        "deadline_period": queues.deadline_period(rules, "supplement_requested"),
        "findings": findings or [],
        "submitted_on": chinese_date(timezone.localdate(application.submitted_at)) if application.submitted_at else "",
    }
    serial = next_serial(city, today.year, kind)
    number = document_number(city.name, kind, today.year, serial)
    pdf = render_pdf(TEMPLATES[kind], {**context, "number": number})  # rendered once, stored with the notice
    notice = FormalNotice(
        application=application, audit_entry=entry, kind=kind, city=city, year=today.year, serial=serial,
        number=number, issued_on=today, article=entry.article,
    )
    notice.file.save(f"{application.reference}-{kind}-{serial}.pdf", ContentFile(pdf), save=False)
    try:
        notice.save()
    except BaseException:
        notice.file.delete(save=False)
        raise
    return notice


def next_serial(city, year: int, kind: str) -> int:
    """The next serial of the city's notices of this kind in this year, from its NumberSequence row.

    The row is incremented by an UPDATE in the caller's transaction: the row lock makes any other office user
    numbering the same kind in the same city wait until this decision commits (or rolls back, giving the number
    back), so two decisions never take one number and none fails for it. The first notice of a year creates the
    row, starting after any serial already issued."""
    with transaction.atomic():
        sequence, _created = NumberSequence.objects.get_or_create(
            city=city, year=year, kind=kind,
            defaults={"last": FormalNotice.objects.filter(city=city, year=year, kind=kind)
                      .aggregate(m=Max("serial"))["m"] or 0},
        )
        NumberSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
        return NumberSequence.objects.values_list("last", flat=True).get(pk=sequence.pk)
