"""The scoring bands of GB/Z 19579-2012《卓越绩效评价准则实施指南》, in one place.

An expert gives each item of a GB/T 19580 sheet a percentage; the guide's scoring guidelines (评分指南) put the
percentages in six bands and say what each band means, separately for process items (类目4.1–4.6: 方法 A,
展开 D, 学习 L, 整合 I) and for results items (类目4.7: 水平 Le, 趋势 T, 对比 C, 整合 I). Which item is which is
data: a scheme's category says `kind: process|results` (cities/schemes/*.yaml, cited in the scheme's `bands`).
A sheet whose basis does not make that distinction (Chenzhou's four aspects, the individual and hearing sheets)
gets the same six bands with a generic description of how fully the item is met — the portal's guidance, not
the standard's, and the page says so.

The texts are concise renderings of the guide's tables; the standard's text governs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _

# The six bands of the guide, as (lowest, highest) percentage.
RANGES: tuple[tuple[int, int], ...] = ((0, 5), (10, 25), (30, 45), (50, 65), (70, 85), (90, 100))


class ItemKind(StrEnum):
    PROCESS = "process"
    RESULTS = "results"

    @property
    def label(self) -> str:
        return _("过程类条款") if self is ItemKind.PROCESS else _("结果类条款")

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        return _dimensions()[self]


@dataclass(frozen=True)
class Dimension:
    letter: str
    name: str


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    summary: str  # one line
    criteria: tuple[tuple[Dimension, str], ...] = ()  # per dimension, empty for the generic bands

    @property
    def percents(self) -> str:
        return f"{self.low}–{self.high}%"

    def holds(self, percent: int | None) -> bool:
        """Whether a percentage falls in this band (a percentage between two bands belongs to the lower one)."""
        return percent is not None and self.low <= percent <= self.high

    def points(self, item_points: int) -> tuple[Decimal, Decimal]:
        """The points this band gives an item of `item_points`: (lowest, highest)."""
        return points_at(item_points, self.low), points_at(item_points, self.high)


def points_at(item_points: int, percent: int) -> Decimal:
    """Item points × percent, as the sheet computes it (two decimals, trailing zeros dropped for reading)."""
    value = (Decimal(item_points) * Decimal(percent) / Decimal(100)).quantize(Decimal("0.01"))
    return value.normalize() if value != value.to_integral() else value.quantize(Decimal("1"))


def _dimensions() -> dict[ItemKind, tuple[Dimension, ...]]:
    return {
        ItemKind.PROCESS: (Dimension("A", _("方法")), Dimension("D", _("展开")), Dimension("L", _("学习")),
                           Dimension("I", _("整合"))),
        ItemKind.RESULTS: (Dimension("Le", _("水平")), Dimension("T", _("趋势")), Dimension("C", _("对比")),
                           Dimension("I", _("整合"))),
    }


def _process_texts() -> list[tuple[str, tuple[str, str, str, str]]]:
    return [
        (_("没有系统的方法，信息是零散、孤立的"), (
            _("显然没有系统的方法，信息零散、孤立"),
            _("方法没有展开或略有展开"),
            _("没有改进导向，改进仅是对问题作出反应"),
            _("没有协调一致，各部门各自运作"))),
        (_("开始有应对基本要求的系统方法"), (
            _("开始有应对条款基本要求的系统方法"),
            _("多数部门处于展开的初期，妨碍达到基本要求"),
            _("开始从对问题作出反应转向一般性的改进导向"),
            _("主要通过共同解决问题与其他部门协调"))),
        (_("有应对基本要求的有效、系统的方法"), (
            _("有应对条款基本要求的有效、系统的方法"),
            _("方法已展开，部分部门仍处于初期"),
            _("开始系统地评价和改进关键过程"),
            _("开始与组织的基本需求协调一致"))),
        (_("有应对总体要求的有效、系统的方法"), (
            _("有应对条款总体要求的有效、系统的方法"),
            _("方法展开良好，各部门程度不一"),
            _("有基于事实的系统评价和改进，并有一些组织学习"),
            _("方法与其他条款识别的组织需求协调一致"))),
        (_("有应对详细要求的有效、系统的方法，展开无明显差距"), (
            _("有应对条款详细要求的有效、系统的方法"),
            _("方法展开良好，无明显差距"),
            _("评价、改进和组织学习是关键管理工具，有分析和共享带来改进与创新的清楚证据"),
            _("方法与组织需求实现整合"))),
        (_("全面应对详细要求，充分展开，组织范围内学习与整合"), (
            _("全面应对条款详细要求的有效、系统的方法"),
            _("方法充分展开，任何部门都无明显弱项或差距"),
            _("评价、改进和组织学习是组织范围的关键工具，有分析和共享带来改进与创新的充分证据"),
            _("方法与组织需求实现很好的整合"))),
    ]


def _results_texts() -> list[tuple[str, tuple[str, str, str, str]]]:
    return [
        (_("没有结果或结果很差"), (
            _("没有描述结果，或结果很差"),
            _("没有趋势数据，或总体趋势不良"),
            _("没有对比信息"),
            _("对组织关键绩效要求重要的方面均未报告结果"))),
        (_("结果很少，少数方面有改进或初步的良好绩效"), (
            _("结果很少，少数方面有改进和（或）初步的良好绩效"),
            _("没有或只有很少的趋势数据"),
            _("没有或只有很少的对比信息"),
            _("报告了少数重要方面的结果"))),
        (_("多数方面有改进和（或）良好绩效"), (
            _("条款要求的多数方面有改进和（或）良好绩效"),
            _("处于取得良好趋势的初期"),
            _("处于获得对比信息的初期"),
            _("报告了多数重要方面的结果"))),
        (_("大多数方面有改进趋势和（或）良好绩效，重要方面无不良趋势"), (
            _("条款要求的大多数方面有改进趋势和（或）良好绩效"),
            _("重要方面没有不良趋势和不良绩效"),
            _("与竞争对手、标杆对比，部分趋势和（或）绩效良好到优秀"),
            _("结果满足大多数关键顾客、市场和过程要求"))),
        (_("重要方面当前绩效良好到优秀，多数趋势可持续"), (
            _("重要的大多数方面当前绩效良好到优秀"),
            _("大多数改进趋势和（或）绩效水平可持续"),
            _("对比中多数到大多数趋势和（或）绩效领先、优秀"),
            _("结果满足大多数关键顾客、市场、过程和战略实施要求"))),
        (_("重要方面绩效优秀，趋势卓越，处于领先或标杆水平"), (
            _("重要的大多数方面当前绩效优秀"),
            _("大多数方面有卓越的改进趋势和（或）可持续的卓越绩效"),
            _("多数方面处于领先地位和标杆水平"),
            _("结果充分满足关键顾客、市场、过程和战略实施要求"))),
    ]


def _generic_texts() -> list[str]:
    return [
        _("基本没有体现条款的要求"),
        _("初步体现条款的基本要求，差距明显"),
        _("体现条款的基本要求，部分方面仍有差距"),
        _("较好地体现条款的总体要求"),
        _("很好地体现条款的详细要求，无明显差距"),
        _("全面、充分地体现条款的要求，处于领先水平"),
    ]


def bands(kind: ItemKind | None) -> tuple[Band, ...]:
    """The six bands with their meaning for items of `kind`; None: the generic bands (no dimensions)."""
    if kind is None:
        return tuple(Band(lo, hi, text) for (lo, hi), text in zip(RANGES, _generic_texts(), strict=True))
    kind = ItemKind(kind)
    texts = _process_texts() if kind is ItemKind.PROCESS else _results_texts()
    return tuple(
        Band(lo, hi, summary, tuple(zip(kind.dimensions, criteria, strict=True)))
        for (lo, hi), (summary, criteria) in zip(RANGES, texts, strict=True)
    )


def band_of(percent: int | None) -> int | None:
    """The index in RANGES of the band holding `percent` (one between two bands, e.g. 7, goes to the lower)."""
    if percent is None:
        return None
    return max((i for i, (lo, _hi) in enumerate(RANGES) if percent >= lo), default=0)
