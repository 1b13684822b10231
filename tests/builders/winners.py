"""Winners to test the duties after the award with: applications walked to 获奖 on SUBMIT_DAY (2026-09-14) through
the city's own route (demo.walk.walk_to, which records the government's decision), with the city's cast."""

from awards.workflow import Status

from .intake import SUBMIT_DAY, World, applicant_of
from .journeys import travel

AWARD_DAY = SUBMIT_DAY


def winner(code: str, *, world: World | None = None, award_kind: str | None = None):
    """(application, its world, a user of the winner) — awarded on AWARD_DAY in the city's 2026 cycle."""
    with travel(AWARD_DAY):
        world = world or World(code)
        application = world.application(status=Status.AWARDED, award_kind=award_kind)
    return application, world, applicant_of(application)
