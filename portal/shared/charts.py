"""The portal's charts, ready for a template: the SVG (core.charts), its text alternative and a small data table.

Templates show a chart with ``{% include "charts/chart.html" with chart=… %}``; each function here returns a
``Chart`` (or None where there is nothing to draw). The numbers come from reviews.domain.charts_data.

- ``profile_chart(categories, key)``: the applicant's share of the points per category (feedback report PDF,
  the ranking's pages), over the sheet's own categories.
- ``spread_chart(comparison)``: the consensus page, each item's spread between the experts.
- ``office_home(cities)``: the office home, per city the applications at each stage and the scoring per panel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from awards.workflow import staff_label
from core import charts
from reviews.domain import charts_data


@dataclass(frozen=True)
class Chart:
    key: str  # the element id of the figure
    svg: SafeString
    label: str  # the text alternative, also the figure's caption
    headers: list[str] = field(default_factory=list)  # the data table beside it (none: the page has one already)
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""  # one more line under the caption (e.g. what a ring means)


def number(value) -> str:
    """82.50 → "82.5", 110 → "110": the way a person writes a score."""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# -- the applicant's profile ------------------------------------------------------------------------
def profile_chart(categories: list[charts_data.CategoryShare], key: str = "profile", *,
                  width: int = 720, row_height: int = 30) -> Chart | None:
    """One bar per category of the sheet: the share of its points achieved (achieved / available). A narrower
    ``width`` draws the same chart with larger text where it is shrunk to a column (a PDF page)."""
    if not categories:
        return None
    lowest = min(categories, key=lambda c: c.percent)
    highest = max(categories, key=lambda c: c.percent)
    if lowest.percent == highest.percent:
        label = _("各类目得分率（得分/满分）均为%(p)s%%") % {"p": number(lowest.percent)}
    else:
        label = _("各类目得分率（得分/满分）：最高为%(high)s（%(hp)s%%），最低为%(low)s（%(lp)s%%）") % {
            "high": highest.name, "hp": number(highest.percent), "low": lowest.name, "lp": number(lowest.percent)}
    bars = [charts.Bar(f"{c.code} {c.name}", float(c.percent),
                       f"{number(c.percent)}%（{number(c.score)}/{c.max}）") for c in categories]
    return Chart(
        key=key, label=label,
        svg=charts.bars(key, label, bars, maximum=100, unit="%", width=width, row_height=row_height),
        headers=[_("类目"), _("得分"), _("满分"), _("得分率")],
        rows=[[f"{c.code} {c.name}", number(c.score), str(c.max), f"{number(c.percent)}%"] for c in categories],
    )


def report_profile(report, *, for_print: bool = False) -> Chart | None:
    """The profile of a feedback report (reviews.domain.feedback.Report): its categories, no query. For print (the
    PDF) narrower and lower, so its text reads at the page's size and it stays beside its table."""
    size = {"width": 600, "row_height": 24} if for_print else {}
    return profile_chart(charts_data.profile(report.categories), f"profile-{report.application.pk}", **size)


def application_profile(application, key: str = "") -> Chart | None:
    """The profile of one application (its feedback report's consensus), for a page about it."""
    return profile_chart(charts_data.profile_of(application), key or f"profile-{application.pk}")


# -- the consensus page ------------------------------------------------------------------------------
def spread_chart(comparison) -> Chart | None:
    """Each item's experts' percentages (a dot each, joined from lowest to highest) and the agreed one (a ring)."""
    spreads = charts_data.item_spreads(comparison)
    if comparison.scheme.report_only or not any(p is not None for s in spreads for p in s.percents):
        return None
    names = [a.expert.name for a in comparison.assignments]
    flagged = sum(1 for s in spreads if s.flagged)
    label = _("各条款专家评分分布（百分比）：共%(n)s个条款，%(f)s个差异较大") % {"n": len(spreads), "f": flagged}
    rows = [charts.Spread(f"{s.code} {s.name}" + (f"（{_('差异大')}）" if s.flagged else ""),
                          [None if p is None else float(p) for p in s.percents],
                          None if s.agreed is None else float(s.agreed)) for s in spreads]
    svg = charts.spread(f"spread-{comparison.panel.pk}-{comparison.application.pk}", label, rows, series=names,
                        marker_name=_("共识"), maximum=100, unit="%")
    note = _("每行一个条款：圆点为各专家给出的百分比，连线为最低至最高。")
    if any(s.agreed is not None for s in spreads):
        note += _("空心圆为已记录的共识百分比。")
    return Chart(key="spread", svg=svg, label=label, note=note)


# -- the office home ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CityCharts:
    city: object
    stages: Chart
    panels: Chart | None


def office_home(cities) -> list[CityCharts]:
    """Per city: applications at each stage of its rules, in order; sheets submitted of those due per panel.
    Two queries for all the cities, and one per city for its rules."""
    counts = charts_data.stage_counts(cities)
    progress = charts_data.panel_progress(cities)
    found = []
    for city in cities:
        rules = city.current_rules().rules
        stages = charts_data.funnel(rules, counts[city.pk])
        total = sum(s.count for s in stages)
        label = _("%(city)s各阶段申报数：进行中共%(n)s件") % {"city": city.name, "n": total}
        top = max((s.count for s in stages), default=0)
        svg = charts.bars(f"stages-{city.code}", label,
                          [charts.Bar(s.label, s.count, str(s.count)) for s in stages],
                          maximum=max(top, 1), value_room=40, row_height=26, scale=False)
        stage_chart = Chart(key=f"stage-chart-{city.code}", svg=svg, label=label)
        found.append(CityCharts(city, stage_chart, _panel_chart(city, rules, progress[city.pk])))
    return found


def _panel_chart(city, rules, panels: list[charts_data.PanelProgress]) -> Chart | None:
    if not panels:
        return None
    submitted, due = sum(p.submitted for p in panels), sum(p.due for p in panels)
    label = _("%(city)s各评审组评分进度：已提交评分表%(done)s份，应提交%(due)s份") % {
        "city": city.name, "done": submitted, "due": due}
    names = [f"{p.name}（{staff_label(p.stage, rules)}）" for p in panels]
    rows = [charts.Progress(name, p.submitted, p.due) for name, p in zip(names, panels, strict=True)]
    svg = charts.progress(f"panels-{city.code}", label, rows, done_name=_("已提交"), left_name=_("未提交"))
    return Chart(
        key=f"panel-chart-{city.code}", svg=svg, label=label,
        headers=[_("评审组"), _("评定周期"), _("已提交"), _("应提交")],
        rows=[[name, p.cycle, str(p.submitted), str(p.due)] for name, p in zip(names, panels, strict=True)],
    )
