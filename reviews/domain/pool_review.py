"""The expert pool's yearly performance review (评审员绩效考评): Qujing 第九条(二) (健全评审员绩效考评的优胜劣汰机制),
Wuhan 第九条(二) (对评审人员的职责履行情况进行监督管理) — where the rule file's `reviewer_conduct.performance_review`
says so. For one city and year, each expert of the pool: the assignments received that year, the ones closed
by a conflict or a recusal, the sheets submitted, the applicants' ratings (reviews.domain.ratings) and the
sanctions (reviews.domain.sanctions). A fixed number of queries, whatever the pool's size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from awards.domain import access

from ..models import Assignment, ConductRating, Expert, ReviewerSanction
from . import ratings


def rule_for(city):
    rule_set = city.current_rules()
    conduct = rule_set.rules.reviewer_conduct if rule_set else None
    return conduct.performance_review if conduct else None


def may_read(user, city) -> access.Verdict:
    """The city's office (its supervisors read it too), where the measure asks for the review."""
    if city is None or not (access.is_office(user, city) or access.is_supervisor(user, city)):
        return access.hide(_("没有这项考评。"))
    rule = rule_for(city)
    if rule is None or not rule.value:
        return access.refuse(_("本市办法未规定评审员绩效考评。"))
    return access.ALLOWED


access.register("office.expert_review", may_read)


@dataclass
class Line:
    expert: Expert
    tasks: int
    closed: int
    submitted: int
    ratings: list[ConductRating] = field(default_factory=list)
    sanctions: list[ReviewerSanction] = field(default_factory=list)

    @property
    def average(self) -> Decimal | None:
        return ratings.average(self.ratings)


def yearly(city, year: int) -> list[Line]:
    in_year = Q(assignments__assigned_at__year=year)
    experts = (
        Expert.objects.filter(city=city)
        .annotate(
            n_tasks=Count("assignments", filter=in_year, distinct=True),
            n_closed=Count("assignments", distinct=True, filter=in_year & Q(assignments__state__in=[
                Assignment.State.DECLARED_CONFLICT, Assignment.State.RECUSED])),
            n_submitted=Count("assignments", distinct=True,
                              filter=in_year & Q(assignments__sheet__submitted_at__isnull=False)),
        )
        .order_by("name", "pk")
    )
    got = defaultdict(list)
    for r in ConductRating.objects.filter(assignment__expert__city=city, rated_at__year=year,
                                          rater_side=ConductRating.Rater.APPLICANT).select_related("assignment"):
        got[r.assignment.expert_id].append(r)
    sanctioned = defaultdict(list)
    for s in ReviewerSanction.objects.filter(expert__city=city, recorded_at__year=year):
        sanctioned[s.expert_id].append(s)
    return [Line(e, e.n_tasks, e.n_closed, e.n_submitted, got[e.pk], sanctioned[e.pk]) for e in experts]
