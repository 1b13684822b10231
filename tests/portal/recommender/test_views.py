"""The recommender unit's pages (portal.recommender.views): recommend or return with a reason; Wuhan's local
publicity first (第十七条)."""

import datetime

import pytest

from awards.domain import forms_data, publicity, recommendation
from awards.models import Publicity
from awards.workflow import Status
from core.errors import InvalidInput, TransitionError

from ...builders.intake import TODAY, submitted_application
from ...builders.journeys import travel


def test_recommender_recommends_into_the_office_check(cities, client):
    app, cast, user = submitted_application("jinan")
    client.force_login(cast.recommender)
    with travel(TODAY):
        page = client.get(f"/recommend/{app.pk}/").content.decode()
        assert "同意推荐" in page and "示例内容" in page
        client.post(f"/recommend/{app.pk}/act/", {"action": "recommend", "opinion": "材料齐全，同意推荐"})
    app.refresh_from_db()
    assert app.status == Status.ELIGIBILITY
    assert app.audit_trail.last().reason == "材料齐全，同意推荐"


def test_the_recommender_reads_the_declarations_as_signed_at_submission(cities, client):
    """The exclusions the applicant declared at submission (申报承诺), with their articles, from the signed rows."""
    app, cast, user = submitted_application("jinan")
    exclusions = {d.key for d in forms_data.spec_for(app).declaration}
    signed = [d for d in app.declarations.all() if d.key in exclusions]
    assert signed
    client.force_login(cast.recommender)
    with travel(TODAY):
        page = client.get(f"/recommend/{app.pk}/").content.decode()
    for d in signed:
        assert d.text in page and d.article in page
    assert page.count("已声明不存在") == len(signed)


def test_return_needs_a_reason_the_applicant_then_reads(cities, client):
    app, cast, user = submitted_application("chenzhou")
    client.force_login(cast.recommender)
    with travel(TODAY):
        empty = client.post(f"/recommend/{app.pk}/act/", {"action": "return", "reason": " "}, follow=True)
        assert "须填写理由" in empty.content.decode()
        client.post(f"/recommend/{app.pk}/act/", {"action": "return", "reason": "自评报告缺少结果部分"})
    app.refresh_from_db()
    assert app.status == Status.DRAFT
    client.force_login(user)
    html = client.get(f"/apply/{app.pk}/status/").content.decode()
    assert "自评报告缺少结果部分" in html and "退回申报人修改" in html
    edit = client.get(f"/apply/{app.pk}/").content.decode()
    assert 'data-editable="1"' in edit and "已锁定" not in edit  # editable again


def test_wuhan_local_publicity_comes_first_and_must_end_without_objection(cities, client):
    app, cast, user = submitted_application("wuhan")
    client.force_login(cast.recommender)
    with travel(TODAY):
        client.post(f"/recommend/{app.pk}/act/", {"action": "recommend", "opinion": "审核通过"})
        app.refresh_from_db()
        assert app.status == Status.LOCAL_PUBLICITY
        with pytest.raises(InvalidInput) as first:
            recommendation.recommend(app, cast.recommender, opinion="同意推荐")
        assert "须先进行推荐单位公示" in first.value.message and "第十七条" in first.value.message
        client.post("/recommend/publicity/", {"applications": [app.pk]})
    notice = Publicity.objects.get()
    assert notice.stage == Status.LOCAL_PUBLICITY and notice.recommender == cast.recommender_unit
    assert notice.ends_on == datetime.date(2026, 9, 18)  # 5 working days from Monday 14 September (第十七条)
    entry = notice.entries.get()
    with travel(datetime.date(2026, 9, 16)):
        app.refresh_from_db()
        with pytest.raises(TransitionError) as early:
            recommendation.recommend(app, cast.recommender, opinion="同意推荐")
        assert "期满" in early.value.message
        objection = publicity.file_objection(entry, name="王某", contact="139", text="数据存疑")
    with travel(datetime.date(2026, 9, 21)):
        app.refresh_from_db()
        with pytest.raises(TransitionError) as objected:
            recommendation.recommend(app, cast.recommender, opinion="同意推荐")
        assert "异议" in objected.value.message
        publicity.resolve_objection(objection, sustained=False, resolution="经核实数据无误", actor=cast.office)
        app.refresh_from_db()
        recommendation.recommend(app, cast.recommender, opinion="公示期满，异议不成立，同意推荐")
    app.refresh_from_db()
    assert app.status == Status.ELIGIBILITY
