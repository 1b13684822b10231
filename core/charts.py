"""Charts as safe SVG strings, drawn on the server with pygal: inline in a page, and in a PDF (WeasyPrint).

No JavaScript (the CSP allows none inline, and a PDF runs none): pygal's tooltip script is switched off and the
XML declaration left out, so the string can sit inside HTML. Each chart says what it shows to a screen reader
(``role="img"``, ``aria-label`` and a ``<title>``); the page puts a small table or summary beside it. Its inline
``<style>`` is scoped to the chart's own id (pygal's prefix), which the caller names, so two charts on one page
never style each other and the same data always gives the same SVG.

The callers hand over plain labels and numbers; nothing here knows what an application or a panel is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

from .pdf import CJK_FONT_STACK

# A calm palette (navy, teal, ochre, plum, slate, brick): each at least 4.5:1 against white (WCAG AA for text).
PALETTE = ("#1f4e79", "#2a6f5b", "#8a5a00", "#6a3d7c", "#44546a", "#9b2f22")
INK = "#1f2933"  # text: 14.6:1 on white
MUTED = "#52606d"  # axis guides and the remainder of a bar's text: 6.6:1 on white
TRACK = "#d9e2ec"  # the unfilled part of a progress bar (not text)
GUIDE = "#9aa5b1"  # the scale's guide lines (not text)

_ID = re.compile(r"[^a-z0-9_-]+")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def _label_room(labels: list[str], font_size: int) -> int:
    """Extra left margin for labels with Chinese characters: pygal reckons every character 0.6 em wide, a Chinese
    one is a full em."""
    if not labels:
        return 0
    return int(max(len(_WIDE.findall(label)) for label in labels) * 0.45 * font_size) + 4


def _style(colors=PALETTE, **extra) -> Style:
    return Style(
        font_family=CJK_FONT_STACK, background="transparent", plot_background="transparent",
        foreground=INK, foreground_strong=INK, foreground_subtle=MUTED,
        guide_stroke_color=GUIDE, major_guide_stroke_color=GUIDE,
        colors=colors, value_colors=(), opacity="1", opacity_hover="1", stroke_opacity="1",
        stroke_opacity_hover="1", transition="0ms",
        title_font_size=15, label_font_size=12, major_label_font_size=12, value_font_size=12,
        legend_font_size=12, tooltip_font_size=12, no_data_font_size=16, **extra,
    )


def _config(height: int, width: int, **extra) -> dict:
    return {
        "js": [], "disable_xml_declaration": True, "width": width, "height": height,
        "explicit_size": False, "tooltip_border_radius": 0, "show_legend": False,
        "margin": 8, "spacing": 8, "truncate_label": -1, "truncate_legend": -1, **extra,
    }


def _finish(chart, chart_id: str, label: str, css: str = "") -> SafeString:
    """The SVG with a stable id, role="img", the text alternative and no comments; marked safe (pygal escapes).
    ``css`` is added to the chart's own style sheet, each rule prefixed with the chart's id."""
    chart.uuid = _ID.sub("-", chart_id.lower()).strip("-") or "chart"
    root = chart.render_tree()
    for parent in [root, *root.iter()]:  # comments, and the config script pygal writes even with js=[]
        for child in list(parent):
            if child.tag is ElementTree.Comment or str(child.tag).rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    if css:
        sheet = root.find("defs/style")
        sheet.text = (sheet.text or "") + css.replace("#chart ", f"#chart-{chart.uuid} ")
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "pygal-chart portal-chart")
    title = ElementTree.Element("title")
    title.text = label
    root.insert(0, title)
    return mark_safe(ElementTree.tostring(root, encoding="unicode"))  # noqa: S308 - pygal's etree escapes every text


class _EndLabelledBar(pygal.HorizontalBar):
    """Each bar's value printed just past its end, in the text colour (pygal centres it on the end)."""

    def _static_value(self, serie_node, value, x, y, metadata, align_text="left", classes=None):
        super()._static_value(serie_node, value, x, y, metadata, "start", classes)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # where the bar ends, on the scale 0 … maximum
    text: str = ""  # what is printed at its end (defaults to the value)


def bars(chart_id: str, label: str, rows: list[Bar], *, maximum: float = 100, width: int = 720,
         row_height: int = 30, unit: str = "", value_room: int = 110, scale: bool = True) -> SafeString:
    """Horizontal bars, top to bottom in the given order, on a scale from 0 to ``maximum``; each bar's text
    past its end (``value_room`` pixels are kept free on the right for it). ``scale=False`` leaves out the value
    axis (counts, each printed at its bar)."""
    height = 40 + row_height * max(len(rows), 1)
    chart = _EndLabelledBar(
        **_config(height, width, range=(0, maximum), print_values=True, print_values_position="top",
                  show_x_guides=False, show_y_guides=False, show_x_labels=scale,  # (x: the value axis here)
                  margin_left=8 + _label_room([r.label for r in rows], 12), margin_right=8 + value_room),
        style=_style(),
    )
    ordered = list(reversed(rows))  # pygal draws the first label at the bottom
    chart.x_labels = [r.label for r in ordered]
    chart.y_labels = [maximum * step / 5 for step in range(6)]  # the scale in fifths (pygal would crowd tenths)
    chart.value_formatter = lambda v: f"{v:g}{unit}"
    chart.add(label, [{"value": r.value, "formatter": (lambda _v, t=r.text: t) if r.text else None,
                       "color": PALETTE[0]} for r in ordered])
    # no guide lines across the printed values (pygal draws them on a horizontal chart's value axis regardless)
    return _finish(chart, chart_id, label, "#chart .axis .guide.line{opacity:0}")


@dataclass(frozen=True)
class Progress:
    label: str
    done: int
    total: int

    @property
    def text(self) -> str:
        return f"{self.done} / {self.total}"


def progress(chart_id: str, label: str, rows: list[Progress], *, done_name: str, left_name: str,
             width: int = 720, row_height: int = 30) -> SafeString:
    """One stacked bar per row: the done part in the palette's first colour, what is left as a pale track;
    each row's own share (a row's total fills the width), with "done / total" printed."""
    height = 64 + row_height * max(len(rows), 1)
    chart = pygal.HorizontalStackedBar(
        **_config(height, width, range=(0, 100), show_legend=True, legend_at_bottom=True, legend_box_size=12,
                  legend_at_bottom_columns=2, print_values=False, show_x_guides=True, show_y_guides=False,
                  x_labels_major_count=6, show_minor_x_labels=False,
                  margin_left=8 + _label_room([r.label for r in rows], 12)),
        style=_style(colors=(PALETTE[1], TRACK)),
    )
    ordered = list(reversed(rows))
    chart.x_labels = [f"{r.label}  {r.text}" for r in ordered]
    chart.value_formatter = lambda v: f"{v:g}%"
    share = [round(100 * r.done / r.total, 1) if r.total else 0 for r in ordered]
    chart.add(done_name, share)
    chart.add(left_name, [round(100 - s, 1) if r.total else 0 for s, r in zip(share, ordered, strict=True)])
    return _finish(chart, chart_id, label)


@dataclass(frozen=True)
class Spread:
    label: str
    points: list[float | None]  # one per series (an expert), None where that series has no value
    marker: float | None = None  # e.g. the agreed value, drawn as a ring


def spread(chart_id: str, label: str, rows: list[Spread], *, series: list[str], marker_name: str = "",
           maximum: float = 100, width: int = 760, row_height: int = 26, unit: str = "") -> SafeString:
    """A dot chart: one line per row from its lowest to its highest point, a dot per series, top to bottom."""
    n = len(rows)
    height = 90 + row_height * max(n, 1)
    marker_name = marker_name if any(r.marker is not None for r in rows) else ""  # no ring drawn: no legend
    colors = [MUTED, *(INK,) * bool(marker_name), *(PALETTE * (len(series) // len(PALETTE) + 1))[: len(series)]]
    chart = pygal.XY(
        **_config(height, width, range=(0, n + 1) if n else (0, 1), xrange=(0, maximum), show_legend=True,
                  legend_at_bottom=True, legend_box_size=12, legend_at_bottom_columns=min(len(series) + 1, 6),
                  allow_interruptions=True, dots_size=5, show_x_guides=True, show_y_guides=False,
                  print_values=False, margin_left=8 + _label_room([r.label for r in rows], 12)),
        style=_style(colors=tuple(colors)),
    )
    chart.y_labels = [{"label": r.label, "value": n - i} for i, r in enumerate(rows)]
    chart.x_labels = list(range(0, int(maximum) + 1, max(int(maximum) // 5, 1)))
    chart.x_value_formatter = lambda v: f"{v:g}{unit}"

    def point(value: float, y: int, name: str) -> dict:  # its text (pygal's <desc>) says whose and how much
        return {"value": (value, y), "formatter": lambda _v: f"{name}：{value:g}{unit}"}

    ranges: list = []
    for i, r in enumerate(rows):
        values = [v for v in r.points if v is not None]
        if values:
            ranges += [(min(values), n - i), (max(values), n - i), None]
    chart.add(None, ranges, stroke_style={"width": 2}, show_dots=False)  # None: no legend entry
    css = ""
    if marker_name:  # drawn first, as a ring, so the experts' dots stay visible inside it
        chart.add(marker_name, [point(r.marker, n - i, marker_name) for i, r in enumerate(rows)
                                if r.marker is not None], stroke=False, dots_size=8)
        css = f"#chart .serie-1 .dot{{fill:#fff;fill-opacity:1;stroke:{INK};stroke-width:2}}"
    for index, name in enumerate(series):
        chart.add(name, [point(r.points[index], n - i, name) for i, r in enumerate(rows)
                         if r.points[index] is not None], stroke=False)
    return _finish(chart, chart_id, label, css)

