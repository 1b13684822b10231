"""Fixtures for the office side of intake: Ordos (eligibility within 10 working days, 第十六条) and Wuhan."""

import datetime

import pytest

from awards.domain import documents, forms_data
from awards.models import Document
from awards.workflow import Status
from demo.walk import walk_to

from .. import factories
from ..journeys import Cast, travel

SUBMIT_DAY = datetime.date(2026, 9, 14)  # a Monday; Ordos' eligibility deadline is then Thursday 9-24


def applicant_of(application):
    if application.organisation_id:
        return factories.member(application.organisation)
    return application.individual.user


def drive_to(application, cast, status):
    """Fill in and submit the form, then walk the city's own route to `status`, as the people named in the
    rules would."""
    from ..intake.helpers import PDF, complete_values, upload_file

    user = applicant_of(application)
    values = {**complete_values(application), **application.form_data,
              "recommender": str(application.recommender_id or "")}
    forms_data.save_draft(application, values, user)
    documents.store_upload(application, upload_file("自评报告.pdf", PDF), Document.Kind.SELF_ASSESSMENT, "", user)
    forms_data.submit(application, user)
    walk_to(application, status, cast=cast, since=SUBMIT_DAY - datetime.timedelta(days=90))
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
