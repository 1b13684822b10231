"""复评 (honours.domain.re_evaluation): when it may be asked for, the route of steps from the rules, each recorded only
by the role the rules name, ending in "continues valid" (certificate reissued, no money again) or "lapsed"."""

import datetime

import pytest

from awards.domain import access
from awards.models import Notice
from cities.schema import GrantKind, Role
from core.errors import InvalidInput, TransitionDenied
from honours.domain import certificates, duties, revocation
from honours.domain import re_evaluation as re_ev
from honours.models import Certificate, LedgerEntry, ReEvaluation, ReEvaluationRecord

from .. import factories
from ..builders.journeys import travel
from ..builders.winners import winner

D = datetime.date
OPENS = D(2029, 6, 15)  # Chenzhou: 3 years after the award year 2026 (第三十五条); 90 days before expiry


def test_may_request_from_the_rules_years_after_the_award_year(cities):
    app, _world, _user = winner("chenzhou")
    early = re_ev.may_request(app, D(2028, 12, 31))
    assert not early and "第三十五条" in early.reason and "2029年起" in early.reason
    assert re_ev.may_request(app, D(2029, 1, 1))
    qujing, _w, _u = winner("qujing")
    assert "未规定复评" in re_ev.may_request(qujing, D(2035, 1, 1)).reason
    wuhan, _w, _u = winner("wuhan")
    assert "第十三条" in re_ev.may_request(wuhan, D(2030, 1, 1)).reason and re_ev.may_request(wuhan, D(2031, 1, 1))


def test_request_then_steps_to_continues_valid(cities):
    app, world, user = winner("chenzhou")
    old = app.certificates.get()
    office, committee = world.cast.office, world.cast.committee
    with travel(OPENS):
        with pytest.raises(TransitionDenied):
            re_ev.request(app, office, "")
        case = re_ev.request(app, user, "经营良好，申请复评")
        with pytest.raises(InvalidInput, match="正在办理"):
            re_ev.request(app, user, "")
        assert case.step == "office_review" and case.article == "第三十五条"
        with pytest.raises(TransitionDenied, match="评委会办公室审核"):
            re_ev.record_step(case, actor=committee, passed=True)
        re_ev.record_step(case, actor=office, passed=True, note="材料齐全")
        with pytest.raises(InvalidInput, match="下一环节"):
            re_ev.record_step(case, actor=office, passed=True, step="office_review")
        re_ev.record_step(case, actor=office, passed=True, note="专家组复评合格")
        assert case.step == "decision"
        with pytest.raises(TransitionDenied, match="只能由"):
            re_ev.record_step(case, actor=office, passed=True)
        assert Notice.objects.filter(recipient=committee, event_key=f"re-evaluation:{case.pk}:decision").exists()
        re_ev.record_step(case, actor=committee, passed=True, note="评委会审定合格")
    case.refresh_from_db()
    assert case.outcome == ReEvaluation.Outcome.CONTINUES and case.decided_at is not None
    new = case.certificate
    assert new.reason == Certificate.Reason.RE_EVALUATION and new.valid_until == D(2032, 6, 14)
    old.refresh_from_db()
    assert old.superseded_by == new and certificates.status(old, OPENS) == "superseded"
    records = list(ReEvaluationRecord.objects.filter(re_evaluation=case))
    assert [(r.step, r.actor_role, r.passed) for r in records] == [
        ("request", Role.APPLICANT, True), ("office_review", Role.OFFICE, True), ("expert_review", Role.OFFICE, True),
        ("decision", Role.COMMITTEE, True)]
    assert all(r.article == "第三十五条" for r in records)
    again = LedgerEntry.objects.filter(application=app, on=OPENS)
    assert GrantKind.MONEY.value not in {e.item for e in again} and again.exists()  # no money again (第三十五条)
    notice = Notice.objects.get(recipient=user, event_key=f"re-evaluation:{case.pk}:outcome")
    assert "继续有效" in notice.subject and new.number in notice.body
    with travel(OPENS):
        assert "2032年起" in re_ev.may_request(app).reason


def test_a_failed_step_lapses_without_revoking(cities):
    app, world, user = winner("chenzhou")
    certificate = app.certificates.get()
    with travel(OPENS):
        case = re_ev.request(app, user)
        with pytest.raises(InvalidInput, match="理由"):
            re_ev.record_step(case, actor=world.cast.office, passed=False, note="")
        re_ev.record_step(case, actor=world.cast.office, passed=False, note="近三年发生质量事故")
        with pytest.raises(InvalidInput, match="已办结"):
            re_ev.record_step(case, actor=world.cast.office, passed=True)
    case.refresh_from_db()
    app.refresh_from_db()
    assert case.outcome == ReEvaluation.Outcome.LAPSED and case.certificate is None
    assert app.status == "awarded" and app.certificates.count() == 1
    assert certificates.status(certificate, D(2029, 9, 13)) == "valid"
    assert certificates.status(certificate, D(2029, 9, 14)) == "expired"
    assert "质量事故" in Notice.objects.get(recipient=user, event_key=f"re-evaluation:{case.pk}:outcome").body
    with travel(OPENS):
        assert "不能再次申请" in re_ev.may_request(app).reason
    assert duties.expiring(app.cycle.city, D(2029, 9, 13)) == [certificate]
    assert duties.expiring(app.cycle.city, D(2029, 9, 14)) == []  # expired after a lapsed 复评: off the list


def test_only_the_city_roles_see_a_re_evaluation(cities):
    app, world, user = winner("chenzhou")
    with travel(OPENS):
        case = re_ev.request(app, user)
    other = factories.city_user("wuhan", Role.OFFICE)
    assert access.check(world.cast.office, "office.re_evaluation", case)
    assert access.check(other, "office.re_evaluation", case).hidden
    assert access.check(world.cast.committee, "office.re_evaluation", case).hidden
    assert access.check(world.cast.committee, "committee.re_evaluation", case)
    assert access.check(world.cast.office, "committee.re_evaluation", case).hidden
    assert access.check(factories.city_user("wuhan", Role.COMMITTEE), "committee.re_evaluation", case).hidden


def test_wuhan_route_is_the_offices_and_ends_in_a_reissue_outside_the_quota(cities):
    app, world, user = winner("wuhan")
    office = world.cast.office
    with travel(D(2031, 3, 1)):
        case = re_ev.request(app, user)
        for key in ("office_review", "expert_review", "government_recognition"):
            assert case.step == key
            re_ev.record_step(case, actor=office, passed=True, note="通过", step=key)
    case.refresh_from_db()
    assert case.outcome == ReEvaluation.Outcome.CONTINUES and case.certificate.valid_until is None
    body = Notice.objects.get(recipient=user, event_key=f"re-evaluation:{case.pk}:outcome").body
    assert "不占当年评定名额" in body and "第二十六条" in body
    assert [r.article for r in case.records.all()] == ["第二十六条", "第二十六条", "第二十六条", "第二十六条"]


def test_a_lapse_after_an_earlier_pass_still_bars_a_new_request(cities):
    app, world, user = winner("chenzhou")
    office, committee = world.cast.office, world.cast.committee
    with travel(OPENS):
        first = re_ev.request(app, user, "首次复评")
        for actor in (office, office, committee):
            re_ev.record_step(first, actor=actor, passed=True, note="合格")
    later = D(2032, 6, 15)
    with travel(later):
        second = re_ev.request(app, user, "第二次复评")
        re_ev.record_step(second, actor=office, passed=False, note="近三年质量管理严重下滑")
        refused = re_ev.may_request(app)
    assert not refused and "复评未通过" in refused.reason


def test_revoking_the_award_ends_an_open_re_evaluation(cities):
    app, world, user = winner("chenzhou")
    office, committee = world.cast.office, world.cast.committee
    with travel(OPENS):
        case = re_ev.request(app, user, "申请复评")
        ground = app.rules.post_award.revocation_grounds[0]
        revoking = revocation.open_case(app, ground=ground.key, summary="举报属实", actor=office)
        with pytest.raises(InvalidInput, match="撤销案件正在办理"):
            re_ev.record_step(case, actor=office, passed=True, note="材料齐全")
        while revocation.next_step(revoking) is not None:
            step = revocation.next_step(revoking)
            final = step.kind.value == "revocation"
            revocation.record_step(revoking, actor=committee if step.by == Role.COMMITTEE else office, agreed=True,
                                   note="同意", document_number="郴政〔2029〕9号" if final else "",
                                   decided_on=OPENS if final else None)
            revoking.refresh_from_db()
        case.refresh_from_db()
        assert case.outcome == ReEvaluation.Outcome.LAPSED
        assert "复评终止" in case.records.order_by("-pk").first().note
        assert re_ev.awaiting_role([app.cycle.city], Role.COMMITTEE) == []
        with pytest.raises(InvalidInput, match="已办结"):
            re_ev.record_step(case, actor=office, passed=True, note="材料齐全")
