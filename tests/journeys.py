"""Drive an application through its city's own stages, as the people named in the rules would."""

import datetime

import time_machine
from django.utils import timezone

from awards.domain import lifecycle, publicity
from awards.workflow import Status
from cities.calendar import period_span
from cities.schema import Role

from . import factories


def at(day: datetime.date, hour: int = 10):
    """A point in China time, for time_machine."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_default_timezone())


class Cast:
    """One user for each role of one city, and the recommender unit the applications go to."""

    def __init__(self, code: str):
        self.code = code
        self.office = factories.city_user(code, Role.OFFICE)
        self.committee = factories.city_user(code, Role.COMMITTEE)
        self.supervisor = factories.city_user(code, Role.SUPERVISOR)
        self.recommender_unit = factories.RecommenderUnitFactory(city=factories.city(code))
        self.recommender = factories.member(self.recommender_unit)

    def for_role(self, role: Role):
        return {Role.OFFICE: self.office, Role.RECOMMENDER: self.recommender, Role.COMMITTEE: self.committee,
                Role.SYSTEM: None}[role]


def drive_to_award(application, cast: Cast, traveller, start: datetime.date):
    """Submit and pass every stage of the city's route, returning the publicities made on the way."""
    applicant = application.organisation.group.user_set.first() if application.organisation_id \
        else application.individual.user
    today = start
    traveller.move_to(at(today))
    lifecycle.perform(application, "submit", applicant)
    made = []
    for stage in application.rules.stages_for(application.applicant_kind):
        assert application.status == stage.kind.value
        if stage.advance_after_period:
            by_recommender = stage.actor == Role.RECOMMENDER
            notice = publicity.publish(
                cycle=application.cycle, stage=stage.kind.value, applications=[application],
                actor=cast.recommender if by_recommender else cast.office,
                recommender=cast.recommender_unit if by_recommender else None,
            )
            expected = period_span(today, application.rules.periods[stage.period]).end
            assert notice.ends_on == expected
            made.append(notice)
            today = notice.ends_on + datetime.timedelta(days=1)
            traveller.move_to(at(today, hour=1))
            if stage.actor == Role.SYSTEM:
                assert notice.pk in publicity.close_due()
                application.refresh_from_db()
            else:
                lifecycle.perform(application, "advance", cast.for_role(stage.actor), reason="公示期满无异议")
        else:
            lifecycle.perform(application, "advance", cast.for_role(stage.actor), reason="通过")
            today += datetime.timedelta(days=3)
            traveller.move_to(at(today))
    assert application.status == Status.AWARDED
    return made


def travel(day: datetime.date):
    return time_machine.travel(at(day), tick=False)
