"""Each city's route per kind of applicant follows the rule file's Stage.applies_to everywhere: the form's recommender
field, submitting, demo.walk.walk_to, the queues. Qujing's recommendation (第十二条(五), 第十八条(二)) concerns
organisations: its individuals go to the office directly. Jinan (第十五条) and Ordos (第十七条) give individuals a
scored site review; the unscored inspection (考察) is Wuhan's alone (第二十二条)."""

import pytest

from awards.domain import forms_data, queues
from awards.workflow import Status, route
from reviews.domain import schemes

from .. import factories
from ..builders.intake import PUBLISHED, TODAY, World, complete_draft
from ..builders.journeys import travel

pytestmark = pytest.mark.django_db


def test_a_qujing_individual_submits_without_a_recommender_straight_to_the_office_第十八条(cities):
    """Qujing 第十八条(二): 申报组织…经主管部门签署推荐意见; an individual (第十四条) is not recommended."""
    with travel(TODAY):
        cycle = factories.cycle_for("qujing", published=PUBLISHED)
        person = factories.IndividualFactory(city=cycle.city)
        app = factories.application_for(cycle, award_kind="mayor_individual", individual=person, recommender=None)
        app.recommender = None
        app.save(update_fields=["recommender"])
        assert not forms_data.needs_recommender(app)
        assert Status.RECOMMENDATION not in [s.kind for s in route(cycle.rules, "individual")]
        user = complete_draft(app)
        assert not any("推荐单位" in m for m in forms_data.missing(app))
        forms_data.submit(app, user)
    app.refresh_from_db()
    assert app.status == Status.ELIGIBILITY and app.recommender_id is None
    listed = queues.queue(cycle.city, Status.ELIGIBILITY, queues.Filters(), TODAY)
    assert [a.pk for a in listed] == [app.pk]


def test_a_qujing_organisation_still_goes_through_its_recommender_第十二条(cities):
    """Qujing 第十二条(五), 第十八条(二): an organisation's application is recommended first."""
    with travel(TODAY):
        world = World("qujing")
        app = factories.application_for(world.cycle, recommender=world.cast.recommender_unit)
        assert forms_data.needs_recommender(app)
        user = complete_draft(app)
        forms_data.submit(app, user)
    app.refresh_from_db()
    assert app.status == Status.RECOMMENDATION


def test_walk_to_takes_a_qujing_individual_past_no_recommender(cities):
    with travel(TODAY):
        world = World("qujing")
        app = world.application(award_kind="mayor_individual", status=Status.DOCUMENT_REVIEW)
    assert app.status == Status.DOCUMENT_REVIEW
    assert not app.audit_trail.filter(from_state=Status.RECOMMENDATION).exists()


@pytest.mark.parametrize("code", ["jinan", "ordos"])
def test_jinan_and_ordos_individuals_get_a_scored_site_review_第十五条_第十七条(cities, code):
    """Jinan 第十五条 (资格审查、材料评审、现场评审和陈述答辩 for 申报单位和个人), Ordos 第十七条 (材料评审、现场评审):
    the individual's site review is scored and weighs in the ranking."""
    rules = factories.cycle_for(code, published=PUBLISHED).rules
    assert Status.SITE_REVIEW in [s.kind for s in route(rules, "individual")]
    sheet = schemes.sheet_for(rules, "mayor_individual", "site_review")
    assert not sheet.report_only and sheet.total_points == 100
    assert rules.ranking.weights["individual"].value["site_review"] > 0


def test_the_unscored_inspection_is_wuhans_alone_第二十二条(cities):
    """Wuhan 第二十二条: 对进入考察的个人…开展考察，形成考察意见 — the only city whose individuals are inspected."""
    inspected = []
    every = {code: factories.cycle_for(code, published=PUBLISHED).rules
             for code in ("chenzhou", "qujing", "jinan", "ordos", "wuhan")}
    for code, rules in every.items():
        for award in rules.award_kinds:
            if award.applicant_kind == "individual" and Status.SITE_REVIEW in [
                s.kind for s in route(rules, "individual")
            ] and schemes.sheet_for(rules, award.key, "site_review").report_only:
                inspected.append((code, award.key))
    assert inspected == [("wuhan", "mayor_individual")]
    assert "site_review" not in every["wuhan"].ranking.weights["individual"].value
