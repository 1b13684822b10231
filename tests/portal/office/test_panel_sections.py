"""Panels by GB/T 4754 section code (core.industry, reviews.domain.panels): the office forms a Qujing industry panel
by ticking sections, the expert pool records the sections an expert knows, and assignment matches the organisation's
section letter — 食品制造 is C 制造业 — with the name read only as a fallback for an organisation without one."""

from reviews.models import Assignment, Expert, Panel

from ... import factories
from ...builders.journeys import Cast
from ...builders.review import make_expert, open_cycle
from ...builders.review import to_stage as walk
from .test_panels import FORM


def _panel_by_http(client, cycle, experts, **extra):
    client.force_login(Cast("qujing").office)
    response = client.post("/reviews/office/panels/", {
        "cycle": cycle.pk, "stage": "document_review", "name": "制造业评审组", "experts": [e.pk for e in experts],
        "leader": str(experts[0].pk), **extra}, follow=True)
    return response, Panel.objects.filter(cycle=cycle).first()


def _application(cycle, cast, **organisation):
    org = factories.OrganisationFactory(city=cycle.city, **organisation)
    return walk(factories.application_for(cycle, recommender=cast.recommender_unit, organisation=org), cast,
                "document_review")


def test_office_forms_a_panel_by_section_and_food_manufacturing_is_assigned_to_it(cities, client):
    cycle, cast = open_cycle("qujing"), Cast("qujing")
    experts = [make_expert("qujing", f"专家{i}", industry_expert=True, industry_sections="C") for i in range(3)]
    response, panel = _panel_by_http(client, cycle, experts, grouping="", sections=["C", "D"])
    assert response.status_code == 200 and panel.sections == "CD"
    page = response.content.decode()
    assert "C 制造业、D 电力、热力、燃气及水生产和供应业" in page  # on the panel's page
    food = _application(cycle, cast, industry="食品制造", industry_section="C")
    detail = client.get(f"/reviews/office/panels/{panel.pk}/").content.decode()
    assert "（C 制造业）" in detail  # the candidate is offered with its section
    page = client.post(f"/reviews/office/panels/{panel.pk}/assign/", {"application": food.pk}, follow=True)
    assert "已将" in page.content.decode()
    assert Assignment.objects.filter(panel=panel, application=food).count() == 3
    software = _application(cycle, cast, industry="软件开发", industry_section="I")
    page = client.post(f"/reviews/office/panels/{panel.pk}/assign/", {"application": software.pk},
                       follow=True).content.decode()
    assert "“I 信息传输、软件和信息技术服务业”，不在评审组所评的门类" in page
    assert not Assignment.objects.filter(application=software).exists()


def test_an_old_organisation_without_a_section_is_matched_by_a_guess_the_page_names(cities, client):
    cycle, cast = open_cycle("qujing"), Cast("qujing")
    experts = [make_expert("qujing", f"专家{i}", industry_expert=True) for i in range(3)]
    _response, panel = _panel_by_http(client, cycle, experts, sections=["C"])
    old = _application(cycle, cast, industry="食品制造", industry_section="")
    detail = client.get(f"/reviews/office/panels/{panel.pk}/").content.decode()
    assert "C 制造业，按行业名称推断" in detail
    client.post(f"/reviews/office/panels/{panel.pk}/assign/", {"application": old.pk})
    assert Assignment.objects.filter(panel=panel, application=old).count() == 3


def test_a_panel_formed_without_a_section_is_refused_and_a_typed_name_is_only_a_fallback(cities, client):
    cycle = open_cycle("qujing")
    experts = [make_expert("qujing", f"专家{i}", industry_expert=True) for i in range(3)]
    page = _panel_by_http(client, cycle, experts, grouping="综合")[0].content.decode()
    assert "请选择评审组所评的行业门类（GB/T 4754）" in page and not Panel.objects.exists()
    response, panel = _panel_by_http(client, cycle, experts, grouping="食品制造")
    assert panel.sections == "C" and "已按名称“食品制造”推断为：C 制造业，请核对" in response.content.decode()


def test_the_expert_pool_records_the_sections_an_expert_knows(cities, client):
    client.force_login(Cast("chenzhou").office)
    page = client.post("/reviews/office/experts/", {**FORM, "industry_sections": ["C", "x", "D"]},
                       follow=True).content.decode()
    assert Expert.objects.get(name="李质量").industry_sections == "CD"
    assert "门类 CD" in page
    form = client.get("/reviews/office/experts/").content.decode()
    assert 'name="industry_sections"' in form and "C 制造业" in form
