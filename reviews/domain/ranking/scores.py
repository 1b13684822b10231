"""The combined ranking (综合评价 / 综合排序) of the candidates of one award kind: pure scoring.

Plain dataclasses in, plain dataclasses out, no database, so the ranking can be tested and benchmarked on its
own (reviews.domain.ranking.board reads the portal's data and feeds it here).

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

from django.utils.translation import gettext_lazy

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


def format_points(value) -> str:
    """A score or score line as written on the pages: whole numbers without decimals, "-" for none."""
    if value is None:
        return "-"
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value)


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
