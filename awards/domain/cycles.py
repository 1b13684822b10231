"""Opening a cycle: it pins the city's rules in force that day, so later edits do not touch it."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from cities.calendar import period_span
from cities.models import City
from cities.schema import PeriodKey
from core.errors import InvalidInput

from ..models import Cycle


def open_cycle(city: City, *, year: int, call_published_on: date, term: int = 1) -> Cycle:
    rule_set = city.current_rules()
    if rule_set is None:
        raise InvalidInput(_("%(city)s尚未载入规则文件，不能开启评定周期。") % {"city": city.name})
    rules = rule_set.rules
    call = rules.period(PeriodKey.CALL_ANNOUNCEMENT)
    if call is None:
        raise InvalidInput(
            _("%(city)s规则文件未设定申报公告期限（periods.call_announcement）。") % {"city": city.name}
        )
    window = period_span(call_published_on, call)
    return Cycle.objects.create(
        city=city,
        rule_set=rule_set,
        name=rules.cycle.name_pattern.format(year=year, term=term),
        year=year,
        term=term,
        call_published_on=call_published_on,
        applications_close_on=window.end,
        close_date_unconfirmed=not window.confirmed,
    )
