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
from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Ranked:
    candidate: Candidate
    score: Decimal | None  # combined score on the award's scale, two decimals; None if incomplete
    relative: Decimal | None  # score / the award's full marks, to compare across award kinds
    stage_points: Mapping[str, Decimal]  # each weighted stage's result on the award's scale
    missing: tuple[str, ...]  # weighted stages without a result
    position: int | None = None  # 1-based within the award kind; None if not ranked
    tied_with_previous: bool = False  # same combined score as the one above: order set by the tie-break
    # the arithmetic the score was computed with (one per ranking of an award kind): gives the tie key
    plan: _Plan | None = field(default=None, compare=False, repr=False)

    @property
    def complete(self) -> bool:
        return self.score is not None

    @property
    def tie_key(self) -> tuple:
        """The documented tie-break as one value, comparable across award kinds; () if not ranked. Computed when
        asked: only merging several award kinds' rankings needs it (see order)."""
        if self.score is None or self.plan is None:
            return ()
        return _tie_key(self.candidate, self.relative, self.stage_points, self.plan)

    def meets(self, threshold: Decimal | None) -> bool:
        return self.complete and (threshold is None or self.score >= threshold)


def format_points(value) -> str:
    """A score or score line as written on the pages: whole numbers without decimals, "-" for none."""
    if value is None:
        return "-"
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value)


class _Plan:
    """One method's arithmetic, prepared once per ranking: per weighted stage in route order (stage, weight × scale
    factor, scale factor), the weighted stages latest first, the total weight and the award's full marks."""

    __slots__ = ("steps", "later_first", "total_weight", "full", "negative_full")

    def __init__(self, method: Method):
        factors = method.factors
        self.steps = tuple((s, factors[s][0], factors[s][1]) for s in method.stages)
        self.later_first = tuple(reversed(method.stages))
        self.total_weight = method.total_weight
        self.full = Decimal(method.full_marks)
        self.negative_full = -self.full


def _points(candidate: Candidate, plan: _Plan) -> tuple[Decimal | None, dict[str, Decimal], tuple[str, ...]]:
    """(combined score or None, each stage's result on the award's scale, weighted stages without a result)."""
    scores = candidate.stage_scores
    on_scale = {}
    missing = ()
    weighted = 0
    for stage, weight, scale in plan.steps:
        value = scores.get(stage)
        if value is None:
            missing += (stage,)
            continue
        if type(value) is not Decimal:
            value = Decimal(value)
        on_scale[stage] = (value * scale).quantize(CENT, rounding=ROUND_HALF_UP)
        weighted += weight * value  # the same sum, in the same order, as sum() would take
    if missing or not plan.steps:
        return None, on_scale, missing or ("-",)
    return (weighted / plan.total_weight).quantize(CENT, rounding=ROUND_HALF_UP), on_scale, ()


def _tie_key(candidate: Candidate, relative: Decimal, on_scale: dict[str, Decimal], plan: _Plan) -> tuple:
    """The documented tie-break as one value, comparable across award kinds (relative scores): (-relative score,
    (-stage points / full marks, latest weighted stage first), submission time, reference)."""
    full, negative_full = plan.full, plan.negative_full
    # -p / full in one division (the same value; a zero keeps the sign -p / full gives it)
    later_first = tuple([p / negative_full if p else -p / full for p in map(on_scale.__getitem__, plan.later_first)])
    return -relative, later_first, candidate.submitted_at or _LATEST, candidate.reference


def combine(candidate: Candidate, method: Method) -> Ranked:
    """The candidate's combined score under `method` (see the module docstring)."""
    plan = _Plan(method)
    score, on_scale, missing = _points(candidate, plan)
    if score is None:
        return Ranked(candidate, None, None, on_scale, missing)
    return Ranked(candidate, score, score / plan.full, on_scale, (), plan=plan)


def order(ranked: Iterable[Ranked]) -> list[Ranked]:
    """Complete ones by the documented tie-break, then the incomplete ones by reference. A list already in that
    order as one ranking (rank) left it is returned as it is, without computing a tie key."""
    items = list(ranked)
    if _in_order(items):
        return items
    complete, incomplete = [], []
    for r in items:
        (incomplete if r.score is None else complete).append(r)
    complete.sort(key=_by_tie_key)
    incomplete.sort(key=_by_reference)
    return complete + incomplete


def _in_order(items: list[Ranked]) -> bool:
    """Whether sorting `items` as order does would leave them as they are: the complete ones first, all numbered by
    the same ranking (one plan) in increasing positions — that ranking numbered them in tie-break order — then the
    incomplete ones by reference."""
    plan = None
    last = 0
    count = 0
    for r in items:
        if r.score is None:
            break
        if r.position is None or r.position <= last or r.plan is None or (plan is not None and r.plan is not plan):
            return False
        plan = r.plan
        last = r.position
        count += 1
    previous = None
    for r in items[count:]:
        if r.score is not None:
            return False
        reference = r.candidate.reference
        if previous is not None and reference < previous:
            return False
        previous = reference
    return True


def _by_tie_key(item: Ranked) -> tuple:
    return item.tie_key


def _by_reference(item: Ranked) -> str:
    return item.candidate.reference


def _first(entry: tuple):
    return entry[0]


def _rank_kind(candidates: list[Candidate], method: Method) -> list[Ranked]:
    """One award kind's candidates in order, numbered. One pass computes the scores, one sort orders them, one pass
    builds each row with its final fields (its tie key is computed only when asked).

    Within one award kind the full marks are the same for all, so the tie-break's relative scores order as the
    scores themselves: the sort compares flat tuples of whole cents (latest stage first), the submission time and
    the reference, which order exactly as the tie keys (scores and stage results are rounded to the cent), at a
    fraction of the cost of comparing nested tuples of Decimals."""
    plan = _Plan(method)
    later = plan.later_first
    # the complete ones in parallel lists, sorted through their indices: no per-row tuple lives through the sort
    # but the key (whole numbers, a time and a string: the garbage collector stops tracking it at once)
    keys, ranked, scores, points = [], [], [], []
    incomplete = []  # (reference, candidate, stage points, missing)
    for candidate in candidates:
        score, on_scale, missing = _points(candidate, plan)
        if score is None:
            incomplete.append((candidate.reference, candidate, on_scale, missing))
            continue
        # whole cents, exactly: the score and the stage points are rounded to the cent (exponent -2)
        keys.append((-int(score.scaleb(2)), *[-int(on_scale[s].scaleb(2)) for s in later],
                     candidate.submitted_at or _LATEST, candidate.reference))
        ranked.append(candidate)
        scores.append(score)
        points.append(on_scale)
    incomplete.sort(key=_first)
    rows = []
    append = rows.append
    full = plan.full
    previous = None
    for position, i in enumerate(sorted(range(len(keys)), key=keys.__getitem__), start=1):
        score = scores[i]
        append(Ranked(ranked[i], score, score / full, points[i], (), position, score == previous, plan))
        previous = score
    for _reference, candidate, on_scale, missing in incomplete:
        append(Ranked(candidate, None, None, on_scale, missing))
    return rows


def rank(candidates: Iterable[Candidate], methods: Mapping[str, Method]) -> dict[str, list[Ranked]]:
    """Rank the candidates of each award kind. Returns award kind -> ranked list (complete ones numbered).
    The candidates are grouped once by award kind; each kind is sorted once and each row built once."""
    by_kind: dict[str, list[Candidate]] = {kind: [] for kind in methods}
    for candidate in candidates:
        by_kind.setdefault(candidate.award_kind, []).append(candidate)
    return {kind: _rank_kind(members, methods[kind]) if members else [] for kind, members in by_kind.items()}


TIE_BREAK_TEXT = gettext_lazy(
    "综合得分相同时依次比较：①在本市流程中最后一个计分环节的得分（折算到奖项总分），仍相同再比较前一个计分环节，"
    "依此类推；②提交申报的时间，早者在前；③申报编号，按字符顺序。同样的数据总是得到同样的排序。"
)
