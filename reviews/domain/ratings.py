"""Two-way conduct ratings (评价) between the applicant and its reviewers, as `reviewer_conduct.ratings` says:
Chenzhou 第三十二条 (the organisation rates its site reviewers' 工作质量、纪律作风 and the office reads it), Ordos
第二十五条 (受评组织、个人 rate the reviewers' 纪律执行情况; the reviewers rate their 守纪情况).

Each direction of the rule file names the rater (applicant or expert), the stage after which the rating opens
(`after`: its consensus recorded and the application moved on), the aspects and the scale (1..scale). A rating is
append-only, one per rater side per assignment; a disqualified expert no longer rates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awards.domain import access
from awards.models import Application
from awards.workflow import staff_label
from cities.schema import ConductRating as RatingRule
from cities.schema import Role
from core.errors import InvalidInput, TransitionDenied

from ..models import Assignment, ConductRating, Consensus, Expert
from . import sanctions

MAX_COMMENT = 1000
SIDE = {Role.APPLICANT: ConductRating.Rater.APPLICANT, Role.EXPERT: ConductRating.Rater.EXPERT}


def rule_for(application: Application, rater: Role) -> RatingRule | None:
    return rule_in(application.rules, rater)


def rule_in(rules, rater: Role) -> RatingRule | None:
    """The direction of the ratings in which `rater` rates, from parsed rules (None: the measure has none)."""
    conduct = rules.reviewer_conduct
    return next((r for r in conduct.ratings if r.rater == rater), None) if conduct else None


def stage_over(application: Application, stage: str) -> bool:
    """The stage's consensus is recorded and the application has left it."""
    return (application.status != stage
            and Consensus.objects.filter(application=application, stage=stage).exists())


def rated_assignments(application: Application, rule: RatingRule):
    """The reviewers who took part in the stage: active, or disqualified after they had declared."""
    return (Assignment.objects.filter(application=application, panel__stage=rule.after.value,
                                      declared_at__isnull=False,
                                      state__in=[Assignment.State.ACTIVE, Assignment.State.DISQUALIFIED])
            .select_related("expert", "panel").order_by("panel__name", "expert__name"))


def _open_for(application: Application, rater: Role) -> access.Verdict:
    rule = rule_for(application, rater)
    if rule is None:
        return access.hide(_("本市办法未规定此项评价。"))
    if not stage_over(application, rule.after.value):
        return access.refuse(_("%(stage)s结束后才能评价（%(c)s）。") % {
            "stage": staff_label(rule.after.value, application.rules), "c": rule.after.citation})
    return access.ALLOWED


def applicant_may_rate(user, application: Application | None) -> access.Verdict:
    """The application's applicants, once the stage the rule file names is over."""
    verdict = access.check(user, "applicant.application", application)
    return _open_for(application, Role.APPLICANT) if verdict else verdict


def expert_may_rate(user, assignment: Assignment | None) -> access.Verdict:
    """The assigned expert, in the pool, who took part (active), once the stage is over."""
    if assignment is None or not access.is_signed_in(user) or assignment.expert.user_id != user.pk:
        return access.hide(_("没有这项评审任务。"))
    if not assignment.expert.active:
        return access.refuse(sanctions.refusal(assignment.expert))
    rule = rule_for(assignment.application, Role.EXPERT)
    if rule is None or assignment.panel.stage != rule.after.value:
        return access.hide(_("本市办法未规定评审人员对该环节作出评价。"))
    if assignment.state != Assignment.State.ACTIVE:
        return access.refuse(_("您未参加该申报的评审，不能评价。"))
    return _open_for(assignment.application, Role.EXPERT)


access.register("applicant.rate_reviewers", applicant_may_rate)
access.register("experts.rate", expert_may_rate)


def applicant_can_rate(user, application: Application) -> bool:
    """For the status page's link (no refusal text needed)."""
    return bool(rule_for(application, Role.APPLICANT)) and bool(applicant_may_rate(user, application))


def _scores(rule: RatingRule, posted: dict[str, str]) -> dict[str, int]:
    out, missing = {}, []
    for aspect in rule.aspects.value:
        raw = (posted.get(aspect) or "").strip()
        if not raw:
            missing.append(aspect)
            continue
        if not (raw.isascii() and raw.isdigit()) or not (1 <= int(raw) <= rule.scale.value):
            raise InvalidInput(_("“%(a)s”的评分须为1至%(n)s的整数（%(c)s）。")
                               % {"a": aspect, "n": rule.scale.value, "c": rule.scale.citation})
        out[aspect] = int(raw)
    if missing:
        raise InvalidInput(_("请为以下项目评分：%(m)s。") % {"m": "、".join(missing)})
    return out


def rate(assignment: Assignment, user, rater: Role, *, scores: dict[str, str], comment: str = "") -> ConductRating:
    """Record one rating of the other side of `assignment`, once. `rater`: Role.APPLICANT or Role.EXPERT."""
    application = assignment.application
    if rater == Role.APPLICANT:
        verdict = applicant_may_rate(user, application)
        if verdict and not rated_assignments(application, rule_for(application, rater)).filter(
                pk=assignment.pk).exists():
            verdict = access.hide(_("没有这位评审人员。"))
    else:
        verdict = expert_may_rate(user, assignment)
    if not verdict:
        raise TransitionDenied(verdict.reason)
    rule = rule_for(application, rater)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT or "\x00" in comment:
        raise InvalidInput(_("评价意见不超过%(n)s字，且不能含有无效字符。") % {"n": MAX_COMMENT})
    values = _scores(rule, scores)
    side = SIDE[rater]
    if ConductRating.objects.filter(assignment=assignment, rater_side=side).exists():
        raise InvalidInput(_("已作出评价；评价提交后不能修改。"))
    try:
        with transaction.atomic():
            return ConductRating.objects.create(assignment=assignment, rater_side=side, rated_by=user,
                                                scores=values, scale=rule.scale.value, comment=comment,
                                                article=rule.article)
    except IntegrityError:
        raise InvalidInput(_("已作出评价；评价提交后不能修改。")) from None


# -- reading them: an expert's ratings over time, the pool's yearly review ---------------------------------
def average(ratings) -> Decimal | None:
    """The mean score as a percentage of the scale (score / scale × 100 over every aspect), so scales compare."""
    shares = [Decimal(v) / Decimal(r.scale) * 100 for r in ratings for v in r.scores.values()]
    if not shares:
        return None
    return (sum(shares) / len(shares)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def received(expert: Expert):
    """The ratings the expert received from applicants, oldest first."""
    return (ConductRating.objects.filter(assignment__expert=expert, rater_side=ConductRating.Rater.APPLICANT)
            .select_related("assignment__panel__cycle__city", "assignment__application")
            .order_by("rated_at", "pk"))


def given(expert: Expert):
    return (ConductRating.objects.filter(assignment__expert=expert, rater_side=ConductRating.Rater.EXPERT)
            .select_related("assignment__panel__cycle__city", "assignment__application")
            .order_by("rated_at", "pk"))


@dataclass
class YearRow:
    year: int
    count: int
    average: Decimal | None


def by_year(ratings) -> list[YearRow]:
    years = defaultdict(list)
    for r in ratings:
        years[r.rated_at.year].append(r)
    return [YearRow(y, len(rs), average(rs)) for y, rs in sorted(years.items())]
