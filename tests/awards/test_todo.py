"""awards.domain.todo: the registry collects the sources of the roles asked for, sorts by deadline (soonest first,
none last), leaves claimed statuses to their source, and gives nobody signed out a to-do."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from awards.domain import todo
from awards.workflow import Status
from cities.schema import Role

from ..builders.intake import SUBMIT_DAY
from ..builders.journeys import travel


@pytest.fixture
def fake_sources():
    saved = dict(todo._SOURCES)
    todo._SOURCES.clear()
    yield
    todo._SOURCES.clear()
    todo._SOURCES.update(saved)


def _later(user):
    return [todo.ToDo("office", "乙", href="/b/", deadline=datetime.date(2026, 10, 2)),
            todo.ToDo("office", "甲", href="/a/")]


def _sooner(user):
    return [todo.ToDo("office", "丙", href="/c/", deadline=datetime.date(2026, 9, 30))]


def _applicants(user):
    return [todo.ToDo("applicant", "丁", href="/d/")]


@pytest.mark.django_db
def test_sorted_by_deadline_none_last_and_by_role(fake_sources, django_user_model):
    user = django_user_model.objects.create(username="someone")
    todo.register(Role.OFFICE, _later)
    todo.register(Role.OFFICE, _sooner)
    todo.register(Role.OFFICE, _sooner)  # registering twice is harmless
    todo.register(Role.APPLICANT, _applicants)
    assert [t.what for t in todo.for_user(user, [Role.OFFICE])] == ["丙", "乙", "甲"]
    assert [t.what for t in todo.for_user(user, ["applicant"])] == ["丁"]
    assert len(todo.for_user(user)) == 4
    assert todo.for_user(AnonymousUser()) == []


def test_a_claimed_status_is_left_to_its_source(ordos):
    """Honours claims 政府审定: the stage source does not list it a second time with the application page."""
    assert Status.GOVERNMENT_APPROVAL in todo.claimed()
    with travel(SUBMIT_DAY):
        app = ordos.application()
        (mine,) = [t for t in todo.for_user(ordos.cast.office, [Role.OFFICE]) if t.application == app]
    assert mine.url == f"/office/applications/{app.pk}/" and mine.deadline == app.stage_deadline
    assert mine.what == f"{mine.what.split('：')[0]}：{app.applicant_name}（{app.reference}）"
