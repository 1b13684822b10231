"""Who may apply, computed from the rule file and the applicant's profile (awards.domain.offering, eligibility):
Ordos does not require an individual to work in the city (第十一条) while Qujing, Jinan and Wuhan do; lines for the
head of an organisation hold only when the individual heads one (Ordos 第十一条(三), Wuhan 第十二条(五)); preferences
(Wuhan 第十一条(七), the favoured SMEs) are badges that may sort a list, never a condition."""

import datetime

import pytest

from awards.domain import eligibility, offering, queues
from awards.models import City
from awards.workflow import Status

from .. import factories
from ..builders.intake import PUBLISHED, TODAY, World
from ..builders.journeys import travel

pytestmark = pytest.mark.django_db


def _person(city_code, **kwargs):
    return factories.IndividualFactory(city=City.objects.get(code=city_code), **kwargs)


def test_ordos_accepts_an_individual_who_works_in_another_city_第十一条(cities):
    """Ordos 第十一条 sets no place of work (work_in_city_required: false): a Wuhan quality engineer may apply."""
    with travel(TODAY):
        cycle = factories.cycle_for("ordos", published=PUBLISHED)
        result = offering.offering(cycle, individual=_person("wuhan"))
    assert not result.notes
    assert [o.kind.key for o in result.allowed] == ["mayor_individual"]
    assert offering.open_from_elsewhere(cycle)


@pytest.mark.parametrize("code, article", [("qujing", "第十四条"), ("jinan", "第十二条"), ("wuhan", "第十二条")])
def test_cities_that_require_working_in_the_city_refuse_an_individual_from_elsewhere(cities, code, article):
    """Qujing 第十四条, Jinan 第十二条, Wuhan 第十二条: an individual works in the city; the reason cites it."""
    with travel(TODAY):
        cycle = factories.cycle_for(code, published=PUBLISHED)
        result = offering.offering(cycle, individual=_person("chenzhou"))
    assert result.offers == [] and article in result.notes[0] and "从事质量工作的个人" in result.notes[0]
    assert not offering.open_from_elsewhere(cycle)


def test_an_organisation_registered_elsewhere_is_refused_with_its_article_第十条(cities):
    """Ordos 第十条: an organisation is registered in the city, though an individual need not work there."""
    with travel(TODAY):
        cycle = factories.cycle_for("ordos", published=PUBLISHED)
        org = factories.OrganisationFactory(city=City.objects.get(code="wuhan"))
        result = offering.offering(cycle, organisation=org)
    assert result.offers == [] and "第十条" in result.notes[0] and "登记注册的单位" in result.notes[0]


def test_the_ordos_checklist_has_the_head_of_organisation_lines_only_for_a_head_第十一条(cities):
    """Ordos 第十一条(三): the accidents, complaints and violations of the organisation an individual heads."""
    with travel(TODAY):
        world = World("ordos")
        plain = world.application(individual=_person("ordos"), award_kind="mayor_individual",
                                  status=Status.ELIGIBILITY)
        head = world.application(individual=_person("ordos", heads_organisation=True),
                                 award_kind="mayor_individual", status=Status.ELIGIBILITY)
    head_keys = {"head_org_major_accident_3y", "head_org_complaints_3y", "head_org_violation_3y"}
    assert not head_keys & {line.key for line in eligibility.checklist_for(plain)}
    assert head_keys <= {line.key for line in eligibility.checklist_for(head)}
    assert all(line.article == "第十一条" for line in eligibility.checklist_for(head) if line.key in head_keys)


def test_the_wuhan_head_of_organisation_condition_holds_only_for_a_head_第十二条(cities):
    """Wuhan 第十二条(五): the organisation the individual heads meets 第十一条's credit condition."""
    rules = factories.cycle_for("wuhan", published=PUBLISHED).rules
    plain = {line.key for line in eligibility.checklist(rules, "individual")}
    head = {line.key for line in eligibility.checklist(rules, "individual", heads_organisation=True)}
    assert "head_org_credit" not in plain and "head_org_credit" in head


def test_facts_compute_years_citizenship_and_place_of_work_with_their_articles(cities):
    """Ordos 第十一条: 5 years of quality work; the place of work is shown, not required."""
    with travel(TODAY):
        cycle = factories.cycle_for("ordos", published=PUBLISHED)
        app = factories.application_for(cycle, award_kind="mayor_individual",
                                        individual=_person("wuhan", quality_work_since=datetime.date(2022, 1, 1)))
        facts = {f.label: f for f in eligibility.facts(app, TODAY)}
    assert facts["从事质量工作起始"].met is False and facts["从事质量工作起始"].citation == "第十一条"
    assert facts["工作所在城市"].met is None and facts["工作所在城市"].found == "武汉市"
    assert facts["中华人民共和国公民"].met is None  # Ordos does not ask it (set by the office)
    assert "为所在组织负责人" in facts


def test_wuhan_preferences_are_badges_and_sort_the_queue_but_never_block_acceptance_第十一条_第四条(cities):
    """Wuhan 第十一条(七) (a district government's quality award, stated on the form) and 第四条 (SMEs): the rule
    file's preferences; the checklist has no line for them, so acceptance never waits on them."""
    with travel(TODAY):
        world = World("wuhan")
        plain = world.application(organisation=factories.OrganisationFactory(city=world.cycle.city))
        sme = world.application(organisation=factories.OrganisationFactory(city=world.cycle.city, is_sme=True),
                                form_data={"pref_district_award_priority": "on"})
    assert "district_award_priority" not in {line.key for line in eligibility.checklist_for(sme)}
    held = eligibility.preferences_of(sme)
    assert {p.key: p.article for p in held} == {"district_award_priority": "第十一条", "sme_support": "第四条"}
    assert eligibility.preferences_of(plain) == []
    with travel(TODAY):
        first = queues.queue(world.cycle.city, Status.ELIGIBILITY, queues.Filters(preferred_first=True), TODAY)
        listed = queues.queue(world.cycle.city, Status.ELIGIBILITY, queues.Filters(), TODAY)
    assert [a.pk for a in first][0] == sme.pk and {a.pk for a in listed} == {plain.pk, sme.pk}


@pytest.mark.parametrize("code, article", [("qujing", "第十五条"), ("jinan", "第十一条"), ("ordos", "第六条")])
def test_favoured_smes_are_a_preference_with_the_article(cities, code, article):
    """Qujing 第十五条, Jinan 第十一条, Ordos 第六条 encourage SMEs: a preference, not a condition."""
    rules = factories.cycle_for(code, published=PUBLISHED).rules
    smes = [p for p in rules.eligibility.organisation.preferences if p.kind == "sme"]
    assert [p.article for p in smes] == [article]
    assert all(line.key != smes[0].key for line in eligibility.checklist(rules, "organisation"))
