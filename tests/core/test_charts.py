"""core.charts: pygal's SVG made safe to inline (no script, no XML declaration, a stable scoped id) and
readable by a screen reader (role="img", aria-label, <title>), with the labels and values it was given."""

from xml.etree import ElementTree

from core import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # well-formed: a browser and WeasyPrint read the same markup


def _texts(svg: str) -> list[str]:
    return [t.text for t in _parse(svg).iter(f"{SVG}text") if t.text]


def test_bars_carry_their_labels_values_and_text_alternative():
    rows = [charts.Bar("4.1 领导", 75.0, "75%（82.5/110）"), charts.Bar("4.7 结果", 50.0, "50%（200/400）")]
    svg = charts.bars("profile-7", "各类目得分率", rows, unit="%")
    root = _parse(svg)
    assert root.get("role") == "img" and root.get("aria-label") == "各类目得分率"
    assert root.find(f"{SVG}title").text == "各类目得分率"
    assert root.get("id") == "chart-profile-7"
    texts = _texts(svg)
    for expected in ("4.1 领导", "4.7 结果", "75%（82.5/110）", "50%（200/400）"):
        assert expected in texts, expected
    # top to bottom in the order given: the first label is drawn higher (a smaller y) than the second
    labels = {t.text: float(t.get("y")) for t in root.iter(f"{SVG}text") if t.text in ("4.1 领导", "4.7 结果")}
    assert labels["4.1 领导"] < labels["4.7 结果"]


def test_no_script_no_declaration_no_comment_and_a_scoped_style():
    svg = charts.bars("a b/c", "图", [charts.Bar("甲", 10)])
    assert "<script" not in svg and "<?xml" not in svg and "<!--" not in svg and "pygal.js" not in svg
    assert svg.startswith("<svg")
    style = _parse(svg).find(f"{SVG}defs/{SVG}style").text
    rules = [r for r in style.replace("\n", "").split("}") if r.strip()]
    assert all(r.strip().startswith("#chart-a-b-c") or "," in r for r in rules)  # every rule scoped to this chart
    assert "Noto Sans CJK SC" in style  # Chinese labels render (browser and PDF)


def test_the_same_data_gives_the_same_svg_and_labels_are_escaped():
    rows = [charts.Bar("<b>甲&乙</b>", 30)]
    first, second = charts.bars("x", "图<一>", rows), charts.bars("x", "图<一>", rows)
    assert first == second
    assert "<b>" not in first and "&lt;b&gt;甲&amp;乙" in first
    assert _parse(first).get("aria-label") == "图<一>"


def test_progress_shows_done_of_total_per_row_and_a_legend():
    svg = charts.progress("panels-wuhan", "评分进度", [charts.Progress("第一评审组", 5, 9),
                                                      charts.Progress("第二评审组", 0, 0)],
                          done_name="已提交", left_name="未提交")
    texts = _texts(svg)
    assert "第一评审组  5 / 9" in texts and "第二评审组  0 / 0" in texts
    assert "已提交" in texts and "未提交" in texts
    assert "55.6" in svg  # 5 of 9 as the bar's share (pygal keeps the value for its tooltip text)


def test_spread_draws_a_dot_per_expert_and_the_agreed_ring():
    rows = [charts.Spread("4.1.1 高层领导的作用", [30, 70, None], 50), charts.Spread("4.1.2 组织治理", [60, 60, 65])]
    svg = charts.spread("spread-1-2", "各条款专家评分分布", rows, series=["专家甲", "专家乙", "专家丙"],
                        marker_name="共识", unit="%")
    root = _parse(svg)
    texts = _texts(svg)
    for expected in ("4.1.1 高层领导的作用", "4.1.2 组织治理", "专家甲", "专家乙", "专家丙", "共识"):
        assert expected in texts, expected
    dots = [c for c in root.iter(f"{SVG}circle") if "dot" in (c.get("class") or "")]
    assert len(dots) == 2 + 3 + 1  # the experts' five percentages and one agreed
    values = [d.text for d in root.iter(f"{SVG}desc") if d.get("class") == "value"]
    assert {"专家甲：30%", "专家乙：70%", "专家丙：65%", "共识：50%"} <= set(values)
    assert "0%" in texts and "100%" in texts  # the scale


def _luminance(color: str) -> float:
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str = "#ffffff") -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_palette_and_the_text_meet_wcag_aa_on_white():
    for color in (*charts.PALETTE, charts.INK, charts.MUTED):
        assert _contrast(color) >= 4.5, color  # text (AA) and every series colour
    assert _contrast(charts.PALETTE[1], charts.TRACK) >= 3  # the done part against the track (non-text, 1.4.11)
