"""awards.domain.objections: an objection to the city's 公示 goes through the bodies the rule file names
(`objections`), each step recorded in its role with its article, in the audit trail too."""

import datetime

import pytest

from awards.domain import objections, publicity
from awards.models import AuditEntry, Notice, Objection, ObjectionStep
from awards.workflow import Status
from cities.loader import load_all
from cities.schema import Role
from core.errors import InvalidInput, TransitionConflict, TransitionDenied

from ..builders.journeys import travel
from ..builders.publicity import make_publicity

FILED = datetime.date(2026, 9, 15)


def _objection(code):
    notice, cast = make_publicity(2, code)
    entry = notice.entries.order_by("pk").first()
    with travel(FILED):
        objection = publicity.file_objection(entry, name="王某", contact="wang@example.cn", text="材料不实")
    return objection, entry.application, cast


@pytest.mark.parametrize(("code", "expected"), [
    ("chenzhou", [(Role.OFFICE, "第二十条"), (Role.COMMITTEE, "第二十条")]),
    ("jinan", [(Role.OFFICE, "第十七条"), (Role.COMMITTEE, "第十七条")]),
    ("ordos", [(Role.COMMITTEE, "第二十一条"), (Role.OFFICE, "第二十一条"), (Role.COMMITTEE, "第二十一条")]),
    ("qujing", [(Role.OFFICE, "第十九条")]),
])
def test_each_city_routes_an_objection_through_the_bodies_its_measure_names(code, expected):
    """郴州 第二十条, 济南 第十七条, 鄂尔多斯 第二十一条, 曲靖 第十九条: who investigates, proposes, decides."""
    rules = load_all()[code]
    assert [(s.role, s.article) for s in objections.route(rules)] == expected
    assert objections.route(rules)[-1].decides


def test_wuhan_is_silent_and_the_office_set_the_route():
    """武汉: the measure says nothing of objections to the city's 公示 (第二十四条): the route is set by the office."""
    handling = load_all()["wuhan"].objections
    assert handling.investigates.set_by_office and handling.decides.set_by_office and handling.decides.note


def test_jinan_office_proposes_and_the_leading_group_cancels(cities):
    """济南 第十七条: 办公室组织调查核实并提出处理意见，经市质量强市领导小组批准后实施."""
    objection, app, cast = _objection("jinan")
    with travel(FILED):
        with pytest.raises(TransitionDenied, match="作出决定|调查核实"):
            objections.record_step(objection, actor=cast.committee, sustain=True, text="越过办公室")
        objections.record_step(objection, actor=cast.office, sustain=True, text="通报属实", position=0)
        objection.refresh_from_db()
        app.refresh_from_db()
        assert objection.outcome == Objection.Outcome.OPEN and app.status == Status.PUBLICITY
        with pytest.raises(TransitionConflict):  # the office's page was stale
            objections.record_step(objection, actor=cast.committee, sustain=True, text="批准", position=0)
        with pytest.raises(TransitionDenied):
            objections.record_step(objection, actor=cast.office, sustain=True, text="再次")
        objections.record_step(objection, actor=cast.committee, sustain=True, text="批准", position=1)
    objection.refresh_from_db()
    app.refresh_from_db()
    assert objection.outcome == Objection.Outcome.SUSTAINED and objection.resolved_by == cast.committee
    assert app.status == Status.NOT_SELECTED
    trail = list(AuditEntry.objects.filter(application=app).order_by("pk")
                 .values_list("action", "actor_role", "article"))[-3:]
    assert trail == [("objection_proposal", "office", "第十七条"), ("objection_decision", "committee", "第十七条"),
                     ("cancel_on_objection", "committee", "第十七条")]
    with pytest.raises(InvalidInput, match="已处理"):
        objections.record_step(objection, actor=cast.committee, sustain=False, text="改判")


def test_jinan_a_dismissal_too_needs_the_leading_group(cities):
    """济南 第十七条: the office's 处理意见 is carried out only once the leading group approves, either way."""
    objection, app, cast = _objection("jinan")
    with travel(FILED):
        objections.record_step(objection, actor=cast.office, sustain=False, text="不属实")
    objection.refresh_from_db()
    assert objection.outcome == Objection.Outcome.OPEN
    assert objections.next_step(objection).role == Role.COMMITTEE


def test_chenzhou_office_dismisses_alone_and_only_a_cancellation_goes_to_the_committee(cities):
    """郴州 第二十条: 经评委会办公室调查属实的，由评委会办公室提请评委会取消 — unfounded, the office ends it."""
    objection, app, cast = _objection("chenzhou")
    with travel(FILED):
        objections.record_step(objection, actor=cast.office, sustain=False, text="不属实")
    objection.refresh_from_db()
    assert objection.outcome == Objection.Outcome.DISMISSED and objection.resolved_by == cast.office
    report = Notice.objects.get(recipient=cast.committee, event_key=f"objection:{objection.pk}:reported")
    assert "异议不成立" in report.subject and "第三十四条" in report.body  # 郴州 第三十四条: 并向评委会通报
    second = objection.entry.publicity.entries.exclude(pk=objection.entry_id).get()
    with travel(FILED):
        other = publicity.file_objection(second, name="李某", contact="13800000000", text="隐瞒事故")
        objections.record_step(other, actor=cast.office, sustain=True, text="属实，提请取消")
    other.refresh_from_db()
    assert other.outcome == Objection.Outcome.OPEN and objections.next_step(other).role == Role.COMMITTEE


def test_ordos_committee_investigates_the_secretariat_proposes_the_committee_cancels(cities):
    """鄂尔多斯 第二十一条: 评审委员会应调查核实，经调查属实的，由评审委员会秘书处提请评审委员会取消其授奖资格."""
    objection, app, cast = _objection("ordos")
    with travel(FILED):
        with pytest.raises(TransitionDenied):
            objections.record_step(objection, actor=cast.office, sustain=True, text="办公室不调查")
        objections.record_step(objection, actor=cast.committee, sustain=True, text="调查属实")
        # 经调查属实的，由秘书处提请取消: after the committee's findings the secretariat may not propose to dismiss
        with pytest.raises(InvalidInput, match="第二十一条"):
            objections.record_step(objection, actor=cast.office, sustain=False, text="不同意")
        objections.record_step(objection, actor=cast.office, sustain=True, text="提请取消")
        objections.record_step(objection, actor=cast.committee, sustain=True, text="取消授奖资格")
    app.refresh_from_db()
    assert app.status == Status.NOT_SELECTED
    kinds = list(ObjectionStep.objects.filter(objection=objection).values_list("kind", "actor_role"))
    assert kinds == [("investigation", "committee"), ("proposal", "office"), ("decision", "committee")]


def test_qujing_office_takes_the_report_and_cancels_in_one_step(cities):
    """曲靖 第十九条: 评审办……受理举报，查实有违法违规情形的，取消获奖资格."""
    objection, app, cast = _objection("qujing")
    with travel(FILED):
        objections.record_step(objection, actor=cast.office, sustain=True, text="查实")
    app.refresh_from_db()
    assert app.status == Status.NOT_SELECTED
    assert AuditEntry.objects.filter(application=app, action="stop", actor_role="office").exists()


def test_a_proposal_tells_the_deciding_body(cities, django_capture_on_commit_callbacks):
    """济南 第十七条: the leading group's members get a to-do notice when the office has proposed."""
    objection, app, cast = _objection("jinan")
    with travel(FILED), django_capture_on_commit_callbacks(execute=True):
        objections.record_step(objection, actor=cast.office, sustain=True, text="属实")
    notice = Notice.objects.get(recipient=cast.committee, event_key__startswith="objection:")
    assert "待作出决定" in notice.subject and "第十七条" in notice.body


def test_reference_numbers_and_the_public_status_show_nothing_personal(cities):
    """郴州 第三十四条 (告知异议方): the objector follows the case by its number; no names, contact, text, reasons."""
    objection, app, cast = _objection("jinan")
    assert objection.reference.startswith("YY2026-")
    found = objections.by_reference(f"  {objection.reference.lower()} ")
    assert found == objection
    status = objections.public_status(found)
    assert "调查核实" in status["state"]
    assert objections.by_reference("YY2026-NOSUCH00") is None and objections.by_reference("\x00") is None
    flat = repr(status)
    assert "王某" not in flat and "wang@" not in flat and "材料不实" not in flat


def test_the_committee_pages_are_the_committees_of_the_city(cities):
    """committee.objections / committee.objection: the deciding body of the objection's city only."""
    from awards.domain import access

    from ..builders.journeys import Cast

    objection, _app, cast = _objection("jinan")
    assert access.check(cast.committee, "committee.objections").allowed
    assert not access.check(cast.office, "committee.objections").allowed
    assert access.check(cast.committee, "committee.objection", objection).allowed
    other = access.check(Cast("qujing").committee, "committee.objection", objection)
    assert not other.allowed and other.hidden and "没有这条异议" in other.reason
    assert not access.check(cast.committee, "committee.objection", None).allowed


def test_the_committee_cannot_stop_an_application_without_a_sustained_objection(cities):
    """The committee's cancellation (郴州 第二十条, 济南 第十七条) follows a decided objection; nothing else."""
    from awards.domain import lifecycle
    from core.errors import TransitionNotAllowed

    objection, app, cast = _objection("jinan")
    with travel(FILED), pytest.raises(TransitionNotAllowed, match="异议经决定成立"):
        lifecycle.perform(app, "cancel_on_objection", cast.committee, reason="越权")
    app.refresh_from_db()
    assert app.status == Status.PUBLICITY
