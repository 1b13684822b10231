"""Office queues: one per stage the rules give the office, with counts, filters, search, deadlines, export."""

import datetime
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from awards.domain import queues, supplements
from awards.models import Notice
from awards.workflow import Status

from .. import factories
from ..journeys import travel
from .conftest import SUBMIT_DAY


def test_office_stages_follow_the_city_rules(ordos):
    stages = [s.status for s in queues.office_stages(ordos.cycle.rules)]
    assert stages == ["eligibility", "supplement_requested", "document_review", "site_review", "ranking",
                      "committee_decision", "government_approval"]
    assert queues.office_stages(ordos.cycle.rules)[0].label == "资格初审"  # Ordos' own wording


def test_home_leads_to_the_first_queue(client, ordos):
    client.force_login(ordos.cast.office)
    response = client.get("/office/")
    assert response.status_code == 302 and response["Location"] == "/office/ordos/queue/eligibility/"


def test_queue_shows_own_city_with_counts_deadlines_and_articles(client, ordos, wuhan):
    with travel(SUBMIT_DAY):
        mine = ordos.application()
        ordos.application(Status.DOCUMENT_REVIEW)
        theirs = wuhan.application()
    client.force_login(ordos.cast.office)
    with travel(datetime.date(2026, 9, 22)):  # 3 working days left (22, 23, 24)
        html = client.get("/office/ordos/queue/eligibility/").content.decode()
    assert mine.reference in html and theirs.reference not in html
    assert "资格初审" in html and "第十六条" in html
    assert 'class="row-due_soon"' in html and "剩余3个工作日" in html
    assert "收到申报材料10个工作日内完成资格审核" in html
    # Counts per stage in the side bar: 1 in 资格初审, 1 in 材料评审.
    assert html.count('<span class="count">1</span>') == 2
    with travel(datetime.date(2026, 9, 28)):
        html = client.get("/office/ordos/queue/eligibility/").content.decode()
    assert 'class="row-overdue"' in html and "已逾期" in html
    assert '<span class="late" title="已逾期">1</span>' in html


def test_filters_and_search(client, ordos):
    with travel(SUBMIT_DAY):
        other_unit = factories.RecommenderUnitFactory(city=ordos.cycle.city, name="行业主管部门（测试）")
        org = factories.OrganisationFactory(city=ordos.cycle.city, name="鄂尔多斯绒业集团有限公司")
        wool = ordos.application(organisation=org)
        person = ordos.application(award_kind="mayor_individual", recommender=other_unit)
        plain = ordos.application()
    client.force_login(ordos.cast.office)

    def refs(**params):
        with travel(datetime.date(2026, 9, 16)):
            html = client.get("/office/ordos/queue/eligibility/", params).content.decode()
        return {a.reference for a in (wool, person, plain) if a.reference in html}

    assert refs() == {wool.reference, person.reference, plain.reference}
    assert refs(q="绒业") == {wool.reference}
    assert refs(q=org.credit_code[-8:]) == {wool.reference}
    assert refs(q=plain.reference.lower()) == {plain.reference}
    assert refs(applicant_kind="individual") == {person.reference}
    assert refs(award_kind="mayor_org") == {wool.reference, plain.reference}
    assert refs(recommender=other_unit.pk) == {person.reference}
    assert refs(overdue="on") == set()
    with travel(datetime.date(2026, 9, 16)):
        bad = client.get("/office/ordos/queue/eligibility/", {"recommender": "abc"}).content.decode()
    assert "筛选条件有误" in bad


def test_unknown_stage_is_404(client, ordos):
    client.force_login(ordos.cast.office)
    assert client.get("/office/ordos/queue/hearing/").status_code == 404  # Ordos has no hearing
    assert client.get("/office/ordos/queue/public_comment/").status_code == 404  # the system's stage


def test_export_has_the_page_filters_and_chinese_headers(client, ordos):
    with travel(SUBMIT_DAY):
        org = factories.OrganisationFactory(city=ordos.cycle.city, name="伊泰煤制油有限责任公司")
        kept = ordos.application(organisation=org)
        ordos.application()
    client.force_login(ordos.cast.office)
    with travel(datetime.date(2026, 9, 16)):
        response = client.get("/office/ordos/queue/eligibility/export/", {"q": "伊泰"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ordos-eligibility-20260916.xlsx"')
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("申报编号", "申报主体", "申报类型", "奖项")
    assert len(rows) == 2
    reference, name, kind, award, credit_code = rows[1][:5]
    assert (reference, name, kind, award, credit_code) == (
        kept.reference, "伊泰煤制油有限责任公司", "单位", "市长质量奖（组织）", org.credit_code
    )
    # 16-18, Sunday 20 (调休), 21-24: 8 working days left.
    assert rows[1][8] == datetime.datetime(2026, 9, 24) and rows[1][9] == "剩余8个工作日"
    assert rows[1][10] == "第十六条"


def test_every_queue_takes_the_same_queries_for_1_and_n_rows(client, ordos):
    """Each office stage, its export and the failed e-mails page: 1 row and 4 rows cost the same queries."""
    stages = [s.status for s in queues.office_stages(ordos.cycle.rules)]
    client.force_login(ordos.cast.office)

    def fill():
        with travel(SUBMIT_DAY):
            for status in stages:
                if status == Status.SUPPLEMENT_REQUESTED:
                    app = ordos.application()
                    supplements.request(app, ordos.cast.office, ["审计报告"])
                else:
                    app = ordos.application(status)
                Notice.objects.create(recipient=factories.member(app.organisation), application=app,
                                      event_key=f"t{app.pk}", subject="s", body="b",
                                      email_status=Notice.EmailStatus.FAILED)

    def counts():
        found = {}
        with travel(datetime.date(2026, 9, 16)):
            urls = [f"/office/ordos/queue/{s}/" for s in stages] + [
                f"/office/ordos/queue/{s}/export/" for s in stages
            ] + ["/office/ordos/failed-emails/"]
            for url in urls:
                with CaptureQueriesContext(connection) as ctx:
                    assert client.get(url).status_code == 200
                found[url] = len(ctx.captured_queries)
        return found

    fill()
    one = counts()
    for _ in range(3):
        fill()
    assert counts() == one


def test_staff_of_two_cities_choose_and_see_each_city(client, ordos, wuhan):
    both = ordos.cast.office
    both.groups.add(*wuhan.cast.office.groups.all())
    client.force_login(both)
    html = client.get("/office/").content.decode()
    assert "/office/ordos/queue/eligibility/" in html and "/office/wuhan/queue/eligibility/" in html
    assert client.get("/office/wuhan/queue/eligibility/").status_code == 200
