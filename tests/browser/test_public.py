"""Public journeys in headless Chromium: reading a city's rules, a publicity list with an objection, the inbox."""

import pytest
from django.utils import timezone

from awards.domain import lifecycle, publicity
from awards.models import Notice, Objection
from awards.workflow import Status
from demo.walk import walk_to

from .. import factories
from ..builders.journeys import Cast
from ..conftest import wait_for
from .conftest import login

pytestmark = pytest.mark.browser


def test_public_reads_a_citys_rules_with_citations(page, shot, cities):
    page.goto("/cities/")
    page.click("text=武汉市")
    page.wait_for_url("**/cities/wuhan/rules/")
    body = page.inner_text("body")
    assert "武汉市" in body and "第" in body and "条" in body
    assert "工作日" in body  # periods say whether they count working days
    shot("public-rules-wuhan")
    assert page.locator("img[src$='workflow.svg'], object[data$='workflow.svg']").count() >= 1


def test_public_finds_the_open_data_interface_from_the_winners_page(page, shot, cities):
    page.goto("/winners/")
    page.click("text=开放数据接口")
    page.wait_for_url("**/api/v1/docs")
    body = page.inner_text("body")
    assert "开放数据接口" in body and "GET /api/v1/winners" in body and "每页条数" in body
    shot("public-api-docs")
    page.click("header >> text=公示公告")  # the portal's header: the reader goes on from here
    page.wait_for_url("**/publicity/")


def test_public_files_an_objection_during_publicity(page, shot, cities):
    today = timezone.localdate()
    cycle = factories.cycle_for("jinan", published=today)
    cast = Cast("jinan")
    apps = [factories.application_for(cycle, recommender=cast.recommender_unit) for _ in range(2)]
    for app in apps:
        walk_to(app, Status.PUBLICITY, cast=cast)
    notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)

    page.goto("/publicity/")
    page.click(f"text={notice.title}")
    assert "第十七条" in page.inner_text("body")
    with page.expect_navigation():  # the form has its own page (the publicity page is cached, so holds no form)
        page.click("a:has-text('填写异议')")
    # Bad input first: no entry chosen -> a Chinese message and nothing saved.
    page.fill("#name", "张三")
    page.click("button:has-text('提交异议')")
    assert "请选择对哪一个公示对象提出异议" in page.inner_text("body")
    assert page.input_value("#name") == "张三"  # nothing typed is lost
    assert Objection.objects.count() == 0

    page.select_option("#entry", index=1)
    page.fill("#contact", "13800000000")
    page.fill("#text", "该单位近三年发生过质量事故，附相关报道。")
    page.click("button:has-text('提交异议')")
    assert "您的异议已提交" in page.inner_text("body")
    shot("public-publicity-objection")
    objection = Objection.objects.get()
    assert objection.name == "张三" and objection.entry.publicity_id == notice.pk


def test_applicant_reads_a_notice_in_the_inbox(page, shot, cities, worker):
    cycle = factories.cycle_for("qujing", published=timezone.localdate())
    app = factories.application_for(cycle)
    applicant = factories.member(app.organisation)
    lifecycle.perform(app, "submit", applicant)
    assert wait_for(lambda: Notice.objects.filter(recipient=applicant).exists())  # sent by the Celery worker
    notice = Notice.objects.filter(recipient=applicant).latest("pk")

    login(page, applicant.username)
    page.goto("/inbox/")
    assert notice.subject in page.inner_text("body")
    shot("inbox-list")
    page.click(f"text={notice.subject}")
    assert notice.body[:10] in page.inner_text("body")
    shot("inbox-detail")
    notice.refresh_from_db()
    assert notice.read_at is not None
