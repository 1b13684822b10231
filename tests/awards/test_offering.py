"""awards.domain.offering: the award kinds offered to an applicant, read from the rules and past applications;
which revocation ground bars applying again is the rule file's word, not the code's."""

import datetime
import shutil

import pytest
import time_machine
import yaml
from django.core.management import call_command

from awards.domain import offering
from awards.models import Application
from core.errors import InvalidInput

from .. import factories
from ..builders.journeys import Cast, at, drive_to_award, travel

REVOKED_ON = datetime.date(2025, 6, 10)


def _jinan_winner():
    """A unit that won Jinan's 市长质量奖（单位） in the 2024 cycle."""
    with time_machine.travel(at(datetime.date(2024, 3, 2)), tick=False) as traveller:
        cycle = factories.cycle_for("jinan", year=2024, published=datetime.date(2024, 3, 2))
        cast = Cast("jinan")
        app = factories.application_for(cycle, recommender=cast.recommender_unit, award_kind="mayor_org")
        drive_to_award(app, cast, traveller, datetime.date(2024, 3, 16))
    return app, cast


def _office_sets_a_fraud_bar(tmp_path, settings, years):
    """The office fills in the length Jinan's measure leaves open (fraud_bar, set_by_office) and loads the file."""
    for path in settings.CITY_RULES_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    data = yaml.safe_load((tmp_path / "jinan.yaml").read_text(encoding="utf-8"))
    data["post_award"]["fraud_bar"] = {"value": {"years": years}, "set_by_office": True,
                                       "note": "领导小组办公室确定：弄虚作假被撤销的，此后3年内不得申报"}
    (tmp_path / "jinan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    call_command("load_cities", dir=str(tmp_path), verbosity=0)


def test_jinan_names_its_fraud_grounds_as_barring_reapplying(cities):
    """第二十九条（一）, 第三十条（一）: Jinan's fraud grounds are org_fraud and ind_fraud; its measure sets no bar,
    so the rule file marks them itself (set_by_office) and leaves the bar's length to the office (null)."""
    post_award = cities["jinan"].current_rules().rules.post_award
    barring = [g for g in post_award.revocation_grounds if post_award.bars_reapplying(g.key)]
    assert [(g.key, g.article) for g in barring] == [("org_fraud", "第二十九条"), ("ind_fraud", "第三十条")]
    assert all(g.bars_reapplying.set_by_office and g.bars_reapplying.note for g in barring)
    assert post_award.fraud_bar.value is None


@pytest.mark.parametrize("code, article", [
    ("chenzhou", "第二十五条"), ("qujing", "第二十八条"), ("wuhan", "第三十一条")])
def test_where_the_measure_bars_after_fraud_the_ground_cites_that_article(cities, code, article):
    post_award = cities[code].current_rules().rules.post_award
    barring = [g for g in post_award.revocation_grounds if post_award.bars_reapplying(g.key)]
    assert [(g.key, g.bars_reapplying.article) for g in barring] == [("fraud", article)]
    assert post_award.fraud_bar.article == article


def _fraud_reasons(result):
    return [r for o in result.offers for r in o.reasons if "弄虚作假" in r]


def test_jinan_bar_after_fraud_fires_on_its_own_ground_key(cities, tmp_path, settings):
    """第二十九条（一）: a unit whose award is revoked for fraud (org_fraud). Once the office sets the bar's length
    the measure leaves open, the bar fires on Jinan's own ground key (it never did while the code knew 'fraud' only).
    第六条 keeps the revoked winner out in any case (a lockout after an award holds when it is later revoked)."""
    won, cast = _jinan_winner()
    with travel(REVOKED_ON):
        revocation = offering.revoke_award(won, ground="org_fraud", actor=cast.office, reason="申报材料弄虚作假")
    assert revocation.article == "第二十九条"
    with travel(datetime.date(2026, 9, 1)):
        unbarred = factories.cycle_for("jinan", published=datetime.date(2026, 9, 1))
        result = offering.offering(unbarred, organisation=won.organisation)
        assert _fraud_reasons(result) == []  # the rule file sets no length
        assert all("第六条" in o.reasons[0] and "被撤销" in o.reasons[0] for o in result.offers)
        _office_sets_a_fraud_bar(tmp_path, settings, years=3)
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("jinan", year=2028, published=datetime.date(2026, 9, 14))
        result = offering.offering(cycle, organisation=won.organisation)
    assert result.allowed == []
    reason = _fraud_reasons(result)[0]
    assert "3年内不得申报" in reason and "2028年06月10日前不能申报" in reason
    assert "None" not in reason and "由评审办公室设定" in reason  # the office's length, cited as the office's


def test_jinan_revocation_on_another_ground_does_not_bar(cities, tmp_path, settings):
    won, cast = _jinan_winner()
    with travel(REVOKED_ON):
        offering.revoke_award(won, ground="org_major_accident", actor=cast.office, reason="发生较大生产安全事故")
        _office_sets_a_fraud_bar(tmp_path, settings, years=3)
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("jinan", published=datetime.date(2026, 9, 1))
        result = offering.offering(cycle, organisation=won.organisation)
    assert _fraud_reasons(result) == []
    # 第六条: 已获奖的单位不得重复申报 — the award's revocation does not lift it.
    assert {o.kind.key for o in result.offers} == {"mayor_org", "nomination_org"}
    assert all(len(o.reasons) == 1 and "第六条" in o.reasons[0] and "不得再次申报" in o.reasons[0]
               for o in result.offers)


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
        # the 提名奖 is drawn from the same ranking, not applied for (第二十三条)
        assert {o.kind.key for o in offering.offering(later, organisation=won.organisation).allowed} == {"mayor_org"}


def test_wuhan_nomination_winner_is_unrestricted(cities):
    won, _ = _winner("wuhan", 2024, "nomination_org")
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("wuhan", published=datetime.date(2026, 9, 1))
        # the 提名奖 is drawn from the 市长质量奖's ranking (第二十三条): the winner applies for the 市长质量奖
        assert [o.kind.key for o in offering.offering(cycle, organisation=won.organisation).allowed] == ["mayor_org"]


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
        assert [o.kind.key for o in offering.offering(cycle, organisation=won.organisation).allowed] == ["mayor_org"]


def test_profile_years_and_other_city_are_explained(cities):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("chenzhou", published=datetime.date(2026, 9, 1))
        young = factories.OrganisationFactory(city=cycle.city, founded_on=datetime.date(2024, 1, 1))
        reasons = offering.offering(cycle, organisation=young).offers[0].reasons
        assert "5年以上" in reasons[0] and "第七条" in reasons[0]
        elsewhere = factories.OrganisationFactory(city=factories.city("wuhan"))
        result = offering.offering(cycle, organisation=elsewhere)
        assert result.offers == [] and "本市" in result.notes[0]


# -- lockouts hold after a revocation (Qujing 第三十二条, Jinan 第六条, Wuhan 第十三条) -----------------------------
def test_qujing_winner_whose_award_was_revoked_is_still_locked_out_for_three_years(cities):
    """第三十二条: 自获奖年度起3年后方可再次申请 — also for a winner whose award was revoked on the accident ground
    (which bars nothing itself: 第二十八条第二款)."""
    won, cast = _winner("qujing", 2024, "mayor_org")
    with travel(datetime.date(2025, 6, 10)):
        offering.revoke_award(won, ground="accident_serious_impact", actor=cast.office, reason="重大安全事故")
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("qujing", published=datetime.date(2026, 9, 1))
        result = offering.offering(cycle, organisation=won.organisation)
    mayor = next(o for o in result.offers if o.kind.key == "mayor_org")
    assert not mayor.allowed
    assert len(mayor.reasons) == 1
    reason = mayor.reasons[0]
    assert "第三十二条" in reason and "被撤销" in reason and "2027年度起方可申报" in reason
    assert "弄虚作假" not in reason
    with travel(datetime.date(2027, 9, 14)):
        later = factories.cycle_for("qujing", year=2027, published=datetime.date(2027, 9, 1))
        assert "mayor_org" in {o.kind.key for o in offering.offering(later, organisation=won.organisation).allowed}


def test_wuhan_winner_revoked_on_accident_is_locked_out_by_article_13_not_by_the_fraud_bar(cities):
    won, cast = _winner("wuhan", 2024, "mayor_org")
    with travel(datetime.date(2025, 6, 10)):
        offering.revoke_award(won, ground="accident_serious_impact", actor=cast.office, reason="重大事故")
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("wuhan", published=datetime.date(2026, 9, 1))
        result = offering.offering(cycle, organisation=won.organisation)
    assert result.allowed == []  # as for a winner whose award stands (test above)
    assert all(o.reasons and all("第十三条" in r and "被撤销" in r and "弄虚作假" not in r for r in o.reasons)
               for o in result.offers if not o.kind.drawn_from_key)  # the 提名奖 is not applied for (第二十三条)


# -- one live application per award kind and cycle ---------------------------------------------------------------
def test_winner_is_not_offered_the_same_award_again_in_its_own_cycle(cities):
    """Before: an AWARDED application was not counted as existing, so the winner was offered the same award again
    and a duplicate draft was made. Now the award won in the cycle is a reason, with the reference."""
    won, _cast = _winner("wuhan", 2026, "mayor_org")
    cycle = won.cycle
    in_window = cycle.call_published_on + datetime.timedelta(days=1)
    result = offering.offering(cycle, organisation=won.organisation, today=in_window)
    mayor = next(o for o in result.offers if o.kind.key == "mayor_org")
    assert mayor.existing is None and not mayor.allowed
    assert mayor.reasons == [f"已在本周期（{cycle.name}）获得“{mayor.kind.name}”（{won.reference}），"
                             "同一周期内不能再次申报同一奖项。"]
    with travel(datetime.date(2026, 12, 1)):
        try:
            offering.start(cycle, "mayor_org", factories.member(won.organisation), organisation=won.organisation)
        except InvalidInput as exc:
            assert "同一周期内不能再次申报同一奖项" in exc.message and won.reference in exc.message
        else:
            raise AssertionError("a duplicate application was started for an award already won in the cycle")
    assert Application.objects.filter(cycle=cycle, organisation=won.organisation, award_kind="mayor_org").count() == 1


def test_revoked_award_of_the_cycle_also_blocks_a_new_application_in_it(cities):
    won, cast = _winner("wuhan", 2026, "mayor_org")
    with travel(datetime.date(2026, 12, 1)):
        offering.revoke_award(won, ground="accident_serious_impact", actor=cast.office, reason="重大事故")
    result = offering.offering(won.cycle, organisation=won.organisation,
                               today=won.cycle.call_published_on + datetime.timedelta(days=1))
    mayor = next(o for o in result.offers if o.kind.key == "mayor_org")
    assert mayor.existing is None
    assert any("已获奖并被撤销" in r and won.reference in r for r in mayor.reasons)


def test_an_application_under_way_is_the_existing_one(cities):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("qujing", published=datetime.date(2026, 9, 1))
        org = factories.OrganisationFactory(city=cycle.city)
        user = factories.member(org)
        first = offering.start(cycle, "mayor_org", user, organisation=org)
        mayor = next(o for o in offering.offering(cycle, organisation=org).offers if o.kind.key == "mayor_org")
        assert mayor.existing == first and not mayor.allowed
        try:
            offering.start(cycle, "mayor_org", user, organisation=org)
        except InvalidInput as exc:
            assert first.reference in exc.message
        else:
            raise AssertionError("a second draft was made for the same award in the same cycle")
        assert Application.objects.filter(cycle=cycle, organisation=org, award_kind="mayor_org").count() == 1


def test_ordos_fraud_bar_is_3_years_by_article_12_item_4(cities):
    """第十二条（四）: 近3年参加各级政府奖项评定活动存在弄虚作假等违规行为的不得申报 — set, cited, and its fraud
    ground bars reapplying for those 3 years."""
    post_award = cities["ordos"].current_rules().rules.post_award
    assert post_award.fraud_bar.value.years == 3 and post_award.fraud_bar.value.cycles is None
    assert post_award.fraud_bar.article == "第十二条" and "（四）" in post_award.fraud_bar.note
    assert post_award.bars_reapplying("fraud")


def test_qujing_nomination_and_contribution_reapply_is_the_office_s_setting_not_article_32(cities):
    """第三十二条 sets 3 years for the 市长质量奖 only; for 提名奖 and 质量贡献奖 the measure is silent."""
    rules = cities["qujing"].current_rules().rules
    assert rules.award_kind("mayor_org").reapply.article == "第三十二条"
    for key in ("nomination_org", "contribution_org"):
        reapply = rules.award_kind(key).reapply
        assert reapply.set_by_office and reapply.article is None and reapply.value == 0 and reapply.note


def test_jinan_scoring_basis_cites_the_review_article_15_not_an_eligibility_article(cities):
    """第十五条: 依据质量奖评审方案、评审通则和评审标准 — 第十条 lists the applicant's conditions."""
    rules = cities["jinan"].current_rules().rules
    for key in ("mayor_org", "nomination_org"):
        assert rules.award_kind(key).scoring_scheme.article == "第十五条"
