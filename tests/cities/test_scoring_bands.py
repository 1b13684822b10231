"""cities.scoring_bands: the six GB/Z 19579-2012 bands, what each means for process and results items, and the
points a band gives an item."""

from decimal import Decimal

from django.utils import translation

from cities.scoring_bands import RANGES, ItemKind, band_of, bands, points_at


def test_six_bands_cover_the_percentages_with_four_dimensions_per_kind():
    with translation.override("zh-hans"):
        process, results, generic = bands(ItemKind.PROCESS), bands("results"), bands(None)
    assert [b.percents for b in process] == ["0–5%", "10–25%", "30–45%", "50–65%", "70–85%", "90–100%"]
    assert [(d.letter, d.name) for d, _text in process[0].criteria] == [
        ("A", "方法"), ("D", "展开"), ("L", "学习"), ("I", "整合")]
    assert [(d.letter, d.name) for d, _text in results[0].criteria] == [
        ("Le", "水平"), ("T", "趋势"), ("C", "对比"), ("I", "整合")]
    assert process[0].summary.startswith("没有系统的方法") and results[0].summary == "没有结果或结果很差"
    assert all(not b.criteria for b in generic) and len(generic) == len(RANGES)


def test_a_band_gives_an_item_its_points_range_and_each_percentage_has_its_band():
    assert bands(ItemKind.PROCESS)[1].points(50) == (Decimal("5"), Decimal("12.5"))
    assert bands(ItemKind.RESULTS)[5].points(80) == (Decimal("72"), Decimal("80"))
    assert points_at(15, 25) == Decimal("3.75") and str(points_at(100, 100)) == "100"
    assert [band_of(p) for p in (0, 5, 10, 25, 30, 65, 70, 90, 100)] == [0, 0, 1, 1, 2, 3, 4, 5, 5]
    assert band_of(7) == 0 and band_of(None) is None
