"""The applicant rates its reviewers from the application's status page, once the stage the rule file names is
over: Chenzhou 第三十二条 (the site reviewers' 工作质量、纪律作风, fed back to the office), Ordos 第二十五条 (the
reviewers' 纪律执行情况). Who: the application's applicants; anyone else 404. One rating per reviewer, never changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from awards.domain import access
from awards.models import Application
from awards.workflow import staff_label
from cities.schema import Role
from core.errors import InvalidInput, TransitionError
from portal.decorators import requires
from reviews.domain import ratings
from reviews.models import ConductRating


def _posted_assignment(request, rows):
    raw = (request.POST.get("assignment") or "").strip()
    found = next((a for a in rows if raw.isascii() and raw.isdigit() and str(a.pk) == raw), None)
    if found is None:
        raise InvalidInput(_("请选择要评价的评审人员。"))
    return found


@requires()
def rate_reviewers(request, pk):
    app = (Application.objects.with_rules().select_related("organisation", "individual", "cycle__city")
           .filter(pk=pk).first())
    access.require(request.user, "applicant.rate_reviewers", app)
    rule = ratings.rule_for(app, Role.APPLICANT)
    rows = list(ratings.rated_assignments(app, rule))
    if request.method == "POST":
        try:
            assignment = _posted_assignment(request, rows)
            ratings.rate(assignment, request.user, Role.APPLICANT,
                         scores={a: request.POST.get(f"score_{i}", "") for i, a in enumerate(rule.aspects.value)},
                         comment=request.POST.get("comment", ""))
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已提交对%(n)s的评价。") % {"n": assignment.expert.name})
            return redirect("applicant:rate_reviewers", pk=app.pk)
    given = {r.assignment_id: r for r in ConductRating.objects.filter(
        assignment__in=rows, rater_side=ConductRating.Rater.APPLICANT)}
    return render(request, "applicant/rate_reviewers.html", {
        "app": app, "rule": rule, "stage": staff_label(rule.after.value, app.rules),
        "rows": [{"a": a, "done": given.get(a.pk)} for a in rows],
        "aspects": list(enumerate(rule.aspects.value)), "points": range(1, rule.scale.value + 1),
    })
