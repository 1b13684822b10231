"""The sheet's autosave stays cheap (issue 13, P5: at most 4 queries per save; bench/autosave.py) and keeps its
guarantees; the staff idle clock writes the session at most once a minute.

Every statement the request makes is counted, middleware included, BEGIN/COMMIT/SAVEPOINT too (Django's
CaptureQueriesContext records them). Production reads the session from the cache (cached_db with Redis): the user
(with its two-step answers: SignInBackend), the assignment (with its sheet, panel, application and the expert
permission: access.with_grant), the one conditional write, the item rows = 4. The test settings keep database
sessions (config/settings_test.py): one more, the session row."""

import datetime
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cities.schema import Role
from portal import security
from reviews.models import ItemScore, ScoreSheet
from tests.factories import city_user

SAVE_QUERIES = 4  # the goal (production: sessions from the cache)
AUTOSAVE_QUERIES = SAVE_QUERIES + 1  # the test settings: + the session row


def _url(mine):
    return f"/reviews/tasks/{mine.pk}/autosave/"


def _table(sql: str) -> str:
    """The table a SELECT reads ('write' for an INSERT or UPDATE), its subqueries left out."""
    if not sql.upper().startswith("SELECT"):
        return "write"
    while "(" in sql:
        sql = re.sub(r"\([^()]*\)", "", sql)
    return re.search(r'FROM "?(\w+)"?', sql).group(1)


def _queries(client, url, data) -> tuple[list[str], object]:
    with CaptureQueriesContext(connection) as ctx:
        answer = client.post(url, data)
    return [q["sql"] for q in ctx.captured_queries], answer


def test_an_item_save_runs_a_fixed_number_of_queries(ordos_sheet, client):
    _review, _app, mine, sheet = ordos_sheet
    client.force_login(mine.expert.user)
    first, answer = _queries(client, _url(mine), {"code": "4.2.2", "pct-4.2.2": "45", "base-pct-4.2.2": ""})
    assert answer.status_code == 200 and answer.json()["scored"] == 1  # the row's first save inserts it
    again, answer = _queries(client, _url(mine), {"code": "4.2.2", "pct-4.2.2": "50", "base-pct-4.2.2": "45"})
    assert answer.status_code == 200 and answer.json()["points"] == "25.00" and answer.json()["total"] == "25.00"
    text, answer = _queries(client, _url(mine), {"code": "4.2.2", "str-4.2.2": "有系统方法", "base-str-4.2.2": ""})
    assert answer.status_code == 200 and answer.json()["values"] == {"str-4.2.2": "有系统方法"}
    opinion, answer = _queries(client, _url(mine), {"code": "opinion", "opinion": "总体良好", "base-opinion": ""})
    assert answer.status_code == 200 and answer.json()["total"] == "25.00"
    for statements in (first, again, text, opinion):
        assert len(statements) == AUTOSAVE_QUERIES, statements
        assert not any(s.upper().startswith(("BEGIN", "SAVEPOINT")) for s in statements), statements
        assert [_table(s) for s in statements] == ["django_session", "auth_user", "reviews_assignment", "write",
                                                    "reviews_itemscore"], statements
    row = ItemScore.objects.get(sheet=sheet, item_code="4.2.2")
    assert (row.percent, str(row.points), row.strengths) == (50, "25.00", "有系统方法") and row.updated_at
    sheet.refresh_from_db()
    assert sheet.opinion == "总体良好" and sheet.submitted_at is None


@pytest.mark.django_db
def test_under_production_settings_a_save_is_4_queries(ordos_sheet, settings):
    """Sessions from the cache, two-step verification and the staff idle clock on, as in production."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.OTP_ENFORCED = True
    settings.STAFF_IDLE_SECONDS = 1800
    _review, _app, mine, sheet = ordos_sheet
    client = Client()
    client.force_login(mine.expert.user)
    first, answer = _queries(client, _url(mine), {"code": "4.2.2", "pct-4.2.2": "45", "base-pct-4.2.2": ""})
    assert answer.status_code == 200, answer.content[:300]
    again, answer = _queries(client, _url(mine), {"code": "4.2.2", "pct-4.2.2": "50", "base-pct-4.2.2": "45"})
    assert answer.status_code == 200 and answer.json()["points"] == "25.00"
    assert len(first) == len(again) == SAVE_QUERIES, again
    assert ItemScore.objects.get(sheet=sheet, item_code="4.2.2").percent == 50


@pytest.mark.django_db
def test_under_production_settings_staff_are_still_asked_for_their_code(cities, settings):
    """The two-step answers come with the user (SignInBackend), asked again on every request: a role granted
    while signed in is asked for at the next page."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.OTP_ENFORCED = True
    user = city_user("chenzhou", Role.EXPERT)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("account:home")).status_code == 200
    office = city_user("chenzhou", Role.OFFICE)
    user.groups.add(*office.groups.all())
    answer = client.get(reverse("account:home"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("account:otp_setup"))


def test_a_stale_page_is_still_refused_in_chinese_and_changes_nothing(ordos_sheet, client):
    _review, _app, mine, sheet = ordos_sheet
    client.force_login(mine.expert.user)
    client.post(_url(mine), {"code": "4.2.2", "pct-4.2.2": "45"})
    # the one statement writes nothing; the careful way (one transaction) finds out why and says so
    statements, stale = _queries(client, _url(mine), {"code": "4.2.2", "pct-4.2.2": "60", "base-pct-4.2.2": ""})
    assert stale.status_code == 409 and len(statements) <= AUTOSAVE_QUERIES + 5, statements
    body = stale.json()
    assert body["conflict"] and "已在其他窗口或设备上修改" in body["error"] and body["stored"] == {"pct-4.2.2": "45"}
    assert ItemScore.objects.get(sheet=sheet, item_code="4.2.2").percent == 45


def test_a_save_into_a_submitted_sheet_writes_nothing(ordos_sheet, client):
    _review, _app, mine, sheet = ordos_sheet
    client.force_login(mine.expert.user)
    client.post(_url(mine), {"code": "4.2.2", "pct-4.2.2": "45", "str-4.2.2": "优势"})
    ScoreSheet.objects.filter(pk=sheet.pk).update(submitted_at="2026-12-01T08:00:00+08:00")
    for data in ({"code": "4.2.2", "pct-4.2.2": "50", "base-pct-4.2.2": "45"},  # the row exists
                 {"code": "4.2.2", "pct-4.2.2": "50"},  # no base
                 {"code": "4.2.1", "str-4.2.1": "新的", "base-str-4.2.1": ""},  # no row yet
                 {"code": "opinion", "opinion": "改写", "base-opinion": ""}):
        answer = client.post(_url(mine), data)
        assert answer.status_code == 409 and answer.json()["submitted"], data
    row = ItemScore.objects.get(sheet=sheet, item_code="4.2.2")
    assert (row.percent, row.strengths) == (45, "优势")
    assert not ItemScore.objects.filter(sheet=sheet, item_code="4.2.1").exists()
    assert ScoreSheet.objects.get(pk=sheet.pk).opinion == ""


def test_blanking_a_field_of_an_item_never_saved_adds_no_row(ordos_sheet, client):
    _review, _app, mine, sheet = ordos_sheet
    client.force_login(mine.expert.user)
    answer = client.post(_url(mine), {"code": "4.2.2", "str-4.2.2": "", "base-str-4.2.2": ""})
    assert answer.status_code == 200 and answer.json()["scored"] == 0
    assert not ItemScore.objects.filter(sheet=sheet).exists()


def test_the_sheet_page_says_when_an_item_was_last_saved(ordos_sheet, client):
    _review, _app, mine, sheet = ordos_sheet
    client.force_login(mine.expert.user)
    client.post(_url(mine), {"code": "opinion", "opinion": "总体良好", "base-opinion": ""})
    ScoreSheet.objects.filter(pk=sheet.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    saved = client.post(_url(mine), {"code": "4.2.2", "pct-4.2.2": "45", "base-pct-4.2.2": ""}).json()["saved_at"]
    assert f"保存于 {saved}" in client.get(f"/reviews/tasks/{mine.pk}/sheet/").content.decode()


def test_another_user_cannot_autosave_the_sheet(ordos_sheet, client):
    review, _app, mine, _sheet = ordos_sheet
    other = next(e for e in review.experts if e.pk != mine.expert_id)
    client.force_login(other.user)
    answer = client.post(_url(mine), {"code": "4.2.2", "pct-4.2.2": "45"})
    assert answer.status_code == 404 and not ItemScore.objects.filter(item_code="4.2.2").exists()


def test_the_staff_idle_clock_writes_the_session_at_most_once_a_minute(cities, client, settings):
    settings.STAFF_IDLE_SECONDS = 1800
    client.force_login(city_user("chenzhou", Role.OFFICE))
    assert client.get(reverse("account:home")).status_code in (200, 302)
    key = client.session.session_key
    stored = Session.objects.get(pk=key).expire_date
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("account:home"))
    assert not any("django_session" in q["sql"] and q["sql"].startswith("UPDATE") for q in ctx.captured_queries)
    assert Session.objects.get(pk=key).expire_date == stored and client.session.get_expiry_age() == 1800
    # a minute later the clock moves again (the session is written once)
    session = client.session
    session[security._TOUCHED] = int(time.time()) - security.IDLE_TOUCH_SECONDS - 1
    session.save()
    client.get(reverse("account:home"))
    assert Session.objects.get(pk=key).expire_date > stored
