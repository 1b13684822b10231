"""The sheet's autosave stays cheap (issue 13, P5: bench/autosave.py) and keeps its guarantees; the staff idle
clock writes the session at most once a minute."""

import time

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cities.schema import Role
from portal import security
from reviews.models import ItemScore
from tests.factories import city_user

# session, user, assignment (with sheet, panel, application), the expert permission (guardian: user + group),
# then the save: UPDATE sheet (open? locks it), the item rows, UPDATE item; SAVEPOINT/RELEASE in tests only.
AUTOSAVE_QUERIES = 10


def _url(mine):
    return f"/reviews/tasks/{mine.pk}/autosave/"


def _queries(client, url, data) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        answer = client.post(url, data)
    return len(ctx.captured_queries), answer


def test_an_item_save_runs_a_fixed_number_of_queries(ordos_sheet, client):
    _review, _app, mine, sheet = ordos_sheet
    client.force_login(mine.expert.user)
    first, answer = _queries(client, _url(mine), {"code": "4.2.2", "pct-4.2.2": "45"})
    assert answer.status_code == 200
    again, answer = _queries(client, _url(mine), {"code": "4.2.2", "pct-4.2.2": "50", "base-pct-4.2.2": "45"})
    assert answer.status_code == 200 and answer.json()["points"] == "25.00"
    assert again <= AUTOSAVE_QUERIES and first <= AUTOSAVE_QUERIES
    assert ItemScore.objects.get(sheet=sheet, item_code="4.2.2").percent == 50


def test_a_stale_page_is_still_refused_in_chinese_and_changes_nothing(ordos_sheet, client):
    _review, _app, mine, sheet = ordos_sheet
    client.force_login(mine.expert.user)
    client.post(_url(mine), {"code": "4.2.2", "pct-4.2.2": "45"})
    count, stale = _queries(client, _url(mine), {"code": "4.2.2", "pct-4.2.2": "60", "base-pct-4.2.2": ""})
    assert stale.status_code == 409 and count <= AUTOSAVE_QUERIES + 1
    body = stale.json()
    assert body["conflict"] and "已在其他窗口或设备上修改" in body["error"] and body["stored"] == {"pct-4.2.2": "45"}
    assert ItemScore.objects.get(sheet=sheet, item_code="4.2.2").percent == 45


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
