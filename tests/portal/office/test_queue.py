"""The office's queues (portal.office.views.queue): one per stage the rules give the office, with counts, filters,
search, deadlines and export; each rule set parsed at most once per request, and the same number of queries for
1 row as for many."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from awards.domain import queues, supplements
from awards.models import Notice
from awards.workflow import Status
from cities import models as city_models
from portal.office import data_cache

from ... import factories
from ...builders.intake import SUBMIT_DAY
from ...builders.journeys import travel

URL = "/office/ordos/queue/eligibility/"
TODAY = datetime.date(2026, 9, 16)  # 16-18, Sunday 20 (调休), 21-24: 8 working days left
# session, user, the user's role groups, the city's rule set, its recommender units (filter), the side bar's
# counts (every stage's and the duties after the award: one query, which gives the unfiltered page its count too),
# the rows (with their rule sets), the calendar; the header's links ask nothing more (the roles were asked
# already by the page: access.remembering; applicant, unit and expert come with the user's row: SignInBackend).
# A filtered page counts its rows: one more.
QUERIES = 8  # the page built: session, user, roles, rule set, recommender units, stage counts, rows, calendar
KEPT_QUERIES = 3  # the page's body kept in the office's cache (portal/office/data_cache.py): session, user, roles


class Parses:
    """The rule sets validated from now on, read from cities.models.parse_count (the real counter)."""

    def __init__(self):
        self.start = city_models.parse_count()

    def clear(self):
        self.start = city_models.parse_count()

    @property
    def count(self) -> int:
        return city_models.parse_count() - self.start


@pytest.fixture
def parses():
    return Parses()


def fill(ordos, n):
    with travel(SUBMIT_DAY):
        return [ordos.application() for _ in range(n)]


def get_queue(client):
    with travel(TODAY):
        response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def assert_lists(html, apps):
    assert all(a.reference in html for a in apps)
    assert html.count("剩余8个工作日") == len(apps) and "第十六条" in html


@pytest.mark.parametrize("n", [1, 50])
def test_the_city_rules_are_parsed_once_per_request(client, ordos, parses, n):
    apps = fill(ordos, n)
    client.force_login(ordos.cast.office)
    city_models.forget_parsed_rules()
    parses.clear()
    html = get_queue(client)
    assert parses.count == 1  # the city's current rules and every row's pinned rules: one version, one parse
    assert_lists(html, apps)
    parses.clear()
    assert_lists(get_queue(client), apps)
    assert parses.count == 0  # a rule set version, once parsed, is shared by later requests


def test_a_new_rule_set_version_is_parsed_again(ordos, parses):
    rule_set = ordos.cycle.rule_set
    newer = city_models.RuleSet.objects.create(
        city=rule_set.city, version=rule_set.version + 1, digest="changed", content={**rule_set.content,
                                                                                     "name": "鄂尔多斯（新）"},
        source_file=rule_set.source_file,
    )
    parses.clear()
    assert city_models.RuleSet.objects.get(pk=newer.pk).rules.name == "鄂尔多斯（新）"
    assert city_models.RuleSet.objects.get(pk=rule_set.pk).rules.name == rule_set.rules.name
    assert parses.count == 1


def test_changed_content_of_a_stored_version_is_parsed_again(ordos, parses):
    """Content comes with its digest (cities.sync); another digest is another parse."""
    rule_set = ordos.cycle.rule_set
    assert city_models.RuleSet.objects.get(pk=rule_set.pk).rules.name == "鄂尔多斯市"
    city_models.RuleSet.objects.filter(pk=rule_set.pk).update(content={**rule_set.content, "name": "改过的名称"},
                                                              digest="edited")
    parses.clear()
    assert city_models.RuleSet.objects.get(pk=rule_set.pk).rules.name == "改过的名称"
    assert parses.count == 1


def test_the_queue_takes_the_same_queries_for_1_and_n_rows(client, ordos, django_assert_num_queries):
    first = fill(ordos, 1)
    client.force_login(ordos.cast.office)
    get_queue(client)  # warm the session
    data_cache.bump()  # as after any change: the page is built
    with django_assert_num_queries(QUERIES):
        html = get_queue(client)
    assert_lists(html, first)
    assert '<span class="count">1</span>' in html
    with django_assert_num_queries(KEPT_QUERIES):  # nothing changed: the body as it was built
        assert_lists(get_queue(client), first)
    more = first + fill(ordos, 49)  # saving them is a change: built again
    with django_assert_num_queries(QUERIES):
        html = get_queue(client)
    assert_lists(html, more)
    assert '<span class="count">50</span>' in html
    with django_assert_num_queries(KEPT_QUERIES):
        assert_lists(get_queue(client), more)


def test_home_leads_to_every_queue(client, ordos):
    """The office's home lists every stage of the city's flow (各阶段); tests/portal/office/test_queues_flow.py says
    more."""
    client.force_login(ordos.cast.office)
    response = client.get("/office/")
    assert response.status_code == 200 and "/office/ordos/queue/eligibility/" in response.content.decode()


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
    assert client.get("/office/ordos/queue/local_publicity/").status_code == 404  # nor a local publicity
    assert client.get("/office/ordos/queue/public_comment/").status_code == 200  # the system's stage: a queue too


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


def test_a_filtered_queue_counts_its_rows_with_one_query_more(client, ordos, django_assert_num_queries):
    """The unfiltered page takes its count from the side bar's counts; a filter counts the rows it leaves."""
    first = fill(ordos, 1)
    client.force_login(ordos.cast.office)
    get_queue(client)
    with travel(TODAY), django_assert_num_queries(QUERIES + 1):
        html = client.get(URL, {"q": first[0].reference}).content.decode()
    assert first[0].reference in html and "共 1 份申报" in html
    more = first + fill(ordos, 3)
    with travel(TODAY), django_assert_num_queries(QUERIES + 1):
        html = client.get(URL, {"award_kind": first[0].award_kind}).content.decode()
    assert all(a.reference in html for a in more) and "共 4 份申报" in html
    with travel(TODAY), django_assert_num_queries(QUERIES + 1):
        html = client.get(URL, {"q": more[2].reference}).content.decode()
    assert more[2].reference in html and more[0].reference not in html and "共 1 份申报" in html
    assert '<span class="count">4</span>' in html  # the side bar counts the whole stage


def test_a_change_shows_at_the_next_request(client, ordos):
    """Nothing of the rows is kept between requests: a status change, a deadline change and a rename show at once."""
    with travel(SUBMIT_DAY):
        unit = factories.RecommenderUnitFactory(city=ordos.cycle.city, name="旗区质量协会")
        moved, renamed = ordos.application(), ordos.application(recommender=unit)
    client.force_login(ordos.cast.office)
    html = get_queue(client)
    assert moved.reference in html and "旗区质量协会" in html and "共 2 份申报" in html
    with travel(TODAY):
        supplements.request(moved, ordos.cast.office, ["审计报告"])
    renamed.organisation.name = "改名后的公司"
    renamed.organisation.save()
    unit.name = "改名后的协会"
    unit.save()
    queues.Application.objects.filter(pk=renamed.pk).update(stage_deadline=TODAY - datetime.timedelta(days=1))
    html = get_queue(client)
    assert moved.reference not in html and "共 1 份申报" in html
    assert "改名后的公司" in html and "改名后的协会" in html and "旗区质量协会" not in html
    assert 'class="row-overdue"' in html and '<span class="late" title="已逾期">1</span>' in html
    with travel(TODAY):
        supplements_page = client.get("/office/ordos/queue/supplement_requested/").content.decode()
    assert moved.reference in supplements_page
