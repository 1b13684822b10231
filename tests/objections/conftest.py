import datetime

import pytest
from django.core.cache import cache

from awards.workflow import Status
from demo.walk import walk_to

from .. import factories
from ..journeys import Cast, travel

START = datetime.date(2026, 9, 28)  # Jinan's 公示: 5 working days from Monday 9-28, ends 10-9 (第十七条)
AFTER = datetime.date(2026, 10, 10)


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def jinan(cities):
    """Three Jinan applications at the 公示 stage and their cast."""
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("jinan", published=datetime.date(2026, 9, 1))
        cast = Cast("jinan")
        apps = [factories.application_for(cycle, recommender=cast.recommender_unit) for _ in range(3)]
        for app in apps:
            walk_to(app, Status.PUBLICITY, cast=cast)
    return cycle, cast, apps
