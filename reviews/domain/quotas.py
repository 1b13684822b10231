"""Who fills the seats of a quota (名额): a pure selection over ranked candidates, and the seats still open.

Selection rule (documented on the ranking page):
    The candidates of the award kinds sharing one quota are taken in order of their combined score
    relative to their award's full marks (within one award kind, that is the ranking order), with the
    ranking's tie-break. Only complete candidates at or above the score line take part.
    - A candidate takes a seat while seats are left, except that seats reserved for SMEs
      (``reserved_for_sme``) are kept for SMEs: a non-SME only takes a seat while more seats are left
      than reserved seats still unfilled. If there are not enough SMEs and the quota may stay empty,
      the reserved seats stay empty; if it may not, they go to the next best.
    - A repeat winner of an award whose rule puts repeat winners outside the quota (per award kind,
      ``award_kinds[].repeat_winners_outside_quota``; e.g. Qujing 第三十二条, Wuhan 第二十六条 for the
      市长质量奖 only) is proposed once it is complete and at or above the score line, whatever the seats
      left, and does not take a seat.
    - Where the quota counts per term (届), awards made in earlier evaluations of the same term count
      against it (repeat winners excepted).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from .ranking import Ranked


@dataclass(frozen=True)
class Seats:
    """The seats of one quota in one evaluation."""

    key: str
    award_kinds: tuple[str, ...]
    maximum: int | None  # None: no limit
    used: int = 0  # taken earlier in the same term
    reserved_for_sme: int = 0
    sme_used: int = 0
    may_stay_empty: bool = True
    exact: bool = False
    article: str = ""
    sme_article: str = ""  # the article reserving seats for SMEs

    @property
    def remaining(self) -> int | None:
        return None if self.maximum is None else max(0, self.maximum - self.used)

    @property
    def reserved_remaining(self) -> int:
        open_ = max(0, self.reserved_for_sme - self.sme_used)
        return open_ if self.remaining is None else min(open_, self.remaining)

    def scaled(self, multiple: float | None) -> Seats:
        """The seats for a shortlist of `multiple` times the open seats (rounded up); None: no limit."""
        if multiple is None or self.remaining is None:
            return Seats(self.key, self.award_kinds, None, may_stay_empty=True, article=self.article)
        return Seats(
            self.key, self.award_kinds, math.ceil(multiple * self.remaining),
            reserved_for_sme=math.ceil(multiple * self.reserved_remaining), may_stay_empty=self.may_stay_empty,
            article=self.article, sme_article=self.sme_article,
        )


@dataclass(frozen=True)
class Outcome:
    ranked: Ranked
    selected: bool
    outside_quota: bool
    reason: str


def merged_order(ranked: Iterable[Ranked]) -> list[Ranked]:
    """Candidates of several award kinds sharing a quota, by relative score and the same tie-break."""
    items = list(ranked)
    complete = sorted((r for r in items if r.complete), key=lambda r: r.tie_key)
    return complete + sorted((r for r in items if not r.complete), key=lambda r: r.candidate.reference)


REASONS = {  # translated once per call of select()
    "incomplete": N_("评分未完成"), "outside": N_("再次获奖，不占名额"), "full": N_("名额已满"),
    "sme": N_("中小企业预留名额"), "in": N_("名额内"), "kept": N_("其余名额预留给中小企业"),
}


def select(ranked: Iterable[Ranked], seats: Seats, thresholds: Mapping[str, Decimal | None],
           repeat_winners_outside: bool | Mapping[str, bool]) -> list[Outcome]:
    """Propose who fills `seats` (see the module docstring). Returns one outcome per candidate, in order.
    `repeat_winners_outside`: per award kind (or one value for all) whether its repeat winners are outside the
    quota."""
    items = merged_order(ranked)

    def eligible(r: Ranked) -> bool:
        return r.meets(thresholds.get(r.candidate.award_kind))

    def outside(r: Ranked) -> bool:
        return r.candidate.repeat_winner and is_outside(repeat_winners_outside, r.candidate.award_kind)

    left = len(items) if seats.remaining is None else seats.remaining
    reserve = seats.reserved_remaining
    if not seats.may_stay_empty:
        reserve = min(reserve, sum(1 for r in items if eligible(r) and not outside(r) and r.candidate.is_sme))
    words = {key: _(text) for key, text in REASONS.items()}
    outcomes = []
    for r in items:
        threshold = thresholds.get(r.candidate.award_kind)
        if not r.complete:
            outcomes.append(Outcome(r, False, False, words["incomplete"]))
        elif not eligible(r):
            outcomes.append(Outcome(r, False, False, _("未达分数线（%(line)s分）") % {"line": _fmt(threshold)}))
        elif outside(r):
            outcomes.append(Outcome(r, True, True, words["outside"]))
        elif r.candidate.is_sme and reserve > 0 and left > 0:
            left -= 1
            reserve -= 1
            outcomes.append(Outcome(r, True, False, words["sme"]))
        elif left - reserve > 0:
            left -= 1
            outcomes.append(Outcome(r, True, False, words["in"]))
        elif left > 0:
            outcomes.append(Outcome(r, False, False, words["kept"]))
        else:
            outcomes.append(Outcome(r, False, False, words["full"]))
    return outcomes


def is_outside(flag: bool | Mapping[str, bool], award_kind: str) -> bool:
    return bool(flag.get(award_kind, False)) if isinstance(flag, Mapping) else bool(flag)


def warnings(outcomes: list[Outcome], seats: Seats) -> list[str]:
    """What the office should know about the proposal (seats left empty, exact numbers)."""
    taken = sum(1 for o in outcomes if o.selected and not o.outside_quota)
    notes = []
    if seats.remaining is not None and taken < seats.remaining:
        if seats.may_stay_empty:
            notes.append(_("名额%(total)s名，拟推荐%(taken)s名；名额可少额或空缺。") % {
                "total": seats.remaining, "taken": taken})
        else:
            notes.append(_("名额%(total)s名，仅%(taken)s名达到条件；规则未规定名额可以空缺，请评审办公室研究处理。") % {
                "total": seats.remaining, "taken": taken})
    return notes


def _fmt(value) -> str:
    if value is None:
        return "-"
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value)


# -- the seats still open in one evaluation (reads the database) --------------------------------------------
def seats_for(cycle) -> dict[str, Seats]:
    """Each quota of the cycle's rules with the seats already used in the same term. Two queries."""
    from awards.models import Application
    from awards.workflow import Status

    from ..models import ShortlistEntry

    rules = cycle.rules
    per_term = [q for q in rules.quotas if q.per == "term"]
    used: dict[str, int] = {q.key: 0 for q in rules.quotas}
    sme_used: dict[str, int] = {q.key: 0 for q in rules.quotas}
    if per_term:
        kinds = {k for q in per_term for k in q.award_kinds}
        # Earlier evaluations of the same term (届): same term number, within the term's years.
        earlier = list(
            Application.objects.filter(
                cycle__city_id=cycle.city_id, cycle__term=cycle.term, cycle__year__lt=cycle.year,
                cycle__year__gt=cycle.year - rules.cycle.term_years.value,
                status__in=[Status.AWARDED, Status.REVOKED], award_kind__in=kinds,
            ).values_list("pk", "award_kind", "organisation__is_sme")
        )
        outside = set(
            ShortlistEntry.objects.filter(
                application_id__in=[pk for pk, _k, _s in earlier], outside_quota=True, selected=True,
                shortlist__stage=Status.RANKING,
            ).values_list("application_id", flat=True)
        ) if earlier else set()
        for quota in per_term:
            for pk, kind, is_sme in earlier:
                if kind in quota.award_kinds and pk not in outside:
                    used[quota.key] += 1
                    sme_used[quota.key] += 1 if is_sme else 0
    return {
        q.key: Seats(
            key=q.key, award_kinds=tuple(q.award_kinds), maximum=q.maximum.value, used=used[q.key],
            reserved_for_sme=q.reserved_for_sme.value if q.reserved_for_sme else 0, sme_used=sme_used[q.key],
            may_stay_empty=q.may_stay_empty.value, exact=q.exact,
            article=q.maximum.citation, sme_article=q.reserved_for_sme.citation if q.reserved_for_sme else "",
        )
        for q in rules.quotas
    }


def quota_groups(cycle) -> list[Seats]:
    """The quotas in rule-file order, plus one unlimited group per award kind no quota covers."""
    seats = list(seats_for(cycle).values())
    covered = {k for s in seats for k in s.award_kinds}
    for kind in cycle.rules.award_kinds:
        if kind.key not in covered:
            seats.append(Seats(key=kind.key, award_kinds=(kind.key,), maximum=None))
    return seats


def selected_in_cycle(cycle, stage: str) -> dict[str, tuple[int, int]]:
    """Per award kind: applications of this cycle already put on a list confirmed at `stage` (not outside the
    quota) that are still in the running, and how many of them are SMEs. One query. A second list at the same
    stage (late results) then only fills the seats the first one left."""
    from awards.workflow import Status

    from ..models import ShortlistEntry

    found: dict[str, list[int]] = {}
    for kind, is_sme in ShortlistEntry.objects.filter(
        shortlist__cycle=cycle, shortlist__stage=stage, selected=True, outside_quota=False,
    ).exclude(
        application__status__in=[Status.NOT_SELECTED, Status.WITHDRAWN, Status.INELIGIBLE]
    ).values_list("application__award_kind", "application__organisation__is_sme"):
        counts = found.setdefault(kind, [0, 0])
        counts[0] += 1
        counts[1] += 1 if is_sme else 0
    return {k: (v[0], v[1]) for k, v in found.items()}
