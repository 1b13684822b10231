"""The combined ranking (综合评价 / 综合排序) of the candidates of one award kind.

This module's first half is pure: plain dataclasses in, plain dataclasses out, no database, so the
ranking can be tested and benchmarked on its own. The second half reads the portal's data (the
applications, the expert panels' stage results, the office's weights) and feeds the pure part.

Combined score
    Each scored stage's result is first put on the award's scale (its score divided by the stage
    sheet's full marks, times the award's full marks: a 100-point hearing counts on the 1000-point
    scale of an organisation award), then the weighted mean of those is taken with the weights in
    force (the city's rule file, ``ranking.weights``, or the office's own weights where the rule file
    leaves them to the office). The result is rounded half up to two decimals; that rounded value is
    what is shown, compared with the threshold and ranked. A candidate without a result at one of
    the weighted stages is not ranked (评分未完成) and cannot be selected.

Tie-break (the same data always gives the same order)
    1. higher combined score;
    2. higher result at the latest weighted stage of the city's route, then at the stage before it,
       and so on (each on the award's scale);
    3. earlier submission time (提交时间);
    4. the application reference (申报编号), in character order, which is unique.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy

from core.i18n import join_list

CENT = Decimal("0.01")
_LATEST = datetime.max


@dataclass(frozen=True)
class Method:
    """How one award kind's candidates are scored."""

    weights: Mapping[str, Decimal]  # stage kind -> weight, in the order of the city's route
    stage_full_marks: Mapping[str, Decimal]  # stage kind -> full marks of that stage's sheet
    full_marks: Decimal  # the award's scale (e.g. 1000 for GB/T 19580, 100 for an individual award)
    threshold: Decimal | None = None  # minimum combined score to be awarded (None: no score line)

    @cached_property
    def stages(self) -> list[str]:
        return [s for s, w in self.weights.items() if w > 0]

    @cached_property
    def factors(self) -> dict[str, tuple[Decimal, Decimal]]:
        """Per weighted stage: (weight × scale factor, scale factor), the scale factor putting the stage's
        result on the award's scale (award full marks / stage full marks)."""
        found = {}
        for stage in self.stages:
            scale = Decimal(self.full_marks) / Decimal(self.stage_full_marks.get(stage) or self.full_marks)
            found[stage] = (Decimal(self.weights[stage]) * scale, scale)
        return found

    @cached_property
    def total_weight(self) -> Decimal:
        return sum(Decimal(self.weights[s]) for s in self.stages)


@dataclass(frozen=True)
class Candidate:
    """One application as the ranking sees it."""

    id: int
    award_kind: str
    reference: str
    submitted_at: datetime | None
    stage_scores: Mapping[str, Decimal] = field(default_factory=dict)
    is_sme: bool = False
    repeat_winner: bool = False
    name: str = ""


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: Decimal | None  # combined score on the award's scale, two decimals; None if incomplete
    relative: Decimal | None  # score / the award's full marks, to compare across award kinds
    stage_points: Mapping[str, Decimal]  # each weighted stage's result on the award's scale
    missing: tuple[str, ...]  # weighted stages without a result
    tie_key: tuple = ()
    position: int | None = None  # 1-based within the award kind; None if not ranked
    tied_with_previous: bool = False  # same combined score as the one above: order set by the tie-break

    @property
    def complete(self) -> bool:
        return self.score is not None

    def meets(self, threshold: Decimal | None) -> bool:
        return self.complete and (threshold is None or self.score >= threshold)


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def combine(candidate: Candidate, method: Method) -> Ranked:
    """The candidate's combined score under `method` (see the module docstring)."""
    stages = method.stages
    scores = candidate.stage_scores
    missing = tuple(s for s in stages if scores.get(s) is None)
    factors = method.factors
    on_scale = {s: _round(Decimal(scores[s]) * factors[s][1]) for s in stages if scores.get(s) is not None}
    if missing or not stages:
        return Ranked(candidate, None, None, on_scale, missing or ("-",))
    weighted = sum(factors[s][0] * Decimal(scores[s]) for s in stages)
    score = _round(weighted / method.total_weight)
    full = Decimal(method.full_marks)
    relative = score / full
    later_first = tuple(-on_scale[s] / full for s in reversed(stages))
    tie_key = (-relative, later_first, candidate.submitted_at or _LATEST, candidate.reference)
    return Ranked(candidate, score, relative, on_scale, (), tie_key)


def order(ranked: Iterable[Ranked]) -> list[Ranked]:
    """Complete ones by the documented tie-break, then the incomplete ones by reference."""
    ranked = list(ranked)
    complete = sorted((r for r in ranked if r.complete), key=lambda r: r.tie_key)
    incomplete = sorted((r for r in ranked if not r.complete), key=lambda r: r.candidate.reference)
    return complete + incomplete


def rank(candidates: Iterable[Candidate], methods: Mapping[str, Method]) -> dict[str, list[Ranked]]:
    """Rank the candidates of each award kind. Returns award kind -> ranked list (complete ones numbered)."""
    by_kind: dict[str, list[Ranked]] = {kind: [] for kind in methods}
    for candidate in candidates:
        by_kind.setdefault(candidate.award_kind, []).append(combine(candidate, methods[candidate.award_kind]))
    result = {}
    for kind, items in by_kind.items():
        numbered = []
        previous = None
        for index, item in enumerate(order(items), start=1):
            if item.complete:
                tied = previous is not None and previous.score == item.score
                item = replace(item, position=index, tied_with_previous=tied)
                previous = item
            numbered.append(item)
        result[kind] = numbered
    return result


TIE_BREAK_TEXT = gettext_lazy(
    "综合得分相同时依次比较：①在本市流程中最后一个计分环节的得分（折算到奖项总分），仍相同再比较前一个计分环节，"
    "依此类推；②提交申报的时间，早者在前；③申报编号，按字符顺序。同样的数据总是得到同样的排序。"
)


# ==========================================================================================================
# Reading the portal's data: the applications at a stage, their stage results, the weights in force.
# ==========================================================================================================

SHORTLIST = "shortlist"  # who goes on after the scored stage named in rules.ranking.shortlist.after
FINAL = "ranking"  # the candidate list within the quotas, for the committee
PUBLIC_COMMENT = "public_comment"  # StageKind.PUBLIC_COMMENT: comments from the public, shown with the candidates
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
    from ..models import RankingWeights

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
    from . import schemes

    if stage == "satisfaction_survey":
        return SURVEY_FULL_MARKS
    return Decimal(schemes.sheet_for(rules, award_kind, stage).total_points)


def award_full_marks(rules, award_kind: str) -> Decimal:
    from . import schemes

    return Decimal(schemes.load(rules.award_kind(award_kind).scoring_scheme.value).total_points)


def methods_for(cycle, section: str, weights: dict[str, WeightsInForce] | None = None) -> dict[str, Method]:
    """The scoring method per award kind: all weighted stages (FINAL), or the cut stage alone (SHORTLIST)."""
    rules = cycle.rules
    weights = weights if weights is not None else weights_in_force(cycle)
    methods = {}
    for award in rules.award_kinds:
        full = award_full_marks(rules, award.key)
        if section == SHORTLIST:
            cut = rules.ranking.shortlist
            stage_weights = {cut.after.value: Decimal(1)}
            line = cut.min_score.value
        else:
            stage_weights = weights[award.key].values
            line = score_line(rules, award.key)
        methods[award.key] = Method(
            weights=stage_weights,
            stage_full_marks={s: stage_full_marks(rules, award.key, s) for s in stage_weights},
            full_marks=full,
            threshold=Decimal(str(line)) if line is not None else None,
        )
    return methods


def section_status(cycle, section: str) -> str:
    return cycle.rules.ranking.shortlist.after.value if section == SHORTLIST else FINAL


def load_candidates(cycle, status: str):
    """The applications of the cycle at `status` as Candidates, and the applications by id. Four queries."""
    from awards.models import Application
    from awards.workflow import Status

    from .results import stage_results

    applications = list(
        Application.objects.filter(cycle=cycle, status=status).select_related("organisation", "individual")
    )
    if not applications:
        return [], {}
    for a in applications:
        a.cycle = cycle  # one cycle (and its parsed rules) for all, not one per application
    scores = stage_results(applications)
    org_ids = {a.organisation_id for a in applications if a.organisation_id}
    ind_ids = {a.individual_id for a in applications if a.individual_id}
    earlier = set()
    for org, ind, kind in Application.objects.filter(
        cycle__city_id=cycle.city_id, cycle__year__lt=cycle.year, status=Status.AWARDED,
        award_kind__in={a.award_kind for a in applications},
    ).filter(models.Q(organisation_id__in=org_ids) | models.Q(individual_id__in=ind_ids)).values_list(
        "organisation_id", "individual_id", "award_kind"
    ):
        earlier.add(("o", org, kind) if org else ("i", ind, kind))
    candidates = []
    for a in applications:
        who = ("o", a.organisation_id, a.award_kind) if a.organisation_id else ("i", a.individual_id, a.award_kind)
        candidates.append(Candidate(
            id=a.pk, award_kind=a.award_kind, reference=a.reference, submitted_at=a.submitted_at,
            stage_scores=scores.get(a.pk, {}), is_sme=bool(a.organisation_id and a.organisation.is_sme),
            repeat_winner=who in earlier, name=a.applicant_name,
        ))
    return candidates, {a.pk: a for a in applications}


@dataclass
class Group:
    """One quota's candidates with the proposal."""

    seats: object  # quotas.Seats (the seats of this list: scaled for a shortlist)
    quota_seats: object  # quotas.Seats of the award itself
    award_names: list[str]
    outcomes: list  # quotas.Outcome, in order
    applications: dict
    warnings: list[str]
    thresholds: dict

    @property
    def complete(self) -> bool:
        return all(o.ranked.complete for o in self.outcomes)

    @property
    def proposed_ids(self) -> set[int]:
        return {o.ranked.candidate.id for o in self.outcomes if o.selected}

    @property
    def rows(self):
        return [(o, self.applications[o.ranked.candidate.id]) for o in self.outcomes]


@dataclass
class Board:
    cycle: object
    section: str
    status: str
    groups: list[Group]
    methods: dict[str, Method]
    weights: dict[str, WeightsInForce]
    comments: dict = field(default_factory=dict)  # application id -> PublicComments


@dataclass(frozen=True)
class PublicComments:
    """The public comments received on one application during the public comment period (公开征求意见)."""

    publicity_id: int
    count: int


def public_comments(cycle, application_ids) -> dict[int, PublicComments]:
    """Per application: its public comment period and the number of comments. One query where the city's route
    has a public comment stage (e.g. Ordos 第十八条, taken into account in the combined ranking, 第十九条); none
    otherwise."""
    from django.db.models import Count

    from awards.models import PublicityEntry

    ids = list(application_ids)
    if not ids or cycle.rules.stage(PUBLIC_COMMENT) is None:
        return {}
    found = {}
    for app_id, publicity_id, count in (
        PublicityEntry.objects.filter(application_id__in=ids, publicity__stage=PUBLIC_COMMENT)
        .annotate(n=Count("public_comments")).order_by("publicity__starts_on", "pk")
        .values_list("application_id", "publicity_id", "n")
    ):
        found[app_id] = PublicComments(publicity_id, count)  # the latest period wins
    return found


def comment_stage_article(rules) -> str:
    stage = rules.stage(PUBLIC_COMMENT)
    return stage.article if stage else ""


def is_supervisor(user, city) -> bool:
    """The user belongs to the city's supervisors (Role.SUPERVISOR): they may read the lists, never act."""
    from cities.schema import Role

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.groups.filter(city_role__city=city, city_role__role=Role.SUPERVISOR.value).exists()


def board(cycle, section: str) -> Board:
    """The ranking page's content for one section. A fixed number of queries, whatever the number of candidates."""
    from . import quotas

    rules = cycle.rules
    weights = weights_in_force(cycle)
    methods = methods_for(cycle, section, weights)
    status = section_status(cycle, section)
    candidates, applications = load_candidates(cycle, status)
    ranked = rank(candidates, methods)
    groups = []
    repeat_outside = {k.key: rules.repeat_outside(k.key).value for k in rules.award_kinds}
    multiple = rules.ranking.shortlist.multiple_of_quota.value
    earlier = quotas.selected_in_cycle(cycle, status) if candidates else {}
    for quota_seats in quotas.quota_groups(cycle):
        members = [r for kind in quota_seats.award_kinds for r in ranked.get(kind, [])]
        if not members:
            continue
        taken = sum(earlier.get(k, (0, 0))[0] for k in quota_seats.award_kinds)
        sme_taken = sum(earlier.get(k, (0, 0))[1] for k in quota_seats.award_kinds)
        if section == SHORTLIST:
            seats = replace(quota_seats.scaled(multiple), used=taken, sme_used=sme_taken)
        else:
            quota_seats = replace(quota_seats, used=quota_seats.used + taken, sme_used=quota_seats.sme_used + sme_taken)
            seats = quota_seats
        thresholds = {k: methods[k].threshold for k in quota_seats.award_kinds}
        outcomes = quotas.select(members, seats, thresholds, repeat_outside)
        groups.append(Group(
            seats=seats, quota_seats=quota_seats,
            award_names=[rules.award_kind(k).name for k in quota_seats.award_kinds],
            outcomes=outcomes, applications=applications,
            warnings=quotas.warnings(outcomes, seats) if section == FINAL else [], thresholds=thresholds,
        ))
    return Board(cycle, section, status, groups, methods, weights,
                 comments=public_comments(cycle, applications) if section == FINAL else {})


def confirm(cycle, section: str, quota_key: str, selected_ids, actor, *, reason: str = ""):
    """The office confirms one list: the selected go on (advance), the others stop (not selected), each
    through lifecycle.perform, which writes the audit entry and tells the applicant. All or nothing."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from awards.domain import lifecycle
    from awards.workflow import staff_label
    from core.errors import InvalidInput, TransitionDenied

    from ..models import Shortlist, ShortlistEntry
    from .experts import is_office

    if not is_office(actor, cycle.city):
        raise TransitionDenied(_("只有本市评审办公室可以确认名单。"))
    if section not in (SHORTLIST, FINAL):
        raise InvalidInput(_("未知的名单类型。"))
    reason = (reason or "").strip()
    current = board(cycle, section)
    group = next((g for g in current.groups if g.quota_seats.key == quota_key), None)
    if group is None:
        raise InvalidInput(_("该名额下没有待确认的申报。"))
    try:
        chosen = {int(pk) for pk in selected_ids}
    except (TypeError, ValueError):
        raise InvalidInput(_("所选申报无效。")) from None
    ids = {o.ranked.candidate.id for o in group.outcomes}
    if chosen - ids:
        raise InvalidInput(_("所选申报不在本名单中（可能已被他人处理），请刷新页面。"))
    if not group.complete:
        waiting = [o.ranked.candidate.reference for o in group.outcomes if not o.ranked.complete]
        raise InvalidInput(_("尚有申报未完成评分，不能确认名单：%(refs)s。") % {"refs": join_list(waiting)})
    outside = {o.ranked.candidate.id for o in group.outcomes if o.outside_quota}
    if section == FINAL and group.seats.remaining is not None:
        taken = len(chosen - outside)
        if taken > group.seats.remaining:
            raise InvalidInput(_("所选%(taken)s名超过可用名额%(seats)s名（%(article)s）。") % {
                "taken": taken, "seats": group.seats.remaining, "article": group.seats.article})
    rules = cycle.rules
    _check_sme_seats(group, chosen)
    if section == FINAL:
        _check_thresholds(rules, group, chosen, reason)
    if chosen != group.proposed_ids and not reason:
        raise InvalidInput(_("所选名单与按规则排序的建议名单不一致，请填写调整说明。"))
    article = rules.stage(current.status).article
    with transaction.atomic():
        shortlist = Shortlist.objects.create(
            cycle=cycle, stage=current.status, quota_key=quota_key, article=article, reason=reason,
            confirmed_by=actor,
        )
        ShortlistEntry.objects.bulk_create(
            ShortlistEntry(
                shortlist=shortlist, application_id=o.ranked.candidate.id, position=o.ranked.position,
                score=o.ranked.score, proposed=o.selected, selected=o.ranked.candidate.id in chosen,
                outside_quota=o.outside_quota, note=o.reason,
            )
            for o in group.outcomes
        )
        for outcome, application in group.rows:
            if application.pk in chosen:
                lifecycle.perform(application, "advance", actor, reason=_("列入名单（排名第%(pos)s）") % {
                    "pos": outcome.ranked.position}, article=article)
            else:
                text = _("未列入%(list)s（%(stage)s排名第%(pos)s，%(why)s）") % {
                    "list": _("下一阶段名单") if section == SHORTLIST else _("候选名单"),
                    "stage": staff_label(current.status, rules), "pos": outcome.ranked.position,
                    "why": outcome.reason,
                }
                lifecycle.perform(application, "stop", actor, reason=text, article=article)
    return shortlist


def score_line(rules, award_kind: str) -> Decimal | None:
    """The award's score line from the rule file (Wuhan 第六条: ≥600 / ≥80), None where the measure sets none."""
    award = rules.award_kind(award_kind)
    return Decimal(str(award.threshold.value)) if award.threshold else None


def under_line_warning(rules, award_kind: str, score, reason: str) -> dict | None:
    """For a listed candidate under its award's score line (possible only where the measure says 原则上): the warning
    with its article and the office's written reason, shown to the committee before it votes."""
    line = score_line(rules, award_kind)
    if score is None or line is None or score >= line:
        return None
    return {"note": threshold_note(rules, award_kind, line), "reason": reason}


def below_threshold(outcome, thresholds) -> bool:
    """A complete candidate whose combined score is under its award's score line."""
    line = thresholds.get(outcome.ranked.candidate.award_kind)
    return outcome.ranked.complete and line is not None and outcome.ranked.score < line


def threshold_note(rules, award_kind: str, line) -> str:
    """The warning shown next to a candidate under the score line, citing the article."""
    from django.utils.translation import gettext as _

    from .quotas import _fmt

    award = rules.award_kind(award_kind)
    cited = award.threshold
    if award.threshold_in_principle and award.threshold_in_principle.value:
        return _("低于分数线：%(article)s规定%(award)s总评分原则上不低于%(line)s分，列入候选名单须填写调整说明。") % {
            "article": cited.citation, "award": award.name, "line": _fmt(line)}
    return _("低于分数线：%(article)s规定%(award)s总评分不低于%(line)s分，不能列入候选名单。") % {
        "article": cited.citation if cited else "", "award": award.name, "line": _fmt(line)}


def _check_thresholds(rules, group, chosen, reason):
    """Under the award's score line: refused where the line is strict; where the measure says 原则上 (in principle),
    allowed only with a written reason."""
    from django.utils.translation import gettext as _

    from core.errors import InvalidInput

    from .quotas import _fmt

    below = [o for o in group.outcomes if o.ranked.candidate.id in chosen and below_threshold(o, group.thresholds)]
    for o in below:
        award = rules.award_kind(o.ranked.candidate.award_kind)
        if not (award.threshold_in_principle and award.threshold_in_principle.value):
            raise InvalidInput(_(
                "%(ref)s综合得分%(score)s分，低于%(article)s规定的分数线%(line)s分，不能列入候选名单。") % {
                "ref": o.ranked.candidate.reference, "score": o.ranked.score, "article": award.threshold.citation,
                "line": _fmt(award.threshold.value)})
    if below and not reason:
        first = rules.award_kind(below[0].ranked.candidate.award_kind)
        raise InvalidInput(_(
            "%(refs)s综合得分低于分数线（%(article)s：原则上不低于%(line)s分），列入候选名单须填写调整说明。") % {
            "refs": join_list(o.ranked.candidate.reference for o in below), "article": first.threshold.citation,
            "line": _fmt(first.threshold.value)})


def _check_sme_seats(group, chosen):
    """Seats reserved for SMEs (Qujing 第五条) may not be left unfilled while an eligible SME is on the list."""
    from django.utils.translation import gettext as _

    from core.errors import InvalidInput

    reserve = group.seats.reserved_remaining
    if not reserve:
        return
    smes = [o for o in group.outcomes if o.ranked.candidate.is_sme and not o.outside_quota
            and o.ranked.meets(group.thresholds.get(o.ranked.candidate.award_kind))]
    filled = sum(1 for o in smes if o.ranked.candidate.id in chosen)
    waiting = [o.ranked.candidate.reference for o in smes if o.ranked.candidate.id not in chosen]
    if filled < reserve and waiting:
        raise InvalidInput(_(
            "%(article)s规定名额中须有中小企业%(n)s名：所选名单留空了中小企业预留名额，而中小企业%(refs)s符合条件，"
            "请将其列入名单。") % {"article": group.seats.sme_article or group.seats.article, "n": reserve,
                                  "refs": join_list(waiting)})


def set_weights(cycle, award_kind: str, values: Mapping[str, str], actor, *, reason: str):
    """The office sets its own weights for one award kind, where the rule file leaves them to it."""
    from django.utils.translation import gettext as _

    from core.errors import InvalidInput, TransitionDenied

    from ..models import RankingWeights, ShortlistEntry
    from .experts import is_office

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
    if ShortlistEntry.objects.filter(shortlist__cycle=cycle, shortlist__stage=FINAL,
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
            raise InvalidInput(_("“%(stage)s”的权重须为数字。") % {"stage": staff_label_for(rules, stage)}) from None
        if not weight.is_finite() or weight < 0 or weight > 100 or weight != weight.quantize(CENT):
            raise InvalidInput(_("“%(stage)s”的权重须为0至100之间、最多两位小数的数。") % {
                "stage": staff_label_for(rules, stage)})
        parsed[stage] = str(weight)
    if sum(Decimal(v) for v in parsed.values()) <= 0:
        raise InvalidInput(_("各环节权重之和须大于0。"))
    return RankingWeights.objects.create(cycle=cycle, award_kind=award_kind, weights=parsed, reason=reason,
                                         changed_by=actor)


def staff_label_for(rules, stage: str) -> str:
    from awards.workflow import staff_label

    return staff_label(stage, rules)
