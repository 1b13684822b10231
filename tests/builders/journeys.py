"""Drive an application through its city's own stages, as the people named in the rules would (demo.walk)."""

import datetime

import time_machine
from django.utils import timezone

from awards.workflow import Status
from cities.calendar import period_span
from cities.schema import Role
from demo import walk

from .. import factories


def at(day: datetime.date, hour: int = 10):
    """A point in China time, for time_machine."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_default_timezone())


class Cast(walk.Cast):
    """One user for each role of one city, and the recommender unit the applications go to (made by the
    factories)."""

    def __init__(self, code: str):
        unit = factories.RecommenderUnitFactory(city=factories.city(code))
        super().__init__(
            office=factories.city_user(code, Role.OFFICE),
            committee=factories.city_user(code, Role.COMMITTEE),
            supervisor=factories.city_user(code, Role.SUPERVISOR),
            recommender=factories.member(unit),
            recommender_unit=unit,
        )
        self.code = code


def drive_to_award(application, cast: Cast, traveller, start: datetime.date):
    """Submit on `start` and pass every stage of the city's route, living through each publicity's period;
    returns the publicities made on the way."""
    traveller.move_to(at(start))
    made = walk.walk_to(application, Status.AWARDED, cast=cast, since=start,
                        wait=lambda day: traveller.move_to(at(day, hour=1)))
    rules = application.rules
    for notice in made:
        assert notice.ends_on == period_span(notice.starts_on, rules.periods[rules.stage(notice.stage).period]).end
        notice.refresh_from_db()
        assert (notice.closed_at is not None) == (rules.stage(notice.stage).actor == Role.SYSTEM)
    assert application.status == Status.AWARDED
    return made


def travel(day: datetime.date):
    return time_machine.travel(at(day), tick=False)
