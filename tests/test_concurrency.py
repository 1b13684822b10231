"""Two people act on one application at the same moment: exactly one wins, the other is told why."""

import datetime
import threading

import pytest
from django.db import connection

from awards.domain import lifecycle
from awards.models import Application
from awards.workflow import Status
from core.errors import TransitionConflict

from . import factories
from .journeys import Cast, travel


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_exactly_one_wins(cities):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("ordos", published=datetime.date(2026, 9, 1))
        cast = Cast("ordos")
        second_officer = factories.city_user("ordos", cast.office.groups.first().city_role.role)
        application = factories.application_for(cycle, recommender=cast.recommender_unit)
        lifecycle.perform(application, "submit", factories.member(application.organisation))
        lifecycle.perform(application, "advance", cast.recommender)
        assert application.status == Status.ELIGIBILITY

        barrier = threading.Barrier(2, timeout=20)
        outcomes = {}

        def act(name, actor, action, reason):
            try:
                mine = Application.objects.get(pk=application.pk)  # this thread's own connection
                barrier.wait()
                lifecycle.perform(mine, action, actor, reason=reason)
                outcomes[name] = "won"
            except TransitionConflict as exc:
                outcomes[name] = exc.message
            finally:
                connection.close()

        threads = [
            threading.Thread(target=act, args=("accept", cast.office, "advance", "资格审查通过")),
            threading.Thread(target=act, args=("refuse", second_officer, "refuse", "不符合申报条件")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)

    assert sorted(outcomes) == ["accept", "refuse"]
    winners = [name for name, outcome in outcomes.items() if outcome == "won"]
    assert len(winners) == 1
    loser = next(name for name in outcomes if name not in winners)
    assert "刚刚已被他人处理" in outcomes[loser] and "请刷新页面" in outcomes[loser]
    application.refresh_from_db()
    assert application.status == (Status.DOCUMENT_REVIEW if winners == ["accept"] else Status.INELIGIBLE)
    assert application.audit_trail.filter(from_state=Status.ELIGIBILITY).count() == 1
