"""cities.calendar: working days with real dates: National Day 2026, Spring Festival 2026, and 2027 (unconfirmed)."""

from datetime import date

import pytest

from cities.calendar import span
from cities.models import CalendarOverride
from cities.schema import DayCount

W = DayCount.WORKING
C = DayCount.CALENDAR


pytestmark = pytest.mark.django_db


def test_five_working_days_across_national_day_2026():
    # 9-28, 9-29, 9-30, then the holiday 10-1..10-7, then 10-8, 10-9.
    result = span(date(2026, 9, 28), 5, W)
    assert result.end == date(2026, 10, 9)
    assert result.confirmed


def test_make_up_saturday_counts_as_a_working_day():
    # 2026-10-10 is a Saturday worked in exchange (调休); 10-11 is an ordinary Sunday.
    assert span(date(2026, 9, 28), 6, W).end == date(2026, 10, 10)
    assert span(date(2026, 9, 28), 7, W).end == date(2026, 10, 12)


def test_ten_working_days_across_spring_festival_2026():
    # 2-10..2-13 and the make-up Saturday 2-14 (5), holiday 2-15..2-23, 2-24..2-27 (9),
    # and the make-up Saturday 2-28 (10).
    assert span(date(2026, 2, 10), 10, W).end == date(2026, 2, 28)
    assert span(date(2026, 2, 10), 11, W).end == date(2026, 3, 2)


def test_period_starting_on_a_holiday_starts_counting_on_the_next_working_day():
    assert span(date(2026, 10, 1), 1, W).end == date(2026, 10, 8)


def test_calendar_days_ignore_holidays():
    assert span(date(2026, 9, 28), 7, C).end == date(2026, 10, 4)
    assert span(date(2026, 2, 10), 20, C).end == date(2026, 3, 1)


def test_2027_falls_back_to_weekends_with_a_warning():
    result = span(date(2027, 1, 29), 5, W)  # Fri 1-29, then Mon-Thu 2-1..2-4
    assert result.end == date(2027, 2, 4)
    assert not result.confirmed
    assert result.unconfirmed_years == (2027,)
    assert "2027年法定节假日安排尚未确认" in result.warning


def test_office_override_wins_over_the_fallback():
    CalendarOverride.objects.create(date=date(2027, 2, 1), is_workday=False, note="春节（办公室预设）")
    assert span(date(2027, 1, 29), 5, W).end == date(2027, 2, 5)


def test_office_override_wins_over_chinesecalendar():
    CalendarOverride.objects.create(date=date(2026, 10, 10), is_workday=False, note="本地调整")
    assert span(date(2026, 9, 28), 6, W).end == date(2026, 10, 12)


def test_a_period_across_the_year_end_reports_only_the_unknown_year():
    result = span(date(2026, 12, 28), 10, W)
    assert result.unconfirmed_years == (2027,)
    assert result.end.year == 2027
