"""The award kinds offered to an applicant, read from the rules and past applications (five cases)."""

import datetime

import time_machine

from awards.domain import offering
from core.errors import InvalidInput

from .. import factories
from ..journeys import Cast, at, drive_to_award, travel


def test_chenzhou_has_no_individual_award(cities):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("chenzhou", published=datetime.date(2026, 9, 1))
        person = factories.IndividualFactory(city=cycle.city)
        result = offering.offering(cycle, individual=person)
    assert result.offers == [] and result.allowed == []
    assert "未设个人奖项" in result.notes[0] and "第二条" in result.notes[0]


def test_qujing_organisation_without_legal_person_sees_contribution_award_only(cities):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("qujing", published=datetime.date(2026, 9, 1))
        org = factories.OrganisationFactory(city=cycle.city, legal_person=False)
        result = offering.offering(cycle, organisation=org)
        assert [o.kind.key for o in result.allowed] == ["contribution_org"]
        refused = {o.kind.key: o.reasons for o in result.offers if not o.allowed}
        assert set(refused) == {"mayor_org", "nomination_org"}
        assert all("法人资格" in r[0] and "第十二条" in r[0] for r in refused.values())
        try:
            offering.start(cycle, "mayor_org", factories.member(org), organisation=org)
        except InvalidInput as exc:
            assert "法人资格" in exc.message
        else:
            raise AssertionError("a non-legal-person organisation started a mayor award application")


def _winner(code, year, award_kind=None):
    """An organisation that won `award_kind` in the city's cycle of `year`, driven through every stage."""
    with time_machine.travel(at(datetime.date(year, 3, 2)), tick=False) as traveller:
        cycle = factories.cycle_for(code, year=year, published=datetime.date(year, 3, 2))
        cast = Cast(code)
        app = factories.application_for(cycle, recommender=cast.recommender_unit, award_kind=award_kind)
        drive_to_award(app, cast, traveller, datetime.date(year, 3, 16))
    return app, cast


def test_jinan_past_winner_may_not_apply_again(cities):
    won, _ = _winner("jinan", 2024)
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("jinan", published=datetime.date(2026, 9, 1))
        result = offering.offering(cycle, organisation=won.organisation)
    assert result.allowed == []
    reasons = [r for o in result.offers for r in o.reasons]
    assert all("不得再次申报" in r and "第六条" in r for r in reasons)
    # Another organisation of the same city is not affected.
    with travel(datetime.date(2026, 9, 14)):
        other = factories.OrganisationFactory(city=cycle.city)
        assert offering.offering(cycle, organisation=other).allowed


def test_wuhan_winner_may_not_apply_within_five_years_of_the_award_year(cities):
    won, _ = _winner("wuhan", 2024, "mayor_org")
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("wuhan", published=datetime.date(2026, 9, 1))
        result = offering.offering(cycle, organisation=won.organisation)
    assert result.allowed == []
    reason = result.offers[0].reasons[0]
    assert "5年内不得再次申报" in reason and "第十三条" in reason and "2029年度起方可申报" in reason
    with travel(datetime.date(2029, 9, 14)):
        later = factories.cycle_for("wuhan", year=2029, published=datetime.date(2029, 9, 3))
        assert {o.kind.key for o in offering.offering(later, organisation=won.organisation).allowed} == {
            "mayor_org", "nomination_org"}


def test_wuhan_nomination_winner_is_unrestricted(cities):
    won, _ = _winner("wuhan", 2024, "nomination_org")
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("wuhan", published=datetime.date(2026, 9, 1))
        assert len(offering.offering(cycle, organisation=won.organisation).allowed) == 2


def test_applicant_barred_after_fraud_is_told_until_when(cities):
    won, cast = _winner("wuhan", 2024, "mayor_org")
    with travel(datetime.date(2025, 6, 10)):
        revocation = offering.revoke_award(won, ground="fraud", actor=cast.office, reason="申报材料弄虚作假")
    assert revocation.article == "第三十一条"
    won.refresh_from_db()
    assert won.status == "revoked"
    with travel(datetime.date(2029, 9, 14)):
        cycle = factories.cycle_for("wuhan", year=2029, published=datetime.date(2029, 9, 3))
        result = offering.offering(cycle, organisation=won.organisation)
    assert result.allowed == []
    reason = result.offers[0].reasons[0]
    assert "弄虚作假" in reason and "第三十一条" in reason and "2030年06月10日前不能申报" in reason


def test_revocation_on_another_ground_is_no_fraud_bar(cities):
    won, cast = _winner("wuhan", 2024, "nomination_org")
    with travel(datetime.date(2025, 6, 10)):
        offering.revoke_award(won, ground="accident_serious_impact", actor=cast.office, reason="重大事故")
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("wuhan", published=datetime.date(2026, 9, 1))
        assert len(offering.offering(cycle, organisation=won.organisation).allowed) == 2


def test_profile_years_and_other_city_are_explained(cities):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("chenzhou", published=datetime.date(2026, 9, 1))
        young = factories.OrganisationFactory(city=cycle.city, founded_on=datetime.date(2024, 1, 1))
        reasons = offering.offering(cycle, organisation=young).offers[0].reasons
        assert "5年以上" in reasons[0] and "第七条" in reasons[0]
        elsewhere = factories.OrganisationFactory(city=factories.city("wuhan"))
        result = offering.offering(cycle, organisation=elsewhere)
        assert result.offers == [] and "本市" in result.notes[0]
