"""The application form (portal.applicant.views): start, autosave, nothing lost on errors or an expired session,
the missing list, submit."""

import json

import pytest

from awards.models import Application
from awards.workflow import Status

from ... import factories
from ...builders.intake import (
    PDF,
    PUBLISHED,
    TODAY,
    applicant_of,
    chenzhou_draft_and_cast,
    complete_values,
    signatures,
    upload_file,
)
from ...builders.journeys import Cast, travel


@pytest.fixture
def draft(cities):
    return chenzhou_draft_and_cast()


def test_start_offers_kinds_and_creates_the_application(cities, client):
    with travel(TODAY):
        cycle = factories.cycle_for("qujing", published=PUBLISHED)
        org = factories.OrganisationFactory(city=cycle.city, legal_person=False)
        client.force_login(factories.member(org))
        page = client.get(f"/apply/cycle/{cycle.pk}/").content.decode()
        assert "曲靖市质量贡献奖" in page and "具有法人资格" in page
        refused = client.post(f"/apply/cycle/{cycle.pk}/", {"award_kind": "mayor_org", "who": f"org:{org.pk}"},
                              follow=True)
        assert "法人资格" in refused.content.decode() and not Application.objects.exists()
        made = client.post(f"/apply/cycle/{cycle.pk}/", {"award_kind": "contribution_org", "who": f"org:{org.pk}"})
    app = Application.objects.get()
    assert made["Location"] == f"/apply/{app.pk}/" and app.award_kind == "contribution_org"


def test_autosave_returns_the_time_and_keeps_invalid_values(draft, client):
    app, _ = draft
    client.force_login(applicant_of(app))
    response = client.post(f"/apply/{app.pk}/autosave/", json.dumps({"contact_email": "not-an-email",
                                                                      "address": "郴州市北湖区"}),
                           content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and body["ok"] and len(body["saved_at"]) == 5
    assert "格式不正确" in body["errors"]["contact_email"]
    app.refresh_from_db()
    assert app.form_data["contact_email"] == "not-an-email" and app.form_data["address"] == "郴州市北湖区"
    page = client.get(f"/apply/{app.pk}/").content.decode()
    assert "已保存" not in page or "郴州市北湖区" in page
    assert 'data-autosave-url' in page and "郴州市北湖区" in page


def test_expired_session_gets_json_401_and_the_page_keeps_a_local_copy(draft, client):
    app, _ = draft
    response = client.post(f"/apply/{app.pk}/autosave/", json.dumps({"address": "x"}),
                           content_type="application/json")
    assert response.status_code == 401 and "重新登录" in response.json()["message"]
    app.refresh_from_db()
    assert "address" not in app.form_data


def test_posted_form_with_errors_is_shown_again_with_every_value(draft, client):
    app, _ = draft
    client.force_login(applicant_of(app))
    values = complete_values(app)
    values["employees"] = "三百"
    values["achievements"] = "长段落\n第二行"
    response = client.post(f"/apply/{app.pk}/", values)
    html = response.content.decode()
    assert response.status_code == 200 and "请输入数字" in html and "三百" in html and "第二行" in html


def test_missing_list_names_everything_then_submit_freezes(draft, client):
    app, cast = draft
    user = applicant_of(app)
    client.force_login(user)
    with travel(TODAY):
        page = client.get(f"/apply/{app.pk}/check/").content.decode()
        assert "“注册地址”未填写" in page and "自评报告" in page
        refused = client.post(f"/apply/{app.pk}/submit/", signatures(app), follow=True)
        assert "申报尚不完整" in refused.content.decode()
        values = complete_values(app)
        values["recommender"] = str(cast.recommender_unit.pk)
        client.post(f"/apply/{app.pk}/", values)
        client.post(f"/apply/{app.pk}/upload/", {"kind": "self_assessment", "secret_kind": "",
                                                 "files": [upload_file("自评报告.pdf", PDF)]})
        check = client.get(f"/apply/{app.pk}/check/").content.decode()
        assert "可以提交" in check and "第七条" in check  # the declarations to sign cite their articles
        done = client.post(f"/apply/{app.pk}/submit/", signatures(app), follow=True)
    app.refresh_from_db()
    assert app.status == Status.RECOMMENDATION and app.recommender == cast.recommender_unit
    html = done.content.decode()
    assert "待推荐单位初审" in html and "提交申报" in html  # Chenzhou's own wording, the history
    edit = client.get(f"/apply/{app.pk}/").content.decode()
    assert "已锁定" in edit and "disabled" in edit
    assert client.post(f"/apply/{app.pk}/autosave/", "{}", content_type="application/json").status_code == 409


def test_an_individual_applies_in_wuhan_with_the_individual_form(cities, client):
    with travel(TODAY):
        cycle = factories.cycle_for("wuhan", published=PUBLISHED)
        cast = Cast("wuhan")
        person = factories.IndividualFactory(city=cycle.city)
        client.force_login(person.user)
        page = client.get(f"/apply/cycle/{cycle.pk}/").content.decode()
        assert "市长质量奖（个人）" in page and "以个人申报" in page
        client.post(f"/apply/cycle/{cycle.pk}/", {"award_kind": "mayor_individual", "who": "person"})
        app = Application.objects.get()
        form = client.get(f"/apply/{app.pk}/").content.decode()
        assert "主要质量工作业绩" in form and "有违法违规不良记录" in form and "第十二条" in form
        values = complete_values(app)
        values["recommender"] = str(cast.recommender_unit.pk)
        client.post(f"/apply/{app.pk}/", values)
        client.post(f"/apply/{app.pk}/upload/", {"kind": "self_assessment", "secret_kind": "",
                                                 "files": [upload_file("自我评价报告.pdf", PDF)]})
        client.post(f"/apply/{app.pk}/submit/", signatures(app))
    app.refresh_from_db()
    assert app.status == Status.RECOMMENDATION and app.individual == person


def test_an_autosave_posted_as_a_form_is_refused_in_chinese_and_saves_nothing(draft, client):
    app, _ = draft
    client.force_login(applicant_of(app))
    before = Application.objects.filter(pk=app.pk).values().get()
    response = client.post(f"/apply/{app.pk}/autosave/", {"address": "郴州市北湖区"})
    assert response.status_code == 400 and response.json()["message"] == "数据格式不正确。"
    assert Application.objects.filter(pk=app.pk).values().get() == before
