"""Counting periods in calendar or working days, the way the measures write them.

Working days follow China's official holidays and make-up working days (调休) from chinesecalendar,
then the office's own CalendarOverride rows, which win. For a year chinesecalendar does not know
yet (2027 on), only weekends count as rest days plus the overrides, and the result says which years
were unconfirmed so the office sees a warning.

A period starts on its first day: N calendar days starting on D end on D + N - 1; N working days
count D itself if it is a working day, and end on the Nth working day counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import CalendarOverride
from .schema import DayCount, Period


@dataclass(frozen=True)
class PeriodSpan:
    start: date
    end: date
    unconfirmed_years: tuple[int, ...] = field(default=())

    @property
    def confirmed(self) -> bool:
        return not self.unconfirmed_years

    @property
    def warning(self) -> str:
        if self.confirmed:
            return ""
        years = pgettext("list separator", "、").join(str(y) for y in self.unconfirmed_years)
        return _("%(years)s年法定节假日安排尚未确认，本期限仅按周末及人工调整计算，请核对。") % {"years": years}


class WorkingDayCalendar:
    """Answers 'is this a working day?' with the overrides loaded once for a date range."""

    def __init__(self, overrides: dict[date, bool] | None = None):
        self.overrides = overrides or {}
        self.unconfirmed_years: set[int] = set()

    @classmethod
    def for_range(cls, start: date, end: date) -> WorkingDayCalendar:
        rows = CalendarOverride.objects.filter(date__range=(start, end)).values_list("date", "is_workday")
        return cls(dict(rows))

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            self.unconfirmed_years.add(day.year)
            return day.weekday() < 5


def span(start: date, length: int, unit: DayCount | str, calendar: WorkingDayCalendar | None = None) -> PeriodSpan:
    if length < 1:
        raise ValueError("a period is at least one day long")
    if DayCount(unit) == DayCount.CALENDAR:
        return PeriodSpan(start, start + timedelta(days=length - 1))
    # Generous window for the override lookup: holidays never eat more than ~2 weeks per month.
    calendar = calendar or WorkingDayCalendar.for_range(start, start + timedelta(days=length * 2 + 30))
    day, counted = start, 0
    while True:
        if calendar.is_workday(day):
            counted += 1
            if counted == length:
                break
        day += timedelta(days=1)
    return PeriodSpan(start, day, tuple(sorted(calendar.unconfirmed_years)))


def period_span(start: date, period: Period) -> PeriodSpan:
    return span(start, period.length, period.unit)
