"""awards.domain.publicity (公示): dates from the rules and calendar, objections, and a closing task that
closes once."""

import datetime

import pytest

from awards.domain import lifecycle, publicity
from awards.models import Publicity
from awards.tasks import close_due_publicities
from awards.workflow import Status
from cities.schema import Role
from core.errors import InvalidInput, TransitionNotAllowed
from demo.walk import walk_to

from .. import factories
from ..builders.journeys import Cast, at, travel


def test_publicity_dates_come_from_the_rules_and_calendar(jinan_at_publicity):
    cycle, cast, apps = jinan_at_publicity
    with travel(datetime.date(2026, 9, 28)):
        notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)
    # Jinan: 5 working days (第十七条) from Monday 9-28 across National Day: ends 10-9.
    assert (notice.starts_on, notice.ends_on) == (datetime.date(2026, 9, 28), datetime.date(2026, 10, 9))
    assert notice.article == "第十七条"
    assert notice.entries.count() == 3
    for app in apps:
        app.refresh_from_db()
        assert app.stage_deadline == datetime.date(2026, 10, 9)


def test_closing_twice_closes_once(jinan_at_publicity):
    cycle, cast, apps = jinan_at_publicity
    with travel(datetime.date(2026, 9, 28)) as traveller:
        notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)
        assert close_due_publicities() == []  # not due yet
        traveller.move_to(at(datetime.date(2026, 10, 9), hour=23))
        assert close_due_publicities() == []  # the last day still belongs to the publicity
        traveller.move_to(at(datetime.date(2026, 10, 10), hour=0))
        assert close_due_publicities() == [notice.pk]
        assert close_due_publicities() == []
        assert publicity.close(notice) is False
    notice.refresh_from_db()
    assert notice.closed_at is not None
    for app in apps:
        app.refresh_from_db()
        assert app.status == Status.GOVERNMENT_APPROVAL
        assert app.audit_trail.filter(from_state=Status.PUBLICITY).count() == 1
        entry = app.audit_trail.get(from_state=Status.PUBLICITY)
        assert entry.actor is None and entry.actor_role == Role.SYSTEM.value


def test_objections_hold_an_application_and_a_sustained_one_stops_it(jinan_at_publicity):
    cycle, cast, apps = jinan_at_publicity
    held, dismissed_one, clean = apps
    with travel(datetime.date(2026, 9, 28)) as traveller:
        notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)
        entries = {e.application_id: e for e in notice.entries.all()}
        sustained = publicity.file_objection(
            entries[held.pk], name="王某", contact="13800000000", text="该单位近三年发生过较大质量事故。"
        )
        dismissed = publicity.file_objection(
            entries[dismissed_one.pk], name="李某", contact="li@example.com", text="怀疑数据不实。"
        )
        with pytest.raises(InvalidInput, match="请填写：异议内容"):
            publicity.file_objection(entries[clean.pk], name="赵某", contact="x", text=" ")
        traveller.move_to(at(datetime.date(2026, 10, 10)))
        with pytest.raises(InvalidInput, match="不在公示期内"):
            publicity.file_objection(entries[clean.pk], name="赵某", contact="x", text="迟到的异议")
        close_due_publicities()
        for app in apps:
            app.refresh_from_db()
        assert clean.status == Status.GOVERNMENT_APPROVAL
        assert held.status == dismissed_one.status == Status.PUBLICITY  # held by open objections
        with pytest.raises(TransitionNotAllowed, match="异议"):
            lifecycle.perform(held, "advance", None)
        publicity.resolve_objection(sustained, sustained=True, resolution="经调查属实", actor=cast.office)
        publicity.resolve_objection(dismissed, sustained=False, resolution="经核实数据真实", actor=cast.office)
    held.refresh_from_db()
    dismissed_one.refresh_from_db()
    assert held.status == Status.NOT_SELECTED and held.stopped_at_stage == Status.PUBLICITY
    assert "异议成立" in held.audit_trail.last().reason
    assert dismissed_one.status == Status.GOVERNMENT_APPROVAL


def test_only_the_office_of_the_city_may_publish(jinan_at_publicity):
    cycle, cast, apps = jinan_at_publicity
    from core.errors import TransitionDenied

    for outsider in (
        cast.recommender,
        factories.city_user("wuhan", Role.OFFICE),
        factories.member(apps[0].organisation),
    ):
        with pytest.raises(TransitionDenied):
            publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=outsider)
    assert not Publicity.objects.exists()


def test_cannot_publish_an_application_that_is_not_at_that_stage(cities):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("chenzhou", published=datetime.date(2026, 9, 1))
        cast = Cast("chenzhou")
        app = factories.application_for(cycle, recommender=cast.recommender_unit)
        walk_to(app, Status.ELIGIBILITY, cast=cast)
        with pytest.raises(InvalidInput, match="不在"):
            publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=[app], actor=cast.office)
        with pytest.raises(InvalidInput, match="没有"):
            publicity.publish(cycle=cycle, stage=Status.LOCAL_PUBLICITY, applications=[app], actor=cast.office)
