"""The applicant's steps over HTTP for who may apply and what they sign (portal.applicant.views: home, start, check,
submit): an Ordos individual working in another city applies (第十一条 sets no place of work); the exclusions become
declarations (申报承诺) signed on the submit page, each box required, stored with who, when, the text and the
article; lines for the head of an organisation only for a head (Ordos 第十一条(三))."""

import pytest

from awards.models import Application, City, Declaration
from awards.workflow import Status

from ... import factories
from ...builders.intake import PDF, PUBLISHED, TODAY, complete_values, signatures, upload_file
from ...builders.journeys import Cast, travel

pytestmark = pytest.mark.django_db


def _ordos_draft_of_a_wuhan_engineer(client, *, heads_organisation=False):
    """A quality engineer working in Wuhan signs in, finds Ordos's open cycle and starts its individual award."""
    cycle = factories.cycle_for("ordos", published=PUBLISHED)
    cast = Cast("ordos")
    person = factories.IndividualFactory(city=City.objects.get(code="wuhan"), heads_organisation=heads_organisation)
    client.force_login(person.user)
    home = client.get("/apply/").content.decode()
    assert "鄂尔多斯市" in home and f"/apply/cycle/{cycle.pk}/" in home
    offer = client.get(f"/apply/cycle/{cycle.pk}/").content.decode()
    assert "市长质量奖（个人）" in offer
    client.post(f"/apply/cycle/{cycle.pk}/", {"award_kind": "mayor_individual", "who": "person"})
    app = Application.objects.get(individual=person)
    values = complete_values(app)
    values["recommender"] = str(cast.recommender_unit.pk)
    client.post(f"/apply/{app.pk}/", values)
    client.post(f"/apply/{app.pk}/upload/", {"kind": "self_assessment", "secret_kind": "",
                                             "files": [upload_file("自评报告.pdf", PDF)]})
    return app, person


def test_an_ordos_individual_working_in_wuhan_applies_and_signs_the_declarations_第十一条_第十二条(cities, client):
    with travel(TODAY):
        app, person = _ordos_draft_of_a_wuhan_engineer(client)
        check = client.get(f"/apply/{app.pk}/check/").content.decode()
        assert "可以提交" in check and "近3年参加各级政府奖项评定活动存在弄虚作假等违规行为" in check
        assert "第十二条" in check and 'required' in check
        assert "其任职组织近3年" not in check  # 第十一条(三): only for the head of an organisation
        done = client.post(f"/apply/{app.pk}/submit/", signatures(app), follow=True)
    app.refresh_from_db()
    assert app.status == Status.RECOMMENDATION, done.content.decode()
    signed = list(Declaration.objects.filter(application=app))
    assert [(d.key, d.article) for d in signed] == [("decl_award_fraud_3y", "第十二条"), ("decl_truthful", "")]
    assert all(d.signed_by == person.user and d.signed_at is not None for d in signed)
    assert signed[0].text == "近3年参加各级政府奖项评定活动存在弄虚作假等违规行为"


def test_each_declaration_box_is_required_to_submit(cities, client):
    """The submit page lists the exclusions as statements; leaving one unticked submits nothing."""
    with travel(TODAY):
        app, _person = _ordos_draft_of_a_wuhan_engineer(client)
        boxes = signatures(app)
        boxes.pop("decl_award_fraud_3y")
        refused = client.post(f"/apply/{app.pk}/submit/", boxes, follow=True).content.decode()
        assert "请逐项确认申报承诺" in refused and "第十二条" in refused
        assert "请逐项确认申报承诺" in client.post(f"/apply/{app.pk}/submit/", {"decl_truthful": "²"},
                                                  follow=True).content.decode()
        assert client.post(f"/apply/{app.pk}/submit/", {"decl_truthful": "\x00"}).status_code in (302, 400)
    app.refresh_from_db()
    assert app.status == Status.DRAFT and not Declaration.objects.exists()


def test_the_head_of_an_organisation_signs_its_organisations_lines_too_第十一条(cities, client):
    """Ordos 第十一条(三): 申报个人如为组织最高管理者, the organisation's accidents, complaints, violations."""
    with travel(TODAY):
        app, _person = _ordos_draft_of_a_wuhan_engineer(client, heads_organisation=True)
        check = client.get(f"/apply/{app.pk}/check/").content.decode()
        assert check.count("其任职组织近3年") == 3
        client.post(f"/apply/{app.pk}/submit/", signatures(app))
    assert Declaration.objects.filter(application=app, article="第十一条").count() == 3


def test_a_jinan_individual_working_elsewhere_is_told_why_not_第十二条(cities, client):
    """Jinan 第十二条: 在本市从事质量相关工作; the Jinan cycle is not offered to a Wuhan engineer."""
    with travel(TODAY):
        cycle = factories.cycle_for("jinan", published=PUBLISHED)
        person = factories.IndividualFactory(city=City.objects.get(code="wuhan"))
        client.force_login(person.user)
        assert f"/apply/cycle/{cycle.pk}/" not in client.get("/apply/").content.decode()
        assert client.get(f"/apply/cycle/{cycle.pk}/").status_code == 404


def test_the_form_asks_wuhans_declared_preference_and_the_check_never_requires_it_第十一条(cities, client):
    """Wuhan 第十一条(七): the district award is stated on the form (a preference); unticked, nothing is missing."""
    with travel(TODAY):
        cycle = factories.cycle_for("wuhan", published=PUBLISHED)
        app = factories.application_for(cycle, recommender=Cast("wuhan").recommender_unit)
        user = factories.member(app.organisation)
        client.force_login(user)
        form = client.get(f"/apply/{app.pk}/").content.decode()
        assert 'name="pref_district_award_priority"' in form and "优先条件，非必备" in form
        client.post(f"/apply/{app.pk}/", {**complete_values(app), "pref_district_award_priority": "on",
                                          "recommender": str(app.recommender_id)})
        app.refresh_from_db()
        assert app.form_data["pref_district_award_priority"] == "on"
        client.post(f"/apply/{app.pk}/", {**complete_values(app), "recommender": str(app.recommender_id)})
        app.refresh_from_db()
        assert app.form_data["pref_district_award_priority"] == ""
        check = client.get(f"/apply/{app.pk}/check/").content.decode()
        assert "区政府质量奖" not in check


def test_the_form_says_whether_the_individual_heads_an_organisation_第十一条(cities, client):
    """The individual's form has the yes/no field (prefilled from the profile); ticking it brings in the lines for
    the head of an organisation (Ordos 第十一条(三)), unticking it takes them out again."""
    with travel(TODAY):
        app, _person = _ordos_draft_of_a_wuhan_engineer(client)
        app.refresh_from_db()
        form = client.get(f"/apply/{app.pk}/").content.decode()
        assert 'name="heads_organisation"' in form and 'id="f_heads_organisation" checked' not in form
        values = {**complete_values(app), "recommender": str(app.recommender_id), "heads_organisation": "on"}
        client.post(f"/apply/{app.pk}/", values)
        assert client.get(f"/apply/{app.pk}/check/").content.decode().count("其任职组织近3年") == 3
        values.pop("heads_organisation")  # an unticked box is not posted
        client.post(f"/apply/{app.pk}/", values)
        assert "其任职组织近3年" not in client.get(f"/apply/{app.pk}/check/").content.decode()
