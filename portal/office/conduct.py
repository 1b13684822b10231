"""The office's pages on reviewers' conduct: one expert's page in the pool (assignments, the applicants' ratings
over time, sanctions, the hand-over of open work), the disqualification, and the pool's yearly performance review.

Who: the expert's page — the city's office and supervisors; the disqualification — the role the rule file names
(reviewer_conduct.sanctions.recorded_by: the office; Jinan's 评审监督小组, 第二十七条); the yearly review — the
city's office and supervisors, where the rule file asks for it (Qujing 第九条(二)). Everyone else: 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.domain import access
from awards.workflow import staff_label
from cities.models import City
from cities.schema import SanctionConsequence
from core.errors import TransitionError
from portal.decorators import requires
from reviews.domain import pool_review, ratings, sanctions
from reviews.models import Assignment, Expert, ReviewerSanction


def _expert(pk) -> Expert | None:
    return Expert.objects.select_related("city", "user").filter(pk=pk).first()


@requires()
def expert_detail(request, pk):
    """The city's office (and supervisors): one expert's assignments, ratings over time, sanctions, hand-over."""
    expert = _expert(pk)
    access.require(request.user, "office.expert", expert)
    assignments = list(
        Assignment.objects.filter(expert=expert)
        .select_related("panel__cycle__rule_set", "application", "sheet")
        .order_by("-assigned_at", "-pk")
    )
    rows = [{"a": a, "stage": staff_label(a.panel.stage, a.panel.cycle.rules),
             "submitted": bool(getattr(a, "sheet", None) and a.sheet.submitted)} for a in assignments]
    received = list(ratings.received(expert))
    given = list(ratings.given(expert))
    history = list(ReviewerSanction.objects.filter(expert=expert).select_related("recorded_by"))
    rule = sanctions.rules_for(expert.city)
    verdict = access.check(request.user, "office.expert_sanction", expert)
    return render(request, "reviews/office/expert_detail.html", {
        "expert": expert, "rows": rows, "received": received, "given": given,
        "years": ratings.by_year(received), "average": ratings.average(received),
        "history": history, "handovers": sanctions.handovers(history[0]) if history else [],
        "follow_ups": [c for c in rule.consequences.value if c != SanctionConsequence.DISQUALIFIED] if rule else [],
        "rule": rule, "may_disqualify": bool(verdict) and expert.active, "why_not": verdict.reason,
        "open": sanctions.open_assignments(expert) if expert.active else [],
    })


@requires()
@require_POST
def disqualify(request, pk):
    """The role the rule file names records the disqualification; the open work is handed over."""
    expert = _expert(pk)
    access.require(request.user, "office.expert_sanction", expert)
    rule = sanctions.rules_for(expert.city)
    details = {kind.value: request.POST.get(f"detail_{kind.value}", "") for kind in rule.consequences.value}
    try:
        sanction = sanctions.disqualify(expert, request.user, ground=request.POST.get("ground", ""),
                                        reason=request.POST.get("reason", ""), details=details,
                                        approval=request.POST.get("approval", ""))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已取消%(n)s的评审资格（%(a)s），%(k)s项未完成的评审任务已关闭，请补充评审专家。")
                         % {"n": expert.name, "a": sanction.article, "k": len(sanction.handed_over)})
    return redirect("office:expert", pk=expert.pk)


@requires()
def expert_review(request, city, year):
    """The pool's yearly performance review: each expert's assignments, ratings and sanctions that year."""
    found = City.objects.filter(code=city).first()
    access.require(request.user, "office.expert_review", found)
    this_year = timezone.localdate().year
    if not (1990 <= year <= this_year + 1):
        raise Http404(_("没有这一年度的考评。"))
    lines = pool_review.yearly(found, year)
    return render(request, "reviews/office/expert_review.html", {
        "city": found, "year": year, "lines": lines, "rule": pool_review.rule_for(found),
        "years": list(range(this_year, this_year - 6, -1)),
    })

