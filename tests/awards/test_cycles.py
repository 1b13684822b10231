"""awards.domain.cycles: a cycle's dates come from the rules and the calendar."""

import datetime

from .. import factories


def test_cycle_close_date_in_2027_is_flagged_unconfirmed(cities):
    cycle = factories.cycle_for("ordos", year=2027, published=datetime.date(2027, 3, 1))
    # call announcement ≥10 working days (第十四条), weekends only in 2027
    assert cycle.applications_close_on == datetime.date(2027, 3, 12)
    assert cycle.close_date_unconfirmed


# -- the measure in force (issue 11, "the measure itself") ------------------------------------------------------

import pytest  # noqa: E402

from awards.domain import cycles  # noqa: E402
from awards.models import Cycle, MeasureConfirmation  # noqa: E402
from cities.schema import MeasureStanding  # noqa: E402
from core.errors import InvalidInput  # noqa: E402


def test_jinan_measure_runs_from_2018_12_07_to_2021_12_06_by_article_31(cities):
    measure = cities["jinan"].current_rules().rules.measure
    assert measure.in_force_from.article == measure.in_force_until.article == "第三十一条"
    assert measure.standing_on(datetime.date(2018, 12, 6)) == MeasureStanding.NOT_YET
    assert measure.standing_on(datetime.date(2021, 12, 6)) == MeasureStanding.IN_FORCE
    assert measure.standing_on(datetime.date(2021, 12, 7)) == MeasureStanding.EXPIRED


def test_ordos_review_draft_and_wuhan_comment_draft_valid_five_years_by_article_37(cities):
    ordos = cities["ordos"].current_rules().rules.measure
    wuhan = cities["wuhan"].current_rules().rules.measure
    assert ordos.draft.value and "审议稿" in ordos.draft.note
    assert wuhan.draft.value and "征求意见稿" in wuhan.draft.note
    assert wuhan.valid_years.value == 5 and wuhan.valid_years.article == "第三十七条"
    assert ordos.standing_on(datetime.date(2026, 3, 2)) == wuhan.standing_on(datetime.date(2026, 3, 2)) == "draft"
    # once in force, Wuhan's text runs five years from its first day (第三十七条)
    in_force = wuhan.model_copy(update={
        "draft": wuhan.draft.model_copy(update={"value": False}),
        "in_force_from": wuhan.in_force_from.model_copy(update={"value": datetime.date(2027, 1, 1)})})
    assert in_force.last_day == datetime.date(2031, 12, 31)
    assert in_force.standing_on(datetime.date(2032, 1, 1)) == MeasureStanding.EXPIRED


def test_chenzhou_in_force_30_days_after_publication_by_article_36_and_qujing_by_article_37(cities):
    chenzhou = cities["chenzhou"].current_rules().rules.measure
    assert chenzhou.in_force_from.value == datetime.date(2017, 5, 29) and chenzhou.in_force_from.article == "第三十六条"
    assert chenzhou.in_force_until.value is None and not chenzhou.draft.value
    qujing = cities["qujing"].current_rules().rules.measure
    assert qujing.in_force_from.article == "第三十七条" and not qujing.draft.value
    assert qujing.standing_on(datetime.date(2026, 3, 2)) == MeasureStanding.IN_FORCE


@pytest.mark.parametrize("code, words", [
    ("jinan", "第三十一条规定有效期至2021年12月06日"),
    ("ordos", "为草案"),
    ("wuhan", "为草案"),
])
def test_opening_under_an_expired_or_draft_text_without_confirmation_is_refused(cities, code, words):
    with pytest.raises(InvalidInput) as refused:
        cycles.open_cycle(cities[code], year=2026, call_published_on=datetime.date(2026, 3, 2))
    assert words in refused.value.message and "须由评审办公室明确确认并填写理由" in refused.value.message
    with pytest.raises(InvalidInput):
        cycles.open_cycle(cities[code], year=2026, call_published_on=datetime.date(2026, 3, 2),
                          confirmation=cycles.Confirmation(actor=factories.UserFactory(), reason="  \x00 "))
    assert not Cycle.objects.exists() and not MeasureConfirmation.objects.exists()


def test_jinan_confirmed_opening_is_kept_with_who_why_and_article_31(cities):
    office = factories.UserFactory()
    cycle = cycles.open_cycle(cities["jinan"], year=2026, call_published_on=datetime.date(2026, 3, 2),
                              confirmation=cycles.Confirmation(actor=office, reason="新办法出台前沿用原办法"))
    kept = MeasureConfirmation.objects.get(cycle=cycle)
    assert (kept.actor, kept.actor_role, kept.standing, kept.article, kept.reason) == (
        office, "office", "expired", "第三十一条", "新办法出台前沿用原办法")
    assert kept.measure_title == "济南市市长质量奖管理办法"
    with pytest.raises(PermissionError, match="append-only"):
        kept.save()


def test_a_text_in_force_needs_no_confirmation_and_keeps_none(cities):
    cycle = cycles.open_cycle(cities["chenzhou"], year=2026, call_published_on=datetime.date(2026, 3, 2))
    assert cycle.measure_standing == MeasureStanding.IN_FORCE and not cycle.measure_confirmations.exists()
    with pytest.raises(InvalidInput) as twice:
        cycles.open_cycle(cities["chenzhou"], year=2026, call_published_on=datetime.date(2026, 3, 9))
    assert "已经开启" in twice.value.message
