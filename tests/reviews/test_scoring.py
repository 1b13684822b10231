"""reviews.domain.scoring: score sheets from the rule's scheme, percentages in steps of 5, points computed,
submit rules."""

from decimal import Decimal

import pytest

from reviews.domain import schemes, scoring
from reviews.domain.scoring import Change, Entry
from reviews.models import ItemScore, ScoreSheet

from ..builders.review import Review

GBT_ITEMS = {
    "4.1.1": 50, "4.1.2": 30, "4.1.3": 30, "4.2.1": 40, "4.2.2": 50, "4.3.1": 40, "4.3.2": 50, "4.4.1": 60,
    "4.4.2": 15, "4.4.3": 20, "4.4.4": 15, "4.4.5": 10, "4.4.6": 10, "4.5.1": 50, "4.5.2": 50, "4.6.1": 40,
    "4.6.2": 40, "4.7.1": 80, "4.7.2": 80, "4.7.3": 80, "4.7.4": 60, "4.7.5": 50, "4.7.6": 50,
}


def test_gbt19580_sheet_has_the_23_items_of_rules_md():
    scheme = schemes.load("gbt19580")
    assert {i.code: i.points for i in scheme.items} == GBT_ITEMS
    assert [(c.code, c.points) for c in scheme.categories] == [
        ("4.1", 110), ("4.2", 90), ("4.3", 90), ("4.4", 130), ("4.5", 100), ("4.6", 80), ("4.7", 400)]
    assert scheme.total_points == 1000 and scheme.percent_step == 5 and scheme.spread_flag.value == 20


def test_every_scheme_file_loads_and_adds_up():
    for key in schemes.all_keys():
        scheme = schemes.load(key)
        assert scheme.report_only or sum(i.points for i in scheme.items) == scheme.total_points
    assert schemes.load("wuhan_individual_100").total_points == 100
    assert [c.name for c in schemes.load("chenzhou_criteria").categories] == ["质量", "创新", "品牌", "结果"]


def test_the_award_kind_names_the_sheet_per_stage(cities):
    wuhan = cities["wuhan"].current_rules().rules
    assert schemes.sheet_for(wuhan, "mayor_org", "document_review").key == "gbt19580"
    assert schemes.sheet_for(wuhan, "mayor_org", "hearing").key == "hearing"
    assert schemes.sheet_for(wuhan, "mayor_individual", "document_review").key == "wuhan_individual_100"
    assert schemes.sheet_for(wuhan, "mayor_individual", "site_review").report_only  # 考察 (第二十二条)
    chenzhou = cities["chenzhou"].current_rules().rules
    assert schemes.sheet_for(chenzhou, "mayor_org", "site_review").key == "chenzhou_criteria"


def test_points_are_max_times_percent(ordos_sheet):
    _review, _app, mine, sheet = ordos_sheet
    assert sheet.scheme == "gbt19580"
    scoring.save(sheet, mine.expert.user, {"4.1.1": Entry(55, "高层领导亲自推动", "展开不够"),
                                           "4.4.2": Entry(35)})
    rows = {r.item_code: r for r in ItemScore.objects.filter(sheet=sheet)}
    assert rows["4.1.1"].points == Decimal("27.50") and rows["4.4.2"].points == Decimal("5.25")
    assert rows["4.1.1"].strengths == "高层领导亲自推动"


@pytest.mark.parametrize("raw", ["7", "105", "-5", "abc", "50.5"])
def test_bad_percent_is_refused_in_chinese_and_changes_nothing(ordos_sheet, raw):
    _review, _app, mine, sheet = ordos_sheet
    scheme = schemes.load(sheet.scheme)
    scoring.save(sheet, mine.expert.user, {"4.1.2": Entry(40)})
    with pytest.raises(scoring.InvalidInput) as refused:
        scoring.save(sheet, mine.expert.user, {
            "4.1.2": Entry(60),
            "4.1.1": Entry(scoring.parse_percent(raw, scheme, "4.1.1 高层领导的作用")),
        })
    assert "4.1.1 高层领导的作用" in refused.value.message
    assert ItemScore.objects.get(sheet=sheet, item_code="4.1.2").percent == 40


def test_unknown_item_is_refused(ordos_sheet):
    _review, _app, mine, sheet = ordos_sheet
    with pytest.raises(scoring.InvalidInput, match="没有条款“9.9”"):
        scoring.save(sheet, mine.expert.user, {"9.9": Entry(50), "4.1.1": Entry(50)})
    assert not ItemScore.objects.filter(sheet=sheet).exists()


def test_submit_needs_every_item_and_lists_the_missing(ordos_sheet):
    _review, _app, mine, sheet = ordos_sheet
    scheme = schemes.load(sheet.scheme)
    scoring.save(sheet, mine.expert.user, {i.code: Entry(50) for i in scheme.items[:20]})
    with pytest.raises(scoring.InvalidInput) as refused:
        scoring.submit(sheet, mine.expert.user)
    assert refused.value.message.startswith("以下3个条款尚未评分")
    assert "4.7.4 资源结果" in refused.value.message and "4.7.6 领导方面的结果" in refused.value.message
    sheet.refresh_from_db()
    assert not sheet.submitted
    scoring.save(sheet, mine.expert.user, {i.code: Entry(50) for i in scheme.items[20:]})
    scoring.submit(sheet, mine.expert.user)
    assert sheet.submitted and scoring.total(sheet.items.all()) == Decimal("500.00")
    with pytest.raises(scoring.SheetConflict, match="评分表已提交"):
        scoring.save(sheet, mine.expert.user, {"4.1.1": Entry(100)})


def test_only_the_expert_writes_their_sheet(ordos_sheet):
    review, _app, _mine, sheet = ordos_sheet
    for user in (review.leader.user, review.cast.office):
        with pytest.raises(scoring.TransitionDenied):
            scoring.save(sheet, user, {"4.1.1": Entry(50)})


def test_no_scoring_when_the_application_is_not_at_the_stage(cities):
    review = Review("chenzhou", stage="site_review")
    app = review.application(stage="document_review")
    assignments = review.assign(app)  # the office may prepare the site-review panel early
    review.declare_all(assignments)
    assignments[0].refresh_from_db()
    sheet = scoring.sheet_for(assignments[0])
    with pytest.raises(scoring.InvalidInput, match="不在“现场评审”环节"):
        scoring.save(sheet, review.leader.user, {"Q1": Entry(50)})


def test_a_save_writes_only_the_fields_it_carries(ordos_sheet):
    _review, _app, mine, sheet = ordos_sheet
    user = mine.expert.user
    scoring.save(sheet, user, {"4.1.1": Entry(50, "方法系统", "展开不足")}, opinion="总体良好")
    scoring.save_fields(sheet, user, {"opp-4.1.1": Change("展开到基层不足", "展开不足")})
    row = ItemScore.objects.get(sheet=sheet, item_code="4.1.1")
    assert (row.percent, row.points, row.strengths, row.opportunities) == (50, Decimal("25.00"), "方法系统",
                                                                           "展开到基层不足")
    saved = scoring.save_fields(sheet, user, {"pct-4.1.1": Change("", "50")})  # back to not scored
    assert saved.values == {"pct-4.1.1": ""} and ItemScore.objects.get(pk=row.pk).points is None
    assert ScoreSheet.objects.get(pk=sheet.pk).opinion == "总体良好"


def test_a_stale_base_is_a_lost_race_and_changes_nothing(ordos_sheet):
    _review, _app, mine, sheet = ordos_sheet
    user = mine.expert.user
    scoring.save_fields(sheet, user, {"str-4.1.1": Change("另一窗口的文字", "")})
    with pytest.raises(scoring.SheetConflict) as lost:
        scoring.save_fields(sheet, user, {"str-4.1.1": Change("本窗口的旧文字", ""), "pct-4.1.2": Change("50", "")})
    assert lost.value.stored == {"str-4.1.1": "另一窗口的文字"} and not lost.value.submitted
    assert "4.1.1 高层领导的作用 优势" in lost.value.message
    assert not ItemScore.objects.filter(sheet=sheet, item_code="4.1.2").exists()


def test_a_sheet_object_loaded_before_the_submit_never_reopens_it(ordos_sheet):
    _review, _app, mine, sheet = ordos_sheet
    user = mine.expert.user
    stale = ScoreSheet.objects.get(pk=sheet.pk)  # loaded before the submit, as a late request had it
    scoring.save(sheet, user, {i.code: Entry(50) for i in schemes.load(sheet.scheme).items}, opinion="总体良好")
    scoring.submit(sheet, user)
    with pytest.raises(scoring.SheetConflict, match="评分表已提交") as refused:
        scoring.save(stale, user, {"4.1.1": Entry(None)}, opinion="")
    assert refused.value.submitted and refused.value.stored["opinion"] == "总体良好"
    kept = ScoreSheet.objects.get(pk=sheet.pk)
    assert kept.submitted_at == sheet.submitted_at and kept.opinion == "总体良好"
    assert ItemScore.objects.get(sheet=sheet, item_code="4.1.1").percent == 50
    with pytest.raises(scoring.InvalidInput, match="评分表已提交"):
        scoring.submit(stale, user)
