"""Fixtures for the office side of intake: Ordos (eligibility within 10 working days, 第十六条) and Wuhan."""

import datetime

import pytest

from awards.domain import lifecycle, publicity
from awards.workflow import Status
from cities.schema import Role

from .. import factories
from ..journeys import Cast, travel

SUBMIT_DAY = datetime.date(2026, 9, 14)  # a Monday; Ordos' eligibility deadline is then Thursday 9-24


def applicant_of(application):
    if application.organisation_id:
        return factories.member(application.organisation)
    return application.individual.user


def drive_to(application, cast, status):
    """Submit and walk the city's own route to `status`, as the people named in the rules would."""
    lifecycle.perform(application, "submit", applicant_of(application))
    while application.status != status:
        stage = application.rules.stage(application.status)
        if stage.advance_after_period:
            notice = publicity.publish(
                cycle=application.cycle, stage=application.status, applications=[application], actor=cast.office,
                starts_on=SUBMIT_DAY - datetime.timedelta(days=90),
            )
            if stage.actor == Role.SYSTEM:
                publicity.close(notice)
                application.refresh_from_db()
                continue
        actor = factories.member(application.recommender) if stage.actor == Role.RECOMMENDER else \
            cast.for_role(stage.actor)
        lifecycle.perform(application, "advance", actor, reason="通过")
    return application


class World:
    def __init__(self, code):
        self.code = code
        self.cycle = factories.cycle_for(code, published=datetime.date(2026, 9, 1))
        self.cast = Cast(code)

    def application(self, status=Status.ELIGIBILITY, **kwargs):
        app = factories.application_for(self.cycle, recommender=kwargs.pop("recommender", self.cast.recommender_unit),
                                        **kwargs)
        return drive_to(app, self.cast, status)


@pytest.fixture
def ordos(cities):
    with travel(SUBMIT_DAY):
        return World("ordos")


@pytest.fixture
def wuhan(cities):
    with travel(SUBMIT_DAY):
        return World("wuhan")


@pytest.fixture
def at_eligibility(ordos):
    with travel(SUBMIT_DAY):
        return ordos.application()
