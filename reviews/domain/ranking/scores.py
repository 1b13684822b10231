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

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, getcontext
from functools import cached_property
from operator import attrgetter

from django.utils.translation import gettext_lazy

from core import collector

CENT = Decimal("0.01")
_ONE = Decimal(1)
_LATEST = datetime.max
_REFERENCE = attrgetter("reference")  # a candidate's


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
    # the arithmetic the score was computed with (one per ranking of an award kind): gives the stage results, the
    # relative score and the tie key when they are asked for
    plan: _Plan | None = field(default=None, compare=False, repr=False)
    missing: tuple[str, ...] = ()  # weighted stages without a result
    position: int | None = None  # 1-based within the award kind; None if not ranked
    tied_with_previous: bool = False  # same combined score as the one above: order set by the tie-break

    @property
    def complete(self) -> bool:
        return self.score is not None

    @property
    def relative(self) -> Decimal | None:
        """The score / the award's full marks, to compare across award kinds."""
        return None if self.score is None or self.plan is None else self.score / self.plan.full

    @property
    def stage_points(self) -> dict[str, Decimal]:
        """Each weighted stage's result on the award's scale, two decimals (the stages with a result)."""
        return {} if self.plan is None else _on_scale(self.candidate, self.plan)

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
    factor, scale factor, 100 × scale factor, the bits below its field in a packed key), the weighted stages latest
    first, the total weight and the award's full marks, and the layout of a packed key (see _rank_kind)."""

    __slots__ = ("steps", "later_first", "total_weight", "full", "negative_full", "width", "offset", "stage_bits",
                 "time_bits", "time_offset", "no_time")

    def __init__(self, method: Method):
        factors = method.factors
        # a result rounded to the cent has at most the context's precision in digits: a field holds any of them
        self.width = math.ceil(getcontext().prec * math.log2(10)) + 2
        self.offset = 1 << (self.width - 1)
        self.steps = tuple((s, factors[s][0], factors[s][1], factors[s][1] * 100, self.width * i)
                           for i, s in enumerate(method.stages))
        self.stage_bits = self.width * len(self.steps)
        # a submission time in microseconds, offset into 0 … 2 ** (width + 1) - 1; none: after every time
        self.time_bits = self.width + 1
        self.time_offset = 1 << self.width
        self.no_time = (1 << self.time_bits) - 1
        self.later_first = tuple(reversed(method.stages))
        self.total_weight = method.total_weight
        self.full = Decimal(method.full_marks)
        self.negative_full = -self.full


def _on_scale(candidate: Candidate, plan: _Plan) -> dict[str, Decimal]:
    """Each weighted stage's result on the award's scale, rounded half up to the cent (the stages with a result)."""
    scores = candidate.stage_scores
    found = {}
    for stage, _weight, scale, _hundredfold, _bits in plan.steps:
        value = scores.get(stage)
        if value is not None:
            found[stage] = (Decimal(value) * scale).quantize(CENT, rounding=ROUND_HALF_UP)
    return found


def _scored(candidate: Candidate, plan: _Plan) -> tuple[Decimal | None, tuple[str, ...], int]:
    """(combined score or None, weighted stages without a result, the sort fields of the score and the stage results
    packed into one whole number). Each field is offset - whole cents (a higher result gives a lower field), the
    score's above the stages' and a later stage's above an earlier one's: the numbers order as the tie key's
    (-score, -stage results latest first). The stage results on the award's scale are rounded half up to the cent
    as _on_scale rounds them (100 × value × scale rounded to the unit is the same number of cents)."""
    scores = candidate.stage_scores
    offset = plan.offset
    missing = ()
    weighted = 0
    fields = 0
    for stage, weight, _scale, hundredfold, bits in plan.steps:
        value = scores.get(stage)
        if value is None:
            missing += (stage,)
            continue
        if type(value) is not Decimal:
            value = Decimal(value)
        fields += (offset - int((value * hundredfold).quantize(_ONE, rounding=ROUND_HALF_UP))) << bits
        weighted += weight * value  # the same sum, in the same order, as sum() would take
    if missing or not plan.steps:
        return None, missing or ("-",), 0
    score = (weighted / plan.total_weight).quantize(CENT, rounding=ROUND_HALF_UP)
    return score, (), ((offset - int(score.scaleb(2))) << plan.stage_bits) + fields


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
    score, missing, _fields = _scored(candidate, plan)
    return Ranked(candidate, score, plan, missing)


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


def _rank_kind(candidates: list[Candidate], method: Method) -> list[Ranked]:
    """One award kind's candidates in order, numbered. The candidates are taken in reference order (one sort; it only
    checks the order when they come in it, as the board reads them), one pass computes the scores and each one's
    sort key, one sort orders the keys, one pass builds each row (its stage results, relative score and tie key are
    computed only when asked).

    Within one award kind the full marks are the same for all, so the tie-break's relative scores order as the
    scores themselves, and the tie key orders as (-score, -stage results latest first, submission time, reference)
    on whole cents (scores and stage results are rounded to the cent). All but the reference are packed into one
    whole number per candidate, with its index in reference order below them: one sort of plain numbers orders the
    candidates, the index breaking what ties on everything else by reference."""
    plan = _Plan(method)
    candidates = sorted(candidates, key=_REFERENCE)
    time_bits, time_offset, no_time = plan.time_bits, plan.time_offset, plan.no_time
    index_bits = len(candidates).bit_length()
    keys, complete, scores = [], [], []
    incomplete = []  # (candidate, missing), in reference order
    for candidate in candidates:
        score, missing, fields = _scored(candidate, plan)
        if score is None:
            incomplete.append((candidate, missing))
            continue
        moment = candidate.submitted_at
        time = no_time if moment is None else _microseconds(moment) + time_offset
        keys.append((((fields << time_bits) + time) << index_bits) + len(complete))
        complete.append(candidate)
        scores.append(score)
    keys.sort()
    mask = (1 << index_bits) - 1
    rows = []
    append = rows.append
    previous = None
    for position, key in enumerate(keys, start=1):
        i = key & mask
        score = scores[i]
        append(Ranked(complete[i], score, plan, (), position, score == previous))
        previous = score
    for candidate, missing in incomplete:
        append(Ranked(candidate, None, plan, missing))
    return rows


_EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = _EPOCH.replace(tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _microseconds(moment: datetime) -> int:
    """A submission time as whole microseconds since 1970 (UTC for an aware time): they order as the times."""
    return (moment - (_EPOCH if moment.tzinfo is None else _EPOCH_UTC)) // _MICROSECOND


@collector.paused()  # builds a row per candidate and no cycles (core.collector)
def rank(candidates: Iterable[Candidate], methods: Mapping[str, Method]) -> dict[str, list[Ranked]]:
    """Rank the candidates of each award kind. Returns award kind -> ranked list (complete ones numbered).
    The candidates are grouped once by award kind; each kind is put in reference order (linear when it comes in
    it), sorted once on its packed keys, and each row built once."""
    by_kind: dict[str, list[Candidate]] = {kind: [] for kind in methods}
    for candidate in candidates:
        by_kind.setdefault(candidate.award_kind, []).append(candidate)
    return {kind: _rank_kind(members, methods[kind]) if members else [] for kind, members in by_kind.items()}


TIE_BREAK_TEXT = gettext_lazy(
    "综合得分相同时依次比较：①在本市流程中最后一个计分环节的得分（折算到奖项总分），仍相同再比较前一个计分环节，"
    "依此类推；②提交申报的时间，早者在前；③申报编号，按字符顺序。同样的数据总是得到同样的排序。"
)
