"""The open-data API's tests share one seeded world: a publicity with entries and a certified winner."""

import datetime

import pytest

from ...builders.certified import Winners
from ...builders.journeys import travel
from ...builders.publicity import make_publicity

TODAY = datetime.date(2026, 9, 14)


@pytest.fixture
def world(cities):
    """(publicity, certificate, application) of Jinan's 公示 and Chenzhou's award, on 2026-09-14."""
    notice, _cast = make_publicity(2, "jinan")
    with travel(TODAY):
        application, certificate = Winners("chenzhou").award()
    return notice, certificate, application
