"""济南 第十七条 in headless Chromium: 公示有异议的，由市质量强市领导小组办公室组织调查核实并提出处理意见，经市质量强市
领导小组批准后实施. A member of the public objects and gets a reference number; the office investigates and proposes
to sustain it; the leading group (the committee role) approves; the candidate is cancelled; the objector follows it
all on the public status page by the number. Through the browser only; screenshots in the test's tmp dir."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from awards.domain import publicity
from awards.models import AuditEntry, Objection
from awards.workflow import Status
from demo.walk import walk_to

from .. import factories
from ..builders.journeys import Cast
from .conftest import login

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"YY\d{4}-[0-9A-Z]{8}")


def test_jinan_objection_proposed_by_the_office_and_approved_by_the_leading_group(page, cities, tmp_path):
    cache.clear()
    shots = tmp_path / "screenshots"
    shots.mkdir()

    def shot(name):
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

    cycle = factories.cycle_for("jinan", published=timezone.localdate())
    cast = Cast("jinan")
    apps = [factories.application_for(cycle, recommender=cast.recommender_unit) for _ in range(2)]
    for app in apps:
        walk_to(app, Status.PUBLICITY, cast=cast)
    notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)
    objected = notice.entries.order_by("pk").first().application

    # The public objects and is given a reference number.
    page.goto(f"/publicity/{notice.pk}/objection/")  # the form has its own page
    page.select_option("#entry", index=1)
    page.fill("#name", "张三")
    page.fill("#contact", "zhangsan@example.cn")
    page.fill("#text", "该单位去年发生重大质量事故，被市场监管部门通报。")
    page.click("button:has-text('提交异议')")
    body = page.inner_text("body")
    assert "您的异议已提交" in body and "市质量强市领导小组办公室将调查核实" in body
    reference = REFERENCE.search(body).group(0)
    shot("1-public-objection-filed")

    # The status page shows the step now due and nothing personal.
    page.goto("/objections/status/")
    page.fill("#ref", reference.lower())
    page.click("button:has-text('查询')")
    body = page.inner_text("body")
    assert "待市质量强市领导小组办公室调查核实、提出处理意见" in body
    assert "张三" not in body and "zhangsan" not in body and "重大质量事故" not in body
    shot("2-public-status-open")

    # The office investigates and proposes to sustain it; the objection waits for the leading group.
    login(page, cast.office.username)
    page.goto("/office/jinan/objections/")
    objection = Objection.objects.get(reference=reference)
    row = page.locator(f"#objection-{objection.pk}")
    assert "第十七条" in row.inner_text()
    row.locator("input[value=sustained]").check()
    row.locator("textarea[name=resolution]").fill("经调查核实，通报属实，建议取消其获奖资格。")
    row.locator("button:has-text('提交处理意见')").click()
    body = page.inner_text("body")
    assert "处理意见已录入，待济南市质量强市及品牌战略推进工作领导小组" in body
    assert page.locator(f"#objection-{objection.pk}-waiting").is_visible()
    shot("3-office-proposed")
    objected.refresh_from_db()
    assert objected.status == Status.PUBLICITY  # a proposal cancels nothing

    # The leading group (committee role) finds it in its header's 「更多」 menu and approves.
    page.context.clear_cookies()
    login(page, cast.committee.username)
    page.goto("/")
    page.click("header details.nav-more summary")
    page.click("header >> text=公示异议")
    page.wait_for_url("**/committee/objections/")
    row = page.locator(f"#objection-{objection.pk}")
    text = row.inner_text()
    assert "通报属实，建议取消其获奖资格" in text and "重大质量事故" in text
    shot("4-committee-awaiting")
    row.locator("input[value=sustained]").check()
    row.locator("textarea[name=resolution]").fill("批准办公室处理意见，取消其获奖资格。")
    row.locator("button:has-text('提交决定')").click()
    body = page.inner_text("body")
    assert "已决定：异议成立" in body and "没有待本机构审议的公示异议" in body
    shot("5-committee-decided")

    objected.refresh_from_db()
    assert objected.status == Status.NOT_SELECTED
    steps = list(AuditEntry.objects.filter(application=objected, created_at__gte=notice.published_at)
                 .values_list("action", "actor_role", "article"))
    assert ("objection_proposal", "office", "第十七条") in steps
    assert ("objection_decision", "committee", "第十七条") in steps
    assert ("cancel_on_objection", "committee", "第十七条") in steps

    # The objector reads the outcome by the number.
    page.context.clear_cookies()
    page.goto(f"/objections/status/?ref={reference}")
    body = page.inner_text("body")
    assert "异议成立" in body and "已于" in body and "取消其获奖资格" not in body
    shot("6-public-status-sustained")
