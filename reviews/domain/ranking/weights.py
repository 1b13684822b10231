"""What the combined score is computed with: the weights in force (the city's rule file, ``ranking.weights``, or the
office's own where the rule file leaves them to it), each stage's and each award's full marks, and the award's
score line (分数线) with the warning that cites it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from awards.domain.access import is_office
from awards.workflow import Status, staff_label
from cities.schema import StageKind
from core.errors import InvalidInput, TransitionDenied

from ...models import RankingWeights, ShortlistEntry
from .. import schemes
from .scores import CENT, format_points

SURVEY_FULL_MARKS = Decimal(100)  # a satisfaction index is out of 100


@dataclass(frozen=True)
class WeightsInForce:
    award_kind: str
    values: dict[str, Decimal]  # stage kind -> weight, in route order
    editable: bool  # the rule file leaves the weights to the office
    citation: str
    note: str
    changed_by: str = ""
    changed_at: datetime | None = None
    reason: str = ""


def weights_in_force(cycle) -> dict[str, WeightsInForce]:
    """Per award kind: the rule file's weights, or the office's latest where the rule leaves them to it."""
    rules = cycle.rules
    latest = {}
    for row in RankingWeights.objects.filter(cycle=cycle).select_related("changed_by").order_by("-changed_at", "-pk"):
        latest.setdefault(row.award_kind, row)
    found = {}
    for award in rules.award_kinds:
        cited = rules.ranking.weights[award.applicant_kind]
        route = [s.kind.value for s in rules.stages_for(award.applicant_kind)]
        values = {k.value: Decimal(str(w)) for k, w in cited.value.items()}
        override = latest.get(award.key) if cited.set_by_office else None
        if override is not None:
            values = {k: Decimal(v) for k, v in override.weights.items()}
        ordered = {s: values[s] for s in route if s in values}
        found[award.key] = WeightsInForce(
            award.key, ordered, cited.set_by_office, cited.citation, cited.note,
            changed_by=(override.changed_by.get_full_name() or override.changed_by.username) if override else "",
            changed_at=override.changed_at if override else None, reason=override.reason if override else "",
        )
    return found


def stage_full_marks(rules, award_kind: str, stage: str) -> Decimal:
    if stage == StageKind.SATISFACTION_SURVEY:
        return SURVEY_FULL_MARKS
    return Decimal(schemes.sheet_for(rules, award_kind, stage).total_points)


def award_full_marks(rules, award_kind: str) -> Decimal:
    return Decimal(schemes.load(rules.award_kind(award_kind).scoring_scheme.value).total_points)


def score_line(rules, award_kind: str) -> Decimal | None:
    """The award's score line from the rule file (Wuhan 第六条: ≥600 / ≥80), None where the measure sets none."""
    award = rules.award_kind(award_kind)
    return Decimal(str(award.threshold.value)) if award.threshold else None


def threshold_note(rules, award_kind: str, line) -> str:
    """The warning shown next to a candidate under the score line, citing the article."""
    award = rules.award_kind(award_kind)
    cited = award.threshold
    if award.threshold_in_principle and award.threshold_in_principle.value:
        return _("低于分数线：%(article)s规定%(award)s总评分原则上不低于%(line)s分，列入候选名单须填写调整说明。") % {
            "article": cited.citation, "award": award.name, "line": format_points(line)}
    return _("低于分数线：%(article)s规定%(award)s总评分不低于%(line)s分，不能列入候选名单。") % {
        "article": cited.citation if cited else "", "award": award.name, "line": format_points(line)}


def under_line_warning(rules, award_kind: str, score, reason: str) -> dict | None:
    """For a listed candidate under its award's score line (possible only where the measure says 原则上): the warning
    with its article and the office's written reason, shown to the committee before it votes."""
    line = score_line(rules, award_kind)
    if score is None or line is None or score >= line:
        return None
    return {"note": threshold_note(rules, award_kind, line), "reason": reason}


def set_weights(cycle, award_kind: str, values: Mapping[str, str], actor, *, reason: str):
    """The office sets its own weights for one award kind, where the rule file leaves them to it."""
    if not is_office(actor, cycle.city):
        raise TransitionDenied(_("只有本市评审办公室可以调整权重。"))
    rules = cycle.rules
    try:
        award = rules.award_kind(award_kind)
    except KeyError:
        raise InvalidInput(_("本市没有该奖项。")) from None
    cited = rules.ranking.weights[award.applicant_kind]
    if not cited.set_by_office:
        raise InvalidInput(_("权重由管理办法规定（%(article)s），不能调整。") % {"article": cited.citation})
    if ShortlistEntry.objects.filter(shortlist__cycle=cycle, shortlist__stage=Status.RANKING,
                                     application__award_kind=award_kind).exists():
        raise InvalidInput(_("该奖项的候选名单已确认，不能再调整权重。"))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写调整理由。"))
    parsed = {}
    for stage in (k.value for k in cited.value):
        raw = (values.get(stage) or "").strip()
        try:
            weight = Decimal(raw)
        except ArithmeticError:
            raise InvalidInput(_("“%(stage)s”的权重须为数字。") % {"stage": staff_label(stage, rules)}) from None
        if not weight.is_finite() or weight < 0 or weight > 100 or weight != weight.quantize(CENT):
            raise InvalidInput(_("“%(stage)s”的权重须为0至100之间、最多两位小数的数。") % {
                "stage": staff_label(stage, rules)})
        parsed[stage] = str(weight)
    if sum(Decimal(v) for v in parsed.values()) <= 0:
        raise InvalidInput(_("各环节权重之和须大于0。"))
    return RankingWeights.objects.create(cycle=cycle, award_kind=award_kind, weights=parsed, reason=reason,
                                         changed_by=actor)
