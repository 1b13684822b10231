"""The office's eligibility page and queue over HTTP (portal.office.views): the computed facts with their articles,
the declarations the applicant signed beside the checklist, the preferences as badges that may sort the queue but
never hold up acceptance (Wuhan 第十一条(七), 第四条; Ordos 第六条), with a fixed number of queries for 1 and N rows."""

import datetime

import pytest

from awards.models import City
from awards.workflow import Status

from ... import factories
from ...builders.intake import SUBMIT_DAY, World
from ...builders.journeys import travel
from ...builders.queries import count
from .test_views import checklist_post

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 9, 16)


def test_the_office_sees_the_computed_facts_and_the_signed_declarations_第十一条_第十二条(cities, client):
    """Ordos: an individual working in Wuhan (第十一条 does not ask it), 5 years of quality work (第十一条); the
    declarations signed at submission (第十二条) next to the checklist's exclusions."""
    with travel(SUBMIT_DAY):
        ordos = World("ordos")
        person = factories.IndividualFactory(city=City.objects.get(code="wuhan"))
        app = ordos.application(award_kind="mayor_individual", individual=person)
    client.force_login(ordos.cast.office)
    with travel(DAY):
        html = client.get(f"/office/applications/{app.pk}/").content.decode()
    assert "工作所在城市" in html and "武汉市" in html and "不要求在本市工作" in html
    assert "从事质量工作满5年" in html and "第十一条" in html
    assert "申报承诺（提交时签署）" in html and "近3年参加各级政府奖项评定活动存在弄虚作假等违规行为" in html
    assert "签署承诺无此情形" in html
    assert "其任职组织近3年" not in html  # 第十一条(三): he heads no organisation


def test_a_wuhan_preference_is_a_badge_and_acceptance_does_not_wait_for_it_第十一条(cities, client):
    """Wuhan 第十一条(七) and 第四条: shown on the queue and the page; an application without them is accepted."""
    with travel(SUBMIT_DAY):
        wuhan = World("wuhan")
        plain = wuhan.application()
        favoured = wuhan.application(organisation=factories.OrganisationFactory(city=wuhan.cycle.city, is_sme=True),
                                     form_data={"pref_district_award_priority": "on"})
    client.force_login(wuhan.cast.office)
    with travel(DAY):
        page = client.get(f"/office/applications/{favoured.pk}/").content.decode()
        assert "区政府质量奖" in page and "中小企业" in page and "不是受理条件" in page
        queue = client.get(f"/office/wuhan/queue/{Status.ELIGIBILITY}/?preferred_first=on").content.decode()
        assert queue.index(favoured.reference) < queue.index(plain.reference)
        assert 'class="badge pref"' in queue
        assert "district_award_priority" not in {k.split("__")[-1] for k in checklist_post(plain)}
        client.post(f"/office/applications/{plain.pk}/eligibility/", checklist_post(plain))
        assert client.post(f"/office/applications/{plain.pk}/accept/").status_code == 302
    plain.refresh_from_db()
    assert plain.status != Status.ELIGIBILITY


def test_the_queue_with_preferences_runs_the_same_queries_for_1_and_n_rows(cities, client):
    with travel(SUBMIT_DAY):
        ordos = World("ordos")
        ordos.application(organisation=factories.OrganisationFactory(city=ordos.cycle.city, is_sme=True))
    client.force_login(ordos.cast.office)
    url = f"/office/ordos/queue/{Status.ELIGIBILITY}/?preferred_first=on"
    with travel(DAY):
        one = count(client, url)
    with travel(SUBMIT_DAY):
        for sme in (True, False, True):
            ordos.application(organisation=factories.OrganisationFactory(city=ordos.cycle.city, is_sme=sme))
    with travel(DAY):
        assert count(client, url) == one
        assert client.get(url).content.decode().count('class="badge pref"') == 3
