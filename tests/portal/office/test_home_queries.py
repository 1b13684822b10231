"""The office's home (portal.office.views.home): the same queries and a bounded page for 1 application and for
more than the to-do list shows (awards.domain.todo.STEP_LIMIT): the soonest one by one, the rest counted per stage
with a link to its queue."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.domain import todo
from portal.office import data_cache

from ...builders.intake import SUBMIT_DAY
from ...builders.journeys import travel

TODAY = datetime.date(2026, 9, 16)
QUEUE = "/office/ordos/queue/eligibility/"


def fill(ordos, n):
    with travel(SUBMIT_DAY):
        return [ordos.application() for _ in range(n)]


def get_home(client):
    with travel(TODAY):
        response = client.get("/office/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_takes_the_same_queries_for_1_and_many_applications(client, ordos):
    first = fill(ordos, 1)
    client.force_login(ordos.cast.office)
    get_home(client)
    data_cache.bump()  # as after any change: the side bars' counts are counted (kept, they take none)
    with CaptureQueriesContext(connection) as one:
        html = get_home(client)
    assert html.count('class="todo"') == 1 and first[0].reference in html
    assert "另有" not in html
    more = first + fill(ordos, todo.STEP_LIMIT + 1)
    with CaptureQueriesContext(connection) as many:
        html = get_home(client)
    assert len(many) == len(one)
    # the soonest STEP_LIMIT one by one, then one line for the rest of the stage, linked to its queue
    assert html.count('class="todo"') == todo.STEP_LIMIT + 1
    assert f"另有{len(more) - todo.STEP_LIMIT}件" in html and f'href="{QUEUE}"' in html
