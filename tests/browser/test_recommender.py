"""Recommender journeys in headless Chromium: recommending, and Wuhan's local publicity before it."""

import datetime

import pytest
import time_machine

from awards.models import Publicity
from awards.workflow import Status

from ..builders.intake import submitted_application
from ..builders.journeys import at
from .conftest import login

pytestmark = pytest.mark.browser


def test_recommender_recommends(page, shot, cities):
    app, cast, user = submitted_application("jinan")
    login(page, cast.recommender.username)
    page.click("text=推荐审核")
    page.wait_for_load_state()
    assert app.reference in page.inner_text("body")
    shot("recommender-01-queue")
    page.click(f"tr:has-text('{app.reference}') >> text=审核")
    page.wait_for_load_state()
    page.fill("#opinion", "经审核，材料齐全、真实，同意推荐。")
    shot("recommender-02-detail")
    page.click("button:has-text('同意推荐')")
    page.wait_for_load_state()
    assert "已处理" in page.inner_text("body")
    app.refresh_from_db()
    assert app.status == Status.ELIGIBILITY


def test_wuhan_local_publicity_then_recommendation(page, shot, cities):
    app, cast, user = submitted_application("wuhan")
    start = datetime.date(2026, 11, 23)  # a Monday
    with time_machine.travel(at(start), tick=True):
        login(page, cast.recommender.username)
        page.goto(f"/recommend/{app.pk}/")
        page.click("button:has-text('审核通过，进入推荐单位公示')")
        page.wait_for_load_state()
        body = page.inner_text("body")
        assert "不少于5个工作日" in body and "第十七条" in body
        page.click("button:has-text('发布推荐单位公示')")
        page.wait_for_load_state()
        assert "公示已发布" in page.inner_text("body")
        shot("recommender-03-local-publicity")
        notice = Publicity.objects.get()
        assert notice.ends_on == datetime.date(2026, 11, 27)
        page.goto("/publicity/")
        assert notice.title in page.inner_text("body")  # the public list shows it, with its objection form
        page.goto(f"/recommend/{app.pk}/")
        assert "同意推荐" not in page.inner_text(".actions-card")  # not before the period ends
    with time_machine.travel(at(datetime.date(2026, 11, 30)), tick=True):
        page.goto(f"/recommend/{app.pk}/")
        assert "已期满" in page.inner_text("body")
        page.click("button:has-text('同意推荐')")
        page.wait_for_load_state()
        assert "已处理" in page.inner_text("body")
        shot("recommender-04-recommended")
    app.refresh_from_db()
    assert app.status == Status.ELIGIBILITY
