"""The 自评报告 editor in headless Chromium: the live counter, autosave, a reload, an expired session and a stale tab —
nothing typed is lost (static/js/self_assessment.js)."""

import datetime

import pytest
from django.utils import timezone

from awards.models import SelfAssessmentSection

from .. import factories
from .conftest import login

pytestmark = pytest.mark.browser

QUALITY = "本单位建立了以顾客为中心的质量管理体系。"
BRAND = "品牌价值逐年提升，获省著名商标。"
LATER = "会话过期后继续输入的一大段内容，一个字也不能丢。"


def _text(app, key):
    return SelfAssessmentSection.objects.get(application=app, item_key=key).text


def _saved(page):
    page.wait_for_function("() => document.getElementById('save-state').textContent.includes('已保存')")


def test_typing_counting_reloading_and_an_expired_session(page, shot, cities):
    today = timezone.localdate()
    cycle = factories.cycle_for("chenzhou", year=today.year, published=today - datetime.timedelta(days=2))
    app = factories.application_for(cycle)
    user = factories.member(app.organisation)
    login(page, user.username)
    page.goto(f"/apply/{app.pk}/")
    page.click("text=在线填写自评报告")
    page.wait_for_load_state()
    assert page.locator("textarea[data-key]").count() == 10

    page.fill("#t-Q1", QUALITY)
    page.fill("#t-B1", BRAND)
    counted = len(QUALITY) + len(BRAND)
    assert page.inner_text('[data-count-for="Q1"]') == f"本部分 {len(QUALITY)} 字"
    assert page.inner_text("#sa-total-n") == str(counted)
    _saved(page)
    shot("self-assessment-01-typed")
    assert _text(app, "Q1") == QUALITY and _text(app, "B1") == BRAND

    page.reload()
    assert page.input_value("#t-Q1") == QUALITY and page.input_value("#t-B1") == BRAND
    assert page.inner_text("#sa-total-n") == str(counted)

    page.context.clear_cookies()  # the session ends (e.g. it expired)
    page.fill("#t-R1", LATER)
    page.wait_for_function("() => document.getElementById('save-state').textContent.includes('重新登录')")
    shot("self-assessment-02-session-expired")
    assert _text(app, "R1") == ""

    login(page, user.username)
    page.goto(f"/apply/{app.pk}/self-assessment/")
    _saved(page)
    assert page.input_value("#t-R1") == LATER
    assert _text(app, "R1") == LATER and _text(app, "Q1") == QUALITY


def test_a_stale_tab_keeps_its_text_beside_the_newer_one(page, shot, cities):
    today = timezone.localdate()
    cycle = factories.cycle_for("chenzhou", year=today.year, published=today - datetime.timedelta(days=2))
    app = factories.application_for(cycle)
    user = factories.member(app.organisation)
    login(page, user.username)
    url = f"/apply/{app.pk}/self-assessment/"
    page.goto(url)
    other = page.context.new_page()
    other.goto(url)

    other.fill("#t-Q2", "第二个页面先保存的内容。")
    _saved(other)
    page.fill("#t-Q2", "第一个页面后输入的内容。")
    page.wait_for_selector('[data-conflict-for="Q2"]:not([hidden])')
    assert page.input_value("#t-Q2") == "第二个页面先保存的内容。"
    assert page.input_value("#c-Q2") == "第一个页面后输入的内容。"
    assert "另一个页面已保存" in page.inner_text('[data-conflict-for="Q2"]')
    shot("self-assessment-03-two-tabs")
    assert _text(app, "Q2") == "第二个页面先保存的内容。"
    other.close()
    page.reload()  # the stale text stays on this browser until the applicant says it is merged
    assert page.input_value("#c-Q2") == "第一个页面后输入的内容。"
    page.click('[data-conflict-clear="Q2"]')
    page.reload()
    assert page.locator('[data-conflict-for="Q2"]').is_hidden()
