import datetime

import pytest

from .. import factories
from ..builders.journeys import Cast, travel


@pytest.fixture
def submitted(cities):
    """A Qujing draft in the cycle published 2026-09-01, sent to the cast's recommender unit (not yet submitted)."""
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("qujing", published=datetime.date(2026, 9, 1))
        cast = Cast("qujing")
        application = factories.application_for(cycle, recommender=cast.recommender_unit)
        return application, cast
