"""awards.domain.formal_notices: document numbers per city, year and kind; dates as the measures write them."""

import datetime

import pytest

from awards.domain import eligibility, formal_notices
from awards.models import FormalNotice

from ..builders.intake import SUBMIT_DAY
from ..builders.journeys import travel

DAY = datetime.date(2026, 9, 16)


def all_meet(application):
    return {line.field: ("meets", "") for line in eligibility.checklist(application.rules, application.applicant_kind)}


def test_document_numbers_count_per_city_year_and_kind(ordos):
    with travel(SUBMIT_DAY):
        apps = [ordos.application() for _ in range(2)]
    with travel(DAY):
        for app in apps:
            eligibility.save_check(app, ordos.cast.office, all_meet(app))
            eligibility.accept(app, ordos.cast.office)
    assert sorted(FormalNotice.objects.values_list("serial", flat=True)) == [1, 2]
    assert formal_notices.document_number("武汉市", FormalNotice.Kind.REFUSAL, 2027, 4) == "武汉质奖驳字〔2027〕4号"


@pytest.mark.parametrize("day,text", [(datetime.date(2026, 11, 23), "2026年11月23日"),
                                      (datetime.date(2027, 3, 2), "2027年3月2日")])
def test_dates_are_written_as_the_measures_write_them(day, text):
    assert formal_notices.chinese_date(day) == text
