"""Public pages (no login): a public comment period (公开征求意见) and its comment form."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from awards.domain import forms_data
from awards.domain import publicity as publicity_domain
from awards.models import Publicity, PublicityEntry
from awards.workflow import staff_label
from core.errors import TransitionError
from portal.decorators import public
from reviews.domain import stage_inputs


@public
def comment_periods(request):
    """Public. The public comment periods running now."""
    return render(request, "reviews/public/comment_list.html", {"periods": stage_inputs.open_comment_periods()})


@public
def comment_form(request, publicity_pk):
    """Public. The review results open for comment; while the period runs anyone may comment (POST)."""
    notice = get_object_or_404(Publicity.objects.select_related("cycle__city", "cycle__rule_set"), pk=publicity_pk,
                               stage=stage_inputs.PUBLIC_COMMENT)
    entries = list(notice.entries.order_by("pk"))
    form = {k: request.POST.get(k, "") for k in ("entry", "name", "contact", "text")}
    if request.method == "POST":
        entry = PublicityEntry.objects.filter(publicity=notice, pk=forms_data.as_id(form["entry"]) or 0
                                              ).select_related("publicity").first()
        try:
            if entry is None:
                raise stage_inputs.InvalidInput(_("请选择对哪一个评审对象提出意见。"))
            stage_inputs.file_comment(entry, name=form["name"], contact=form["contact"], text=form["text"])
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("您的意见已提交，感谢您的参与。"))
            return redirect("public:comment_form", publicity_pk=notice.pk)
    rules = notice.cycle.rules
    stage = rules.stage(stage_inputs.PUBLIC_COMMENT)
    return render(request, "reviews/public/comment_form.html", {
        "notice": notice, "entries": entries, "form": form, "rules": rules, "is_open": publicity_domain.is_open(notice),
        "label": staff_label(notice.stage, rules), "period": rules.periods.get(stage.period) if stage else None,
    })
