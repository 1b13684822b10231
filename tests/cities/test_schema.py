"""cities.schema: the enums carry their groups and words; the rules answer 'which period' by name."""

import pytest
from django.utils import translation

from cities.loader import load_all
from cities.schema import PERIOD_KEYS, DayCount, Period, PeriodKey, StageKind
from reviews.domain.schemes import EXPERT_STAGES
from reviews.models import EXPERT_STAGE_CHOICES


@pytest.fixture(scope="module")
def rules():
    return load_all()


@pytest.mark.parametrize("unit, words", [
    (DayCount.WORKING, ("10个工作日", "不少于10个工作日", "自通知之日起10个工作日", "个工作日")),
    (DayCount.CALENDAR, ("10日", "不少于10日", "自通知之日起10日", "日")),
])
def test_a_period_says_its_length_in_words(unit, words):
    period = Period(length=10, unit=unit, set_by_office=True)
    with translation.override("zh-hans"):
        assert (period.in_words, period.at_least_in_words, period.from_notice_in_words, period.unit_words) == words
        assert period.rule_in_words == words[1]  # 'at least' unless the measure sets the exact length
        assert period.model_copy(update={"minimum": False}).rule_in_words == words[0]


def test_period_words_are_translated():
    period = Period(length=7, unit=DayCount.WORKING, article="第二十一条")
    with translation.override("en"):
        assert period.in_words == "7 working days" and period.at_least_in_words == "at least 7 working days"


def test_period_keys_are_the_allowed_keys_and_have_names(rules):
    assert PERIOD_KEYS == tuple(k.value for k in PeriodKey)
    assert all(str(k.label) for k in PeriodKey)
    used = {key for city in rules.values() for key in city.periods}
    assert used <= set(PERIOD_KEYS)


def test_rules_name_their_periods(rules):
    ordos = rules["ordos"]
    assert ordos.supplement_period == ordos.periods[PeriodKey.SUPPLEMENT]
    assert ordos.period_of(StageKind.ELIGIBILITY) == ordos.periods[PeriodKey.ELIGIBILITY_CHECK]
    assert ordos.period_of(ordos.stage(StageKind.RANKING)) is None  # 第十九条 sets no period
    assert ordos.period(None) is None


def test_the_stages_experts_score_are_one_group_of_stage_kinds():
    assert StageKind.scored_by_experts() == (StageKind.DOCUMENT_REVIEW, StageKind.HEARING, StageKind.SITE_REVIEW)
    assert EXPERT_STAGES == tuple(k.value for k in StageKind.scored_by_experts())
    assert [value for value, _words in EXPERT_STAGE_CHOICES] == list(EXPERT_STAGES)
    assert not StageKind.SATISFACTION_SURVEY.is_scored_by_experts and StageKind.HEARING.is_scored_by_experts


def test_an_award_is_titled_by_its_own_name_or_the_city_award(rules):
    qujing = rules["qujing"]
    assert qujing.title_of("contribution_org") == "质量贡献奖"  # 第五条: 曲靖市质量贡献奖
    assert qujing.title_of("mayor_org") == qujing.title_of() == "市长质量奖"
