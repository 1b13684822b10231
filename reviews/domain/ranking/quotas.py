"""Who fills the seats of a quota (名额): a pure selection over ranked candidates (no database; the seats still
open are read by reviews.domain.ranking.board).

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

Each outcome carries a stable code (Verdict), and each warning about the proposal too (Shortfall); the code
carries its words, which the pages show.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from core import collector

from .scores import Ranked, format_points, order


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


class Worded(StrEnum):
    """A stable code (what tests and code compare) that carries its words (a gettext source string)."""

    def __new__(cls, code: str, words: str):
        member = str.__new__(cls, code)
        member._value_ = code
        member.source_words = words
        return member


class Verdict(Worded):
    """Why a candidate is or is not proposed for a seat."""

    INCOMPLETE = "incomplete", N_("评分未完成")
    BELOW_LINE = "below_line", N_("未达分数线（%(line)s分）")
    OUTSIDE_QUOTA = "outside_quota", N_("再次获奖，不占名额")
    SME_SEAT = "sme_seat", N_("中小企业预留名额")
    IN_QUOTA = "in_quota", N_("名额内")
    KEPT_FOR_SME = "kept_for_sme", N_("其余名额预留给中小企业")
    QUOTA_FULL = "quota_full", N_("名额已满")

    @property
    def selected(self) -> bool:
        return self in (Verdict.OUTSIDE_QUOTA, Verdict.SME_SEAT, Verdict.IN_QUOTA)

    def words(self, line: Decimal | None = None) -> str:
        """In the reader's language; BELOW_LINE names the score line missed."""
        if self is Verdict.BELOW_LINE:
            return _(self.source_words) % {"line": format_points(line)}
        return _(self.source_words)


@dataclass(frozen=True, slots=True)
class Outcome:
    ranked: Ranked
    verdict: Verdict
    line: Decimal | None = None  # the candidate's score line, named by BELOW_LINE

    @property
    def selected(self) -> bool:
        return self.verdict.selected

    @property
    def outside_quota(self) -> bool:
        return self.verdict is Verdict.OUTSIDE_QUOTA

    @property
    def reason(self) -> str:
        return self.verdict.words(self.line)


class Shortfall(Worded):
    """Why the office is warned about a proposal that leaves seats empty."""

    MAY_STAY_EMPTY = "may_stay_empty", N_("名额%(total)s名，拟推荐%(taken)s名；名额可少额或空缺。")
    NOT_ENOUGH = "not_enough", N_(
        "名额%(total)s名，仅%(taken)s名达到条件；规则未规定名额可以空缺，请评审办公室研究处理。")


@dataclass(frozen=True)
class QuotaWarning:
    """What the office should know about one proposal; a page shows it as its words."""

    code: Shortfall
    total: int  # the seats open
    taken: int  # the seats the proposal fills

    def __str__(self) -> str:
        return _(self.code.source_words) % {"total": self.total, "taken": self.taken}


def merged_order(ranked: Iterable[Ranked]) -> list[Ranked]:
    """Candidates of several award kinds sharing a quota, by relative score and the same tie-break."""
    return order(ranked)


@collector.paused()  # builds an outcome per candidate and no cycles (core.collector)
def select(ranked: Iterable[Ranked], seats: Seats, thresholds: Mapping[str, Decimal | None],
           repeat_winners_outside: bool | Mapping[str, bool]) -> list[Outcome]:
    """Propose who fills `seats` (see the module docstring). Returns one outcome per candidate, in order.
    `repeat_winners_outside`: per award kind (or one value for all) whether its repeat winners are outside the
    quota. One sort (none of the work for a list already in order), then one pass."""
    items = merged_order(ranked)
    per_kind: dict[str, tuple[Decimal | None, bool]] = {}  # award kind -> (score line, repeat winners outside)

    def rules_of(kind: str) -> tuple[Decimal | None, bool]:
        found = per_kind.get(kind)
        if found is None:
            found = per_kind[kind] = (thresholds.get(kind), is_outside(repeat_winners_outside, kind))
        return found

    left = len(items) if seats.remaining is None else seats.remaining
    reserve = seats.reserved_remaining
    if not seats.may_stay_empty and reserve:
        smes = 0
        for r in items:
            candidate = r.candidate
            line, outside = rules_of(candidate.award_kind)
            if candidate.is_sme and r.meets(line) and not (outside and candidate.repeat_winner):
                smes += 1
        reserve = min(reserve, smes)
    outcomes = []
    append = outcomes.append
    for r in items:
        candidate = r.candidate
        line, outside = rules_of(candidate.award_kind)
        score = r.score
        if score is None:
            verdict = Verdict.INCOMPLETE
        elif line is not None and score < line:
            verdict = Verdict.BELOW_LINE
        elif outside and candidate.repeat_winner:
            verdict = Verdict.OUTSIDE_QUOTA
        elif reserve > 0 and left > 0 and candidate.is_sme:
            left -= 1
            reserve -= 1
            verdict = Verdict.SME_SEAT
        elif left - reserve > 0:
            left -= 1
            verdict = Verdict.IN_QUOTA
        elif left > 0:
            verdict = Verdict.KEPT_FOR_SME
        else:
            verdict = Verdict.QUOTA_FULL
        append(Outcome(r, verdict, line))
    return outcomes


def below_threshold(outcome: Outcome, thresholds) -> bool:
    """A complete candidate whose combined score is under its award's score line."""
    line = thresholds.get(outcome.ranked.candidate.award_kind)
    return outcome.ranked.complete and line is not None and outcome.ranked.score < line


def is_outside(flag: bool | Mapping[str, bool], award_kind: str) -> bool:
    return bool(flag.get(award_kind, False)) if isinstance(flag, Mapping) else bool(flag)


def warnings(outcomes: list[Outcome], seats: Seats) -> list[QuotaWarning]:
    """What the office should know about the proposal (seats left empty, exact numbers)."""
    taken = sum(1 for o in outcomes if o.selected and not o.outside_quota)
    if seats.remaining is None or taken >= seats.remaining:
        return []
    code = Shortfall.MAY_STAY_EMPTY if seats.may_stay_empty else Shortfall.NOT_ENOUGH
    return [QuotaWarning(code, seats.remaining, taken)]
