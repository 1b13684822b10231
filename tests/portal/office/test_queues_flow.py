"""Every stage of a city's flow has an office queue (portal.office.views: flow_stages, side_tabs, home): the office's
home lists them in the city's order under 各阶段 with counts and links, so do the queue pages' tabs, including the
stages others act in (the recommender's, the system's publicity) and the duties after the award (yearly reports due
and overdue, revisits, 复评, revocation cases) with links to the honours pages. The same number of queries for one
row as for many."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.workflow import Status
from cities.models import City
from honours.domain import duties, revocation
from portal.office import data_cache

from ...builders.intake import SUBMIT_DAY, World
from ...builders.journeys import Cast, travel
from ...builders.winners import winner

CODES = ["chenzhou", "jinan", "ordos", "qujing", "wuhan"]


class Rows(HTMLParser):
    """The rows of one table of 各阶段 (id stages-<city>): per row, its data-stage or data-duty, its link and cells."""

    def __init__(self, table_id):
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr" and ("data-stage" in attrs or "data-duty" in attrs):
            self.rows.append({"key": attrs.get("data-stage") or attrs.get("data-duty"), "href": "", "cells": []})
        elif self.inside and self.rows and tag == "td":
            self.cell = ""
        elif self.inside and self.rows and tag == "a" and not self.rows[-1]["href"]:
            self.rows[-1]["href"] = attrs.get("href", "")

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif tag == "td" and self.cell is not None:
            self.rows[-1]["cells"].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def stage_rows(html, code):
    parser = Rows(f"stages-{code}")
    parser.feed(html)
    return parser.rows


def get(client, url, day=datetime.date(2026, 9, 16)):
    with travel(day):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("code", CODES)
def test_the_home_lists_every_stage_of_the_city_in_order_and_each_queue_opens(cities, client, code):
    rules = City.objects.get(code=code).current_rules().rules
    cast = Cast(code)
    client.force_login(cast.office)
    html = get(client, "/office/")
    assert "各阶段" in html
    rows = stage_rows(html, code)
    flow = [r for r in rows if r["href"].startswith(f"/office/{code}/queue/")]
    expected = []
    for stage in rules.stages:  # the rule file's order; the applicant's supplement loop follows eligibility
        expected.append(stage.kind.value)
        if stage.kind == Status.ELIGIBILITY:
            expected.append(Status.SUPPLEMENT_REQUESTED.value)
    assert [r["key"] for r in flow] == expected
    for row in flow:
        assert row["href"] == f"/office/{code}/queue/{row['key']}/"
        queue = get(client, row["href"])
        # the queue's side bar reaches every stage too
        assert all(f'href="/office/{code}/queue/{s}/"' in queue for s in expected)
    # the stages others act in are named by who acts (the rule file's bodies where it names them)
    by_key = {r["key"]: r for r in rows}
    assert by_key[Status.ELIGIBILITY]["cells"][1] == rules.bodies.office.value
    assert by_key[Status.RECOMMENDATION]["cells"][1] == "推荐单位"
    assert by_key[Status.PUBLICITY]["cells"][1] == "平台（期满自动进入下一阶段）"
    if rules.stage(Status.COMMITTEE_DECISION).actor.value == "committee":
        assert by_key[Status.COMMITTEE_DECISION]["cells"][1] == rules.bodies.deciding_body.value
    # every duty the rules give after the award, with its link to the honours pages
    duty_keys = [r["key"] for r in rows if r["key"] not in expected]
    post = rules.post_award
    assert ("reports_overdue" in duty_keys) == bool(post.yearly_self_assessment)
    assert ("revisits" in duty_keys) == bool(post.revisits)
    assert ("re_evaluations" in duty_keys) == bool(post.re_evaluation)
    assert ("revocations" in duty_keys) == bool(post.revocation_grounds)
    for row in rows:
        if row["key"] in duty_keys:
            get(client, row["href"].split("#")[0])


def test_the_recommenders_and_the_publicity_stages_are_queues_with_their_applications(cities, client):
    with travel(SUBMIT_DAY):
        wuhan = World("wuhan")
        at_unit = wuhan.application(Status.RECOMMENDATION)
        at_local = wuhan.application(Status.LOCAL_PUBLICITY)
    client.force_login(wuhan.cast.office)
    rows = {r["key"]: r for r in stage_rows(get(client, "/office/"), "wuhan")}
    assert rows[Status.RECOMMENDATION]["cells"][2] == "1" and rows[Status.LOCAL_PUBLICITY]["cells"][2] == "1"
    assert rows[Status.ELIGIBILITY]["cells"][2] == "0"
    html = get(client, "/office/wuhan/queue/recommendation/")
    assert at_unit.reference in html and at_local.reference not in html
    assert "本阶段由推荐单位办理" in html and 'id="stage-actor"' in html
    assert at_local.reference in get(client, "/office/wuhan/queue/local_publicity/")
    # the office's own stage says nothing of the kind
    assert 'id="stage-actor"' not in get(client, "/office/wuhan/queue/eligibility/")


def test_the_duties_after_the_award_are_counted_and_linked(cities, client):
    app, world, _user = winner("wuhan")
    office = world.cast.office
    after_due = datetime.date(2027, 7, 2)  # Wuhan's report is due by 30 June (第三十三条)
    with travel(after_due):
        reports = duties.schedule(app, after_due)
        duties.plan_revisit(app, on=datetime.date(2027, 7, 20), visitors="张三、李四", actor=office)
        ground = app.rules.post_award.revocation_grounds[0]
        revocation.open_case(app, ground=ground, summary="举报材料造假", actor=office)
    overdue = [r for r in reports if r.due_on < after_due and r.submitted_at is None]
    due = [r for r in reports if r.due_on >= after_due and r.submitted_at is None]
    assert overdue
    with travel(after_due):
        client.force_login(office)
    html = get(client, "/office/", after_due)
    rows = {r["key"]: r for r in stage_rows(html, "wuhan")}
    assert rows["reports_overdue"]["cells"][2] == str(len(overdue))
    assert rows["reports_overdue"]["cells"][3] == str(len(overdue))  # all of them late
    assert rows["reports_overdue"]["href"] == "/office/wuhan/duties/#overdue"
    assert rows["reports_due"]["cells"][2] == str(len(due))
    assert rows["revisits"]["cells"][2] == "1" and rows["revisits"]["href"] == "/office/wuhan/duties/#revisits"
    assert rows["re_evaluations"]["cells"][2] == "0"
    assert rows["revocations"]["cells"][2] == "1" and rows["revocations"]["href"] == "/office/wuhan/revocations/"
    # the same counts in every queue's side bar
    queue = get(client, "/office/wuhan/queue/eligibility/", after_due)
    assert re.search(r'data-duty="revocations"><span>[^<]+</span><span><span class="count">1</span>', queue)
    assert re.search(rf'data-duty="reports_overdue"><span>[^<]+</span><span><span class="count">{len(overdue)}</span>'
                     rf'<span class="late"', queue)


def test_the_home_takes_the_same_queries_for_1_and_n_rows(cities, client, django_assert_num_queries):
    """各阶段 costs two queries per city (the stage counts, the duties' counts), whatever the rows; the page as a whole
    (with the other blocks of the home) takes as many queries for one row as for five."""
    with travel(SUBMIT_DAY):
        wuhan = World("wuhan")
        first = [wuhan.application(Status.RECOMMENDATION)]
    client.force_login(wuhan.cast.office)
    get(client, "/office/")  # warm the session
    data_cache.bump()  # as after any change: the counts are counted (kept, they take none)
    with CaptureQueriesContext(connection) as one:
        html = get(client, "/office/")
    assert {r["key"]: r for r in stage_rows(html, "wuhan")}[Status.RECOMMENDATION]["cells"][2] == "1"
    ours = [q["sql"] for q in one.captured_queries if "honours_yearlyreport" in q["sql"] and "COUNT(*)" in q["sql"]]
    assert len(ours) == 1  # the duties' five counts in one query
    with travel(SUBMIT_DAY):
        more = first + [wuhan.application(s) for s in (Status.RECOMMENDATION, Status.LOCAL_PUBLICITY,
                                                       Status.ELIGIBILITY, Status.ELIGIBILITY)]
    with django_assert_num_queries(len(one.captured_queries)):
        html = get(client, "/office/")
    rows = {r["key"]: r for r in stage_rows(html, "wuhan")}
    assert [rows[s]["cells"][2] for s in (Status.RECOMMENDATION, Status.LOCAL_PUBLICITY, Status.ELIGIBILITY)] == [
        "2", "1", "2"]
    assert len(more) == 5


@pytest.mark.parametrize("status", [Status.RECOMMENDATION, Status.LOCAL_PUBLICITY])
def test_a_queue_of_a_stage_others_act_in_takes_the_same_queries_for_1_and_n_rows(cities, client, status,
                                                                                  django_assert_num_queries):
    from .test_queue import QUERIES

    with travel(SUBMIT_DAY):
        wuhan = World("wuhan")
        apps = [wuhan.application(status)]
    client.force_login(wuhan.cast.office)
    url = f"/office/wuhan/queue/{status}/"
    get(client, url)
    data_cache.bump()  # as after any change: the page is built
    with django_assert_num_queries(QUERIES):
        html = get(client, url)
    assert apps[0].reference in html
    with travel(SUBMIT_DAY):
        apps += [wuhan.application(status) for _ in range(3)]
    with django_assert_num_queries(QUERIES):
        html = get(client, url)
    assert all(a.reference in html for a in apps)
    assert f'<span class="count">{len(apps)}</span>' in html
