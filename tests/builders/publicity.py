"""Builders for 公示: applications walked to the publicity stage, and publicities published."""

import datetime

from awards.domain import publicity
from awards.workflow import Status
from demo.walk import walk_to

from .. import factories
from .journeys import Cast, travel

START = datetime.date(2026, 9, 28)  # Jinan's 公示: 5 working days from Monday 9-28, ends 10-9 (第十七条)
AFTER = datetime.date(2026, 10, 10)


def at_publicity(code="jinan", n=3):
    """`n` applications of the city walked to the 公示 stage on 2026-09-14, and their cycle and cast."""
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for(code, published=datetime.date(2026, 9, 1))
        cast = Cast(code)
        apps = [factories.application_for(cycle, recommender=cast.recommender_unit) for _ in range(n)]
        for app in apps:
            walk_to(app, Status.PUBLICITY, cast=cast)
    return cycle, cast, apps


def make_publicity(n: int, code="jinan"):
    """`n` applications at the 公示 stage and their publicity, published on 2026-09-14; with the cast."""
    cycle, cast, apps = at_publicity(code, n)
    with travel(datetime.date(2026, 9, 14)):
        return publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office), cast
