"""The expert rates the applicant's conduct (守纪情况) from the assignment, once the stage is over (Ordos 第二十五条;
the rule file's reviewer_conduct.ratings with rater: expert). Who: the assigned expert, in the pool, who took part;
anyone else 404; a disqualified expert is told why (403)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from awards.domain import access
from awards.workflow import staff_label
from cities.schema import Role
from core.errors import TransitionError
from portal.decorators import requires
from reviews.domain import ratings
from reviews.models import Assignment, ConductRating


@requires()
def rate(request, pk):
    assignment = (Assignment.objects.select_related("expert__city", "panel__cycle__rule_set",
                                                    "application__cycle__rule_set")
                  .filter(pk=pk).first())
    access.require(request.user, "experts.rate", assignment)
    application = assignment.application
    rule = ratings.rule_for(application, Role.EXPERT)
    done = ConductRating.objects.filter(assignment=assignment, rater_side=ConductRating.Rater.EXPERT).first()
    if request.method == "POST" and done is None:
        try:
            ratings.rate(assignment, request.user, Role.EXPERT,
                         scores={a: request.POST.get(f"score_{i}", "") for i, a in enumerate(rule.aspects.value)},
                         comment=request.POST.get("comment", ""))
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已提交您的评价。"))
            return redirect("experts:queue")
    return render(request, "reviews/rate.html", {
        "a": assignment, "app": application, "rule": rule, "done": done,
        "stage": staff_label(assignment.panel.stage, application.rules),
        "aspects": list(enumerate(rule.aspects.value)), "points": range(1, rule.scale.value + 1),
    })
