"""portal.committee.objections: the deciding body records its step on an objection to the city's 公示 where the rules
give it one (济南 第十七条: the leading group approves the office's 处理意见; 鄂尔多斯 第二十一条: the committee
investigates first)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.domain import objections, publicity
from awards.models import Objection
from awards.workflow import Status

from ...builders.journeys import Cast, travel
from ...builders.publicity import make_publicity

FILED = datetime.date(2026, 9, 15)


def _filed(code="jinan", n=1):
    notice, cast = make_publicity(n, code)
    rows = []
    with travel(FILED):
        for entry in notice.entries.order_by("pk"):
            rows.append(publicity.file_objection(entry, name="王某", contact="13800000000", text="数据存疑"))
    return rows, cast


def test_the_leading_group_approves_the_office_proposal_over_http(cities, client):
    """济南 第十七条: 经市质量强市领导小组批准后实施."""
    (objection,), cast = _filed()
    client.force_login(cast.committee)
    with travel(FILED):
        assert "没有待本机构审议的公示异议" in client.get("/committee/objections/").content.decode()
        client.force_login(cast.office)
        client.post(f"/office/objections/{objection.pk}/resolve/",
                    {"outcome": "sustained", "resolution": "属实，建议取消", "position": "0"})
        client.force_login(cast.committee)
        page = client.get("/committee/objections/").content.decode()
        assert "属实，建议取消" in page and "数据存疑" in page and "13800000000" not in page
        bad = client.post(f"/committee/objections/{objection.pk}/decide/", {"outcome": "x"}, follow=True)
        assert "请选择" in bad.content.decode()
        stale = client.post(f"/committee/objections/{objection.pk}/decide/",
                            {"outcome": "sustained", "resolution": "批准", "position": "0"}, follow=True)
        assert "刚刚已录入" in stale.content.decode()
        done = client.post(f"/committee/objections/{objection.pk}/decide/",
                           {"outcome": "sustained", "resolution": "批准", "position": "1"}, follow=True)
        assert "已决定：异议成立" in done.content.decode()
    objection.refresh_from_db()
    objection.entry.application.refresh_from_db()
    assert objection.outcome == Objection.Outcome.SUSTAINED
    assert objection.entry.application.status == Status.NOT_SELECTED


def test_ordos_committee_investigates_before_the_secretariat_proposes(cities, client):
    """鄂尔多斯 第二十一条: 评审委员会应调查核实 — the office waits, the committee's page has the form."""
    (objection,), cast = _filed("ordos")
    with travel(FILED):
        client.force_login(cast.office)
        page = client.get("/office/ordos/objections/").content.decode()
        assert f'id="objection-{objection.pk}-waiting"' in page
        client.force_login(cast.committee)
        client.post(f"/committee/objections/{objection.pk}/decide/", {"outcome": "sustained", "resolution": "属实"})
    assert objections.next_step(Objection.objects.get(pk=objection.pk)).kind == "proposal"


def test_another_citys_committee_and_others_are_refused(cities, client):
    (objection,), cast = _filed()
    post = {"outcome": "sustained", "resolution": "x"}
    client.force_login(Cast("qujing").committee)
    assert client.post(f"/committee/objections/{objection.pk}/decide/", post).status_code == 404
    for outsider in (cast.office, cast.supervisor, cast.recommender):
        client.force_login(outsider)
        assert client.get("/committee/objections/").status_code == 403
    client.logout()
    assert client.get("/committee/objections/").status_code == 302


def test_the_list_runs_a_fixed_number_of_queries(cities, client):
    rows, cast = _filed(n=4)
    with travel(FILED):
        for o in rows:
            objections.record_step(o, actor=cast.office, sustain=False, text="不属实")
        objections.record_step(rows[0], actor=cast.committee, sustain=False, text="同意")
        client.force_login(cast.committee)
        with CaptureQueriesContext(connection) as one:
            assert client.get("/committee/objections/").status_code == 200
        objections.record_step(rows[1], actor=cast.committee, sustain=False, text="同意")
        with CaptureQueriesContext(connection) as many:
            page = client.get("/committee/objections/").content.decode()
    assert page.count("不属实") >= 4
    assert len(many) == len(one), [q["sql"] for q in many]
