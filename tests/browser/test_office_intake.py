"""The office's eligibility check in headless Chromium: a supplement round trip, and a refusal with reasons."""

import datetime
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from awards.domain import eligibility, forms_data, lifecycle, queues
from awards.models import FormalNotice, Notice
from awards.workflow import Status

from .. import factories
from ..builders.intake import complete_draft
from ..builders.journeys import Cast, travel
from ..conftest import wait_for
from .conftest import login

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ordos_application(cities):
    """An Ordos organisation's application, recommended by its 旗区 regulator, waiting for the office."""
    cycle = factories.cycle_for("ordos", year=timezone.localdate().year, published=timezone.localdate())
    cast = Cast("ordos")
    org = factories.OrganisationFactory(city=cycle.city, name="鄂尔多斯市示范羊绒制品有限公司")
    application = factories.application_for(cycle, organisation=org, recommender=cast.recommender_unit)
    complete_draft(application)  # filled in and submitted as the applicant would
    forms_data.submit(application, factories.member(org))
    lifecycle.perform(application, "advance", cast.recommender, reason="材料真实完整，同意推荐")
    assert application.status == Status.ELIGIBILITY
    return application, cast, factories.member(org)


def logout(page):
    page.click("header button:has-text('退出')")
    page.wait_for_load_state()


def open_in_office(page, application, office):
    login(page, office.username)
    page.click("header a:has-text('办公室工作台')")
    page.click("#stages-ordos a[href='/office/ordos/queue/eligibility/']")  # the home lists every stage (各阶段)
    page.wait_for_url("**/office/ordos/queue/eligibility/")
    page.click(f"text={application.reference}")
    page.wait_for_url(f"**/office/applications/{application.pk}/")


def tick_all(page, application, verdict="meets"):
    for line in eligibility.checklist(application.rules, application.applicant_kind):
        page.check(f"input[name='verdict__{line.field}'][value='{verdict}']")


def test_supplement_round_trip_then_acceptance(page, shot, ordos_application, worker, tmp_path):
    application, cast, applicant = ordos_application
    open_in_office(page, application, cast.office)
    body = page.inner_text("body")
    assert "资格审查清单" in body and "第十条" in body and "第十二条" in body and "第十六条" in body
    tick_all(page, application)
    page.click("button:has-text('保存审查记录')")
    assert "资格审查记录已保存" in page.inner_text("body")
    # 一次性告知: two items in one request.
    page.fill("#items input[name=items] >> nth=0", "近三年经审计的财务报告")
    page.fill("#items input[name=items] >> nth=1", "首席质量官任命文件")
    shot("office-eligibility-checklist")
    page.click("button:has-text('发出补正通知')")
    assert "补正通知已发送" in page.inner_text("body")
    assert "待补正材料" in page.inner_text("h1")
    logout(page)

    login(page, applicant.username)
    assert wait_for(lambda: Notice.objects.filter(recipient=applicant, application=application,
                                                  audit_entry__action="request_supplement").exists())
    page.goto("/inbox/")
    page.click("text=请按补正通知补充材料")
    body = page.inner_text("body")
    assert "1. 近三年经审计的财务报告" in body and "2. 首席质量官任命文件" in body and "补正通知书" in body
    page.click("text=查看补正事项并提交补正材料")
    page.wait_for_url(f"**/supplement/{application.pk}/")
    assert "补正期限" in page.inner_text("body") and "由评审办公室设定" in page.inner_text("body")
    page.click("button:has-text('提交补正材料')")  # no note yet: a Chinese message, nothing changes
    assert "请填写补正说明" in page.inner_text("body")
    evidence = tmp_path / "审计报告.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("#files", str(evidence))
    page.fill("#note", "已上传2023—2025年度审计报告；首席质量官任命文件见附件。")
    shot("supplement-answer-form")
    page.click("button:has-text('提交补正材料')")
    assert "补正材料已提交" in page.inner_text("body")
    application.refresh_from_db()
    assert application.status == Status.ELIGIBILITY
    logout(page)

    open_in_office(page, application, cast.office)
    assert "已上传2023—2025年度审计报告" in page.inner_text("body")
    page.click("button:has-text('受理并进入下一阶段')")
    assert "已受理" in page.inner_text("body")
    shot("office-accepted")
    application.refresh_from_db()
    assert application.status == Status.DOCUMENT_REVIEW
    kinds = set(FormalNotice.objects.filter(application=application).values_list("kind", flat=True))
    assert kinds == {"supplement", "acceptance"}
    pdf = page.request.get(f"/supplement/notices/{FormalNotice.objects.get(kind='acceptance').pk}/pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"


def test_refusal_reasons_reach_the_applicant(page, shot, ordos_application, worker):
    application, cast, applicant = ordos_application
    open_in_office(page, application, cast.office)
    page.click("button:has-text('不予受理')")  # no reasons: refused with a Chinese message
    assert "请填写不予受理的理由" in page.inner_text("body")
    tick_all(page, application)
    first_exclusion = next(line for line in eligibility.checklist(application.rules, "organisation")
                           if line.key == "abnormal_or_dishonest_list")  # Ordos 第十二条（六）
    page.check(f"input[name='verdict__{first_exclusion.field}'][value='not_met']")
    page.fill(f"textarea[name='note__{first_exclusion.field}']", "2025年被列入经营异常名录")
    page.click("button:has-text('保存审查记录')")
    page.fill("#refuse-reasons", "经核查，该单位2025年被列入经营异常名录，不符合申报条件。")
    page.click("button.danger:has-text('不予受理')")
    assert "已作出不予受理决定" in page.inner_text("body")
    shot("office-refused")
    logout(page)

    login(page, applicant.username)
    assert wait_for(lambda: Notice.objects.filter(recipient=applicant, audit_entry__action="refuse").exists())
    page.goto("/inbox/")
    page.click("text=不予受理")
    body = page.inner_text("body")
    assert "经核查，该单位2025年被列入经营异常名录，不符合申报条件。" in body
    assert "不予受理通知书" in body
    shot("applicant-refusal-notice")
    href = page.get_attribute("a:has-text('不予受理通知书')", "href")
    pdf = page.request.get(href)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")


def entry_day(period, today, wanted):
    """A past day on which entering the stage gives a deadline in the wanted state today."""
    from cities.calendar import WorkingDayCalendar, period_span

    calendar = WorkingDayCalendar.for_range(today - datetime.timedelta(days=60), today + datetime.timedelta(days=60))
    for back in range(1, 60):
        day = today - datetime.timedelta(days=back)
        end = period_span(day, period).end
        if wanted == "overdue" and end < today:
            return day
        if wanted == "due_soon" and end >= today and queues.working_days_between(today, end, calendar) == 2:
            return day
    raise AssertionError(wanted)


def test_office_queue_highlights_deadlines_filters_and_exports(page, shot, cities):
    today = timezone.localdate()
    city = factories.city("ordos")
    period = city.current_rules().rules.periods["eligibility_check"]
    overdue_day, soon_day = entry_day(period, today, "overdue"), entry_day(period, today, "due_soon")
    opened = min(overdue_day, soon_day) - datetime.timedelta(days=5)
    with travel(opened):
        cycle = factories.cycle_for("ordos", year=today.year, published=opened)
        cast = Cast("ordos")
        names = ["鄂尔多斯市逾期审查示范有限公司", "鄂尔多斯市临近期限示范有限公司", "鄂尔多斯市新近受理示范有限公司"]
        apps = []
        for name in names:
            org = factories.OrganisationFactory(city=city, name=name)
            app = factories.application_for(cycle, organisation=org, recommender=cast.recommender_unit)
            lifecycle.perform(app, "submit", factories.member(org))
            apps.append(app)
    for app, day in zip(apps, [overdue_day, soon_day, today], strict=True):
        with travel(day):
            lifecycle.perform(app, "advance", cast.recommender, reason="同意推荐")

    login(page, cast.office.username)
    page.goto("/office/")
    page.click("#stages-ordos a[href='/office/ordos/queue/eligibility/']")  # the home lists every stage (各阶段)
    page.wait_for_url("**/office/ordos/queue/eligibility/")
    assert page.locator("tr.row-overdue").count() == 1 and page.locator("tr.row-due_soon").count() == 1
    assert "剩余2个工作日" in page.inner_text("tr.row-due_soon")
    assert "第十六条" in page.inner_text("body")
    shot("office-queue-deadlines")
    page.fill("input[name=q]", "临近期限")
    page.click("button:has-text('筛选')")
    assert page.locator("tbody tr, table tr").filter(has_text="示范有限公司").count() == 1
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(BytesIO(download.value.path().read_bytes())).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["鄂尔多斯市临近期限示范有限公司"]
