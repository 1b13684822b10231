"""Objection journey in headless Chromium: a member of the public objects during a 公示; the city's office
dismisses it with reasons (曲靖 第十九条: the office takes the report and decides alone; where another body decides,
see test_objection_bodies.py); the outcome shows on the publicity page; the closed publicity advances the
application."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from awards.domain import publicity
from awards.models import Objection
from awards.workflow import Status
from demo.walk import walk_to

from .. import factories
from ..builders.journeys import Cast, at
from .conftest import login

pytestmark = pytest.mark.browser


def test_public_objects_office_dismisses_and_the_publicity_advances(page, shot, cities):
    import time_machine

    cache.clear()
    today = timezone.localdate()
    cycle = factories.cycle_for("qujing", published=today)
    cast = Cast("qujing")
    apps = [factories.application_for(cycle, recommender=cast.recommender_unit) for _ in range(2)]
    for app in apps:
        walk_to(app, Status.PUBLICITY, cast=cast)
    notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)
    objected = notice.entries.order_by("pk").first().application

    # A member of the public files an objection on the publicity page.
    page.goto(f"/publicity/{notice.pk}/objection/")  # the form has its own page
    page.select_option("#entry", index=1)
    page.fill("#name", "张三")
    page.fill("#contact", "zhangsan@example.cn")
    page.fill("#text", "该单位近三年发生过质量事故，附相关报道链接。")
    page.click("button:has-text('提交异议')")
    body = page.inner_text("body")
    assert "您的异议已提交" in body and "调查核实中（1件）" in body
    objection = Objection.objects.get()

    # The office finds it on its objections page and dismisses it; a missing reason is refused first.
    login(page, cast.office.username)
    page.goto("/office/")
    page.click("text=异议处理")
    page.wait_for_url("**/office/qujing/objections/")
    assert "该单位近三年发生过质量事故" in page.inner_text("body")
    shot("office-objections-open")
    row = page.locator(f"#objection-{objection.pk}")
    row.locator("input[value=dismissed]").check()
    row.locator("textarea[name=resolution]").fill("经调查核实，所述事故发生在申报期之前且已整改到位，异议不成立。")
    row.locator("button:has-text('提交处理结果')").click()
    body = page.inner_text("body")
    assert "异议已处理：异议不成立" in body and "没有待处理的异议" in body
    shot("office-objections-resolved")
    objection.refresh_from_db()
    assert objection.outcome == Objection.Outcome.DISMISSED

    # The objector reads the outcome on the publicity page; the reasons stay with the office.
    page.goto(f"/publicity/{notice.pk}/")
    body = page.inner_text("body")
    assert "异议已处理：不成立（1件）" in body and "已整改到位" not in body
    shot("public-publicity-objection-outcome")

    # After the period the scheduler closes the publicity and both applications advance.
    with time_machine.travel(at(notice.ends_on + datetime.timedelta(days=1), hour=1), tick=False):
        assert notice.pk in publicity.close_due()
    for app in apps:
        app.refresh_from_db()
        assert app.status == Status.GOVERNMENT_APPROVAL
    page.goto(f"/office/applications/{objected.pk}/")
    body = page.inner_text("body")
    assert "公示期间的异议" in body and "异议不成立" in body
    shot("office-application-objections")


def test_wuhan_recommender_unit_resolves_its_local_publicity_objection(page, shot, cities):
    from awards.domain import recommendation

    cache.clear()
    today = timezone.localdate()
    cycle = factories.cycle_for("wuhan", published=today)
    cast = Cast("wuhan")
    app = factories.application_for(cycle, recommender=cast.recommender_unit)
    walk_to(app, Status.LOCAL_PUBLICITY, cast=cast)
    notice = recommendation.start_local_publicity(cast.recommender_unit, [app], cast.recommender)
    objection = publicity.file_objection(notice.entries.get(), name="李四", contact="027-88886666",
                                         text="该单位提交的获奖证书复印件与原件不符。")

    login(page, cast.recommender.username)
    page.goto(f"/recommend/{app.pk}/")
    assert "公示异议处理" in page.inner_text("body")
    row = page.locator(f"#objection-{objection.pk}")
    row.locator("input[value=sustained]").check()
    row.locator("textarea[name=resolution]").fill("经与发证机构核对，证书复印件确与原件不符，异议成立，不予推荐。")
    row.locator("button:has-text('提交处理结果')").click()
    assert "异议已处理：异议成立" in page.inner_text("body")
    shot("recommender-local-objection-resolved")
    objection.refresh_from_db()
    assert objection.outcome == Objection.Outcome.SUSTAINED and objection.resolved_by == cast.recommender
    page.goto(f"/publicity/{notice.pk}/")
    assert "异议已处理：成立（1件）" in page.inner_text("body")

    # The objection holds: the unit may not recommend, so it declines with reasons and the applicant is told.
    page.goto(f"/recommend/{app.pk}/")
    assert "不得出具推荐意见" in page.inner_text("body")
    page.fill("#decline_reason", "公示期间异议经调查核实成立（证书复印件与原件不符），不予推荐。")
    page.click("form.decline button:has-text('不予推荐')")
    assert "已作出不予推荐的决定" in page.inner_text("body")
    shot("recommender-declined")
    app.refresh_from_db()
    assert app.status == Status.NOT_SELECTED and app.stopped_at_stage == Status.LOCAL_PUBLICITY
    page.click("button:has-text('退出')")
    login(page, factories.member(app.organisation).username)
    page.goto(f"/apply/{app.pk}/status/")
    body = page.inner_text("body")
    assert "推荐单位不予推荐" in body and "证书复印件与原件不符" in body
    assert "终止于：推荐单位公示及出具推荐意见" in body
    shot("applicant-sees-declined")
