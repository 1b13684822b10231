"""awards.domain.lifecycle: the application lifecycle, end to end, for each city's own stages in its own order;
two people acting at the same moment: exactly one wins, the other is told why."""

import datetime
import threading

import pytest
from django.db import connection

from awards.domain import lifecycle
from awards.models import Application, AuditEntry
from awards.workflow import Status
from cities.schema import Role
from core.errors import InvalidInput, TransitionConflict, TransitionDenied, TransitionNotAllowed

from .. import factories
from ..builders.journeys import Cast, drive_to_award, travel

CITIES = ["chenzhou", "qujing", "jinan", "ordos", "wuhan"]
START = datetime.date(2026, 9, 14)


@pytest.mark.parametrize("code", CITIES)
def test_organisation_goes_from_draft_to_awarded_through_its_citys_stages(cities, code):
    with travel(datetime.date(2026, 9, 1)) as traveller:
        cycle = factories.cycle_for(code, published=datetime.date(2026, 9, 1))
        cast = Cast(code)
        application = factories.application_for(cycle, recommender=cast.recommender_unit)
        drive_to_award(application, cast, traveller, START)

    trail = list(application.audit_trail.values_list("from_state", "to_state"))
    route = [s.kind.value for s in cycle.rules.stages_for("organisation")]
    assert [to for _, to in trail] == [*route, Status.AWARDED]
    assert [frm for frm, _ in trail] == [Status.DRAFT, *route]


@pytest.mark.parametrize("code", ["qujing", "jinan", "ordos", "wuhan"])
def test_individual_goes_through_the_individual_route(cities, code):
    with travel(datetime.date(2026, 9, 1)) as traveller:
        cycle = factories.cycle_for(code, published=datetime.date(2026, 9, 1))
        cast = Cast(code)
        kind = next(k for k in cycle.rules.award_kinds if k.applicant_kind == "individual")
        application = factories.application_for(cycle, award_kind=kind.key, recommender=cast.recommender_unit)
        drive_to_award(application, cast, traveller, START)
    route = [s.kind.value for s in cycle.rules.stages_for("individual")]
    assert list(application.audit_trail.values_list("to_state", flat=True)) == [*route, Status.AWARDED]


def test_every_transition_is_audited_with_actor_reason_and_article(cities):
    with travel(START):
        cycle = factories.cycle_for("ordos", published=datetime.date(2026, 9, 1))
        cast = Cast("ordos")
        application = factories.application_for(cycle, recommender=cast.recommender_unit)
        applicant = factories.member(application.organisation)
        lifecycle.perform(application, "submit", applicant)
        lifecycle.perform(application, "advance", cast.recommender, reason="材料完整真实")
        lifecycle.perform(application, "request_supplement", cast.office, reason="缺少近三年财务报表")
        lifecycle.perform(application, "answer_supplement", applicant)
        lifecycle.perform(application, "refuse", cast.office, reason="经营不满3年")

    entries = list(AuditEntry.objects.filter(application=application))
    assert [(e.action, e.from_state, e.to_state) for e in entries] == [
        ("submit", "draft", "recommendation"),
        ("advance", "recommendation", "eligibility"),
        ("request_supplement", "eligibility", "supplement_requested"),
        ("answer_supplement", "supplement_requested", "eligibility"),
        ("refuse", "eligibility", "ineligible"),
    ]
    assert [e.actor for e in entries] == [applicant, cast.recommender, cast.office, applicant, cast.office]
    assert entries[1].reason == "材料完整真实"
    assert entries[1].article == "第十五条"  # Ordos: the recommender checks and recommends
    assert entries[2].article == "第十六条"  # Ordos: eligibility, everything missing at once
    assert entries[4].article == "第十六条"
    assert all(e.created_at and e.rule_version == cycle.rule_set.version for e in entries)
    assert {e.actor_role for e in entries} == {"applicant", "recommender", "office"}


def test_audit_trail_is_append_only(cities):
    with travel(START):
        cycle = factories.cycle_for("jinan", published=datetime.date(2026, 9, 1))
        application = factories.application_for(cycle)
        lifecycle.perform(application, "submit", factories.member(application.organisation))
    entry = application.audit_trail.get()
    entry.reason = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="tampered")
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


def test_stage_deadline_follows_the_rules_and_calendar(cities):
    # Ordos: eligibility within 10 working days of receipt (第十六条), entered on 2026-09-28.
    with travel(datetime.date(2026, 9, 1)) as traveller:
        cycle = factories.cycle_for("ordos", published=datetime.date(2026, 9, 1))
        cast = Cast("ordos")
        application = factories.application_for(cycle, recommender=cast.recommender_unit)
        lifecycle.perform(application, "submit", factories.member(application.organisation))
        traveller.move_to(datetime.datetime(2026, 9, 28, 9, tzinfo=datetime.UTC))
        lifecycle.perform(application, "advance", cast.recommender)
    # 9-28, 9-29, 9-30, 10-8, 10-9, 10-10 (make-up Saturday), 10-12, 10-13, 10-14, 10-15
    assert application.stage_deadline == datetime.date(2026, 10, 15)
    assert not application.stage_deadline_unconfirmed


def test_others_cannot_move_an_application(cities):
    with travel(START):
        cycle = factories.cycle_for("chenzhou", published=datetime.date(2026, 9, 1))
        cast = Cast("chenzhou")
        application = factories.application_for(cycle, recommender=cast.recommender_unit)
        stranger = factories.UserFactory()
        other_org_user = factories.member(factories.OrganisationFactory())
        other_city_office = factories.city_user("qujing", Role.OFFICE)
        with pytest.raises(TransitionDenied, match="无权"):
            lifecycle.perform(application, "submit", stranger)
        with pytest.raises(TransitionDenied):
            lifecycle.perform(application, "submit", other_org_user)
        lifecycle.perform(application, "submit", factories.member(application.organisation))
        for outsider in (stranger, other_city_office, cast.office, factories.member(application.organisation)):
            with pytest.raises(TransitionDenied):
                lifecycle.perform(application, "advance", outsider)  # only the recommender may
        with pytest.raises(TransitionDenied):
            lifecycle.perform(application, "advance", None)  # the scheduler only where rules name the system
    assert application.audit_trail.count() == 1
    assert application.status == Status.RECOMMENDATION


def test_guards_explain_why_not(cities):
    with travel(datetime.date(2026, 12, 20)):
        cycle = factories.cycle_for("chenzhou", published=datetime.date(2026, 9, 1))
        application = factories.application_for(cycle)
        with pytest.raises(TransitionNotAllowed, match="不在申报期内"):
            lifecycle.perform(application, "submit", factories.member(application.organisation))
        with pytest.raises(TransitionNotAllowed, match="不能进行此操作"):
            lifecycle.perform(application, "answer_supplement", factories.member(application.organisation))
        with pytest.raises(InvalidInput, match="须填写理由"):
            lifecycle.perform(application, "refuse", factories.city_user("chenzhou", Role.OFFICE))
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert not application.audit_trail.exists()


def test_stop_records_the_stage_where_it_stopped(cities):
    with travel(START):
        cycle = factories.cycle_for("wuhan", published=datetime.date(2026, 9, 1))
        cast = Cast("wuhan")
        application = factories.application_for(cycle, recommender=cast.recommender_unit)
        lifecycle.perform(application, "submit", factories.member(application.organisation))
        lifecycle.perform(application, "advance", cast.recommender)
        with pytest.raises(TransitionNotAllowed, match="期满"):
            lifecycle.perform(application, "advance", cast.recommender)  # local publicity not yet held
        lifecycle.perform(application, "stop", cast.office, reason="材料评审得分未进入现场评审名单")
    application.refresh_from_db()
    assert application.status == Status.NOT_SELECTED
    assert application.stopped_at_stage == Status.LOCAL_PUBLICITY


def test_one_period_spanning_two_stages_keeps_its_deadline(cities):
    # Ordos 第十七条: document review and site review together within 20 working days.
    with travel(datetime.date(2026, 9, 1)) as traveller:
        cycle = factories.cycle_for("ordos", published=datetime.date(2026, 9, 1))
        cast = Cast("ordos")
        application = factories.application_for(cycle, recommender=cast.recommender_unit)
        lifecycle.perform(application, "submit", factories.member(application.organisation))
        lifecycle.perform(application, "advance", cast.recommender)
        traveller.move_to(datetime.datetime(2026, 9, 21, 9, tzinfo=datetime.UTC))
        lifecycle.perform(application, "advance", cast.office)  # eligibility -> document review on 9-21
        assert application.status == Status.DOCUMENT_REVIEW
        window_end = application.stage_deadline
        traveller.move_to(datetime.datetime(2026, 10, 12, 9, tzinfo=datetime.UTC))
        lifecycle.perform(application, "advance", cast.office)  # -> site review, same 20-day window
    assert application.status == Status.SITE_REVIEW
    # 20 working days from Monday 9-21, over Mid-Autumn (Friday 9-25), National Day and the make-up Saturday
    # 10-10: 10-23. Entering
    # site review keeps the deadline set on entering document review.
    assert window_end == datetime.date(2026, 10, 23)
    assert application.stage_deadline == window_end


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_exactly_one_wins(cities):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("ordos", published=datetime.date(2026, 9, 1))
        cast = Cast("ordos")
        second_officer = factories.city_user("ordos", cast.office.groups.first().city_role.role)
        application = factories.application_for(cycle, recommender=cast.recommender_unit)
        lifecycle.perform(application, "submit", factories.member(application.organisation))
        lifecycle.perform(application, "advance", cast.recommender)
        assert application.status == Status.ELIGIBILITY

        barrier = threading.Barrier(2, timeout=20)
        outcomes = {}

        def act(name, actor, action, reason):
            try:
                mine = Application.objects.get(pk=application.pk)  # this thread's own connection
                barrier.wait()
                lifecycle.perform(mine, action, actor, reason=reason)
                outcomes[name] = "won"
            except TransitionConflict as exc:
                outcomes[name] = exc.message
            finally:
                connection.close()

        threads = [
            threading.Thread(target=act, args=("accept", cast.office, "advance", "资格审查通过")),
            threading.Thread(target=act, args=("refuse", second_officer, "refuse", "不符合申报条件")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)

    assert sorted(outcomes) == ["accept", "refuse"]
    winners = [name for name, outcome in outcomes.items() if outcome == "won"]
    assert len(winners) == 1
    loser = next(name for name in outcomes if name not in winners)
    assert "刚刚已被他人处理" in outcomes[loser] and "请刷新页面" in outcomes[loser]
    application.refresh_from_db()
    assert application.status == (Status.DOCUMENT_REVIEW if winners == ["accept"] else Status.INELIGIBLE)
    assert application.audit_trail.filter(from_state=Status.ELIGIBILITY).count() == 1
