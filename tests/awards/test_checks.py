"""awards.checks: the registry of stage checks other apps add to `perform` (the veto before a transition)."""

import pytest
from django.utils import timezone

from awards import checks
from awards.domain import lifecycle
from awards.workflow import Status
from core.errors import TransitionNotAllowed
from reviews import checks as review_checks

from .. import factories
from ..builders.journeys import Cast


@pytest.fixture
def held_back():
    """A check that holds every advance back with its reason, removed after the test."""

    def hold(application, action_name):
        return "测试：暂缓进入下一阶段" if action_name == "advance" else None

    checks.register(hold)
    yield hold
    checks.unregister(hold)


def _at_recommendation(code="wuhan"):
    cast = Cast(code)
    app = factories.application_for(factories.cycle_for(code, published=timezone.localdate()),
                                     recommender=cast.recommender_unit)
    lifecycle.perform(app, "submit", factories.member(app.organisation))
    return app, cast


def test_the_review_registers_its_checks_when_it_loads():
    assert review_checks.expert_review_done in checks.registered()
    assert review_checks.selected_by_the_ranking in checks.registered()


def test_a_registered_check_vetoes_perform_with_its_reason(cities, held_back):
    app, cast = _at_recommendation()
    assert app.status == Status.RECOMMENDATION
    with pytest.raises(TransitionNotAllowed, match="测试：暂缓进入下一阶段"):
        lifecycle.perform(app, "advance", cast.recommender)
    app.refresh_from_db()
    assert app.status == Status.RECOMMENDATION
    assert not app.audit_trail.filter(action="advance").exists()


def test_an_action_a_check_holds_back_is_not_offered(cities, held_back):
    app, cast = _at_recommendation()
    offered = lifecycle.available_actions(app, cast.recommender)
    assert "advance" not in offered
    assert "return_to_applicant" in offered
    checks.unregister(held_back)
    assert "advance" in lifecycle.available_actions(app, cast.recommender)


def test_registering_twice_keeps_one(held_back):
    checks.register(held_back)
    assert checks.registered().count(held_back) == 1
