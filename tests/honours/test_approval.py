"""honours.domain.approval: the government's decision recorded for one application or a batch — each refusal,
approved → 获奖 and not approved → 未获奖 through the lifecycle with the article, certificates, ledger, the
announcement, and the applicants told."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.domain import access, lifecycle
from awards.models import AuditEntry, Notice
from awards.tasks import notify_transition
from awards.workflow import Status
from cities.schema import Role
from core.errors import InvalidInput, TransitionDenied, TransitionNotAllowed
from demo.walk import walk_to
from honours.domain import approval, certificates
from honours.models import Announcement, Certificate, DecisionLine, GovernmentDecision, LedgerEntry

from .. import factories
from ..builders.approval import DECISION_PDF, Approvals
from ..builders.intake import ELF, JPG, PNG, office_zip
from ..builders.journeys import travel

TODAY = datetime.date(2026, 9, 14)


def pdf(name="决定.pdf", content=DECISION_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def chenzhou(cities):
    with travel(TODAY):
        return Approvals("chenzhou")


def record(scene, lines, **overrides):
    fields = {"cycle": scene.cycle, "actor": scene.cast.office, "document_number": "郴政函〔2026〕12号",
              "decided_on": TODAY, "uploaded_file": pdf(), "lines": lines}
    fields.update(overrides)
    with travel(TODAY):
        return approval.record(**fields)


def test_awaiting_lists_the_citys_applications_at_government_approval_only(chenzhou, cities):
    with travel(TODAY):
        waiting = [chenzhou.at_approval() for _ in range(2)]
        earlier = factories.application_for(chenzhou.cycle, recommender=chenzhou.cast.recommender_unit)
        walk_to(earlier, Status.PUBLICITY, cast=chenzhou.cast)
        other = Approvals("wuhan")
        other.at_approval()
    assert list(approval.awaiting(chenzhou.cycle.city)) == waiting


def test_a_batch_approves_some_and_not_others_through_the_lifecycle_with_the_article(chenzhou):
    with travel(TODAY):
        first, second, third = (chenzhou.at_approval() for _ in range(3))
    decision = record(chenzhou, [(first, True, ""), (second, False, "经市长审定，名额调整"), (third, True, "")])

    for app in (first, second, third):
        app.refresh_from_db()
    assert [first.status, second.status, third.status] == [Status.AWARDED, Status.NOT_SELECTED, Status.AWARDED]
    assert second.stopped_at_stage == Status.GOVERNMENT_APPROVAL
    assert decision.approver == "市长审定，市人民政府公告"  # bodies.approver, 第二十条
    assert decision.article == "第二十条"
    assert decision.recorded_by == chenzhou.cast.office
    assert decision.original_name == "决定.pdf"
    assert decision.file.read().startswith(b"%PDF-")

    lines = {line.application_id: line for line in DecisionLine.objects.filter(decision=decision)}
    assert set(lines) == {first.pk, second.pk, third.pk}
    assert not lines[second.pk].approved and lines[second.pk].reason == "经市长审定，名额调整"
    for app, action in ((first, "advance"), (second, "stop"), (third, "advance")):
        entry = lines[app.pk].audit_entry
        assert entry == AuditEntry.objects.filter(application=app).order_by("pk").last()
        assert (entry.action, entry.from_state, entry.actor, entry.actor_role, entry.article) == (
            action, Status.GOVERNMENT_APPROVAL, chenzhou.cast.office, Role.OFFICE.value, "第二十条")
        assert "郴政函〔2026〕12号" in entry.reason
    assert "未予通过：经市长审定，名额调整" in lines[second.pk].audit_entry.reason

    # the winners' certificates and ledger; nothing for the one not approved
    for app in (first, third):
        certificate = certificates.live(app)
        assert certificate.reason == Certificate.Reason.AWARD and certificate.document_number == "郴政函〔2026〕12号"
        assert set(app.ledger.values_list("item", flat=True)) == {"money", "plaque", "certificate"}
        assert app.ledger.get(item="money").amount == 300000  # 第二十一条
    assert not Certificate.objects.filter(application=second).exists()
    assert not LedgerEntry.objects.filter(application=second).exists()


def test_the_decision_publishes_one_award_announcement_with_the_winners_by_kind(cities):
    with travel(TODAY):
        qujing = Approvals("qujing")
        org = qujing.at_approval()
        person = qujing.at_approval(award_kind="mayor_individual")
        contribution = qujing.at_approval(award_kind="contribution_org")
        left_out = qujing.at_approval()
        decision = approval.record(
            cycle=qujing.cycle, actor=qujing.cast.office, document_number="曲政发〔2026〕8号", decided_on=TODAY,
            uploaded_file=pdf(),
            lines=[(contribution, True, ""), (org, True, ""), (person, True, ""), (left_out, False, "未通过审定")])
    announcement = Announcement.objects.get()
    assert announcement.decision == decision and announcement.kind == Announcement.Kind.AWARD
    assert announcement.title == f"关于表彰{qujing.cycle.name}曲靖市市长质量奖获奖单位和个人的公告"
    assert (announcement.city, announcement.cycle) == (qujing.cycle.city, qujing.cycle)
    assert (announcement.document_number, announcement.published_on, announcement.article) == (
        "曲政发〔2026〕8号", TODAY, "第二十条")
    body = announcement.body
    # by award kind in the rule file's order, not the order of the lines
    kinds = ("市长质量奖（组织）", "市长质量奖（个人）", "曲靖市质量贡献奖")
    positions = [body.index(f"{kind}（1名）") for kind in kinds]
    assert positions == sorted(positions)
    for winner in (org, person, contribution):
        assert winner.applicant_name in body
    assert left_out.applicant_name not in body
    assert "曲政发〔2026〕8号" in body and body.endswith("曲靖市人民政府\n2026年09月14日")


def test_a_chenzhou_announcement_is_titled_as_the_measure_names_the_award(chenzhou):
    with travel(TODAY):
        app = chenzhou.at_approval()
    record(chenzhou, [(app, True, "")])
    assert Announcement.objects.get().title == "关于表彰2026年度郴州市市长质量奖获奖单位的公告"


def test_a_decision_approving_nobody_publishes_no_announcement(chenzhou):
    with travel(TODAY):
        app = chenzhou.at_approval()
    record(chenzhou, [(app, False, "未获市长审定通过")])
    app.refresh_from_db()
    assert app.status == Status.NOT_SELECTED
    assert not Announcement.objects.exists()


def test_the_applicants_are_told_with_the_reason_and_the_article(chenzhou, django_capture_on_commit_callbacks):
    with travel(TODAY):
        winner, loser = chenzhou.at_approval(), chenzhou.at_approval()
    with django_capture_on_commit_callbacks(execute=False):
        record(chenzhou, [(winner, True, ""), (loser, False, "质量指标复核未达标")])
    for app in (winner, loser):
        notify_transition(app.decision_line.audit_entry_id)  # finds the notices perform wrote, queues their e-mail
    told_loser = Notice.objects.get(recipient=factories.member(loser.organisation),
                                    audit_entry=loser.decision_line.audit_entry_id)
    assert "未获奖" in told_loser.subject
    assert "质量指标复核未达标" in told_loser.body and "第二十条" in told_loser.body
    told_winner = Notice.objects.get(recipient=factories.member(winner.organisation),
                                     audit_entry=winner.decision_line.audit_entry_id)
    assert "已获奖" in told_winner.subject and "郴政函〔2026〕12号" in told_winner.body


# -- refusals: nothing is recorded ---------------------------------------------------------------
def nothing_recorded(*apps):
    assert not GovernmentDecision.objects.exists() and not DecisionLine.objects.exists()
    for app in apps:
        app.refresh_from_db()
        assert app.status == Status.GOVERNMENT_APPROVAL


@pytest.mark.parametrize("overrides, message", [
    ({"document_number": "  "}, "请填写审定决定的文号"),
    ({"document_number": "号" * 101}, "文号不能超过100个字"),
    ({"decided_on": TODAY + datetime.timedelta(days=1)}, "不能晚于今天"),
    ({"decided_on": None}, "请填写审定日期"),
    ({"uploaded_file": None}, "请上传市政府的审定决定文件"),
    ({"uploaded_file": pdf("空.pdf", b"")}, "空文件"),
    ({"uploaded_file": pdf("决定.pdf", ELF)}, "可执行程序"),
    ({"uploaded_file": pdf("决定.docx", office_zip("word"))}, "须为 PDF 或 jpg/png 图片"),
    ({"uploaded_file": pdf("决定.pdf", b"just some text")}, "无法识别"),
    ({"lines": []}, "请至少选择一份申报"),
])
def test_a_decision_missing_or_wrong_in_one_field_is_refused(chenzhou, overrides, message):
    with travel(TODAY):
        app = chenzhou.at_approval()
    overrides.setdefault("lines", [(app, True, "")])
    with pytest.raises(InvalidInput, match=message):
        record(chenzhou, **overrides)
    nothing_recorded(app)


@pytest.mark.parametrize("content", [PNG, JPG])
def test_an_image_of_the_decision_is_accepted(chenzhou, content):
    with travel(TODAY):
        app = chenzhou.at_approval()
    decision = record(chenzhou, [(app, True, "")], uploaded_file=pdf("扫描件", content))
    assert decision.original_name == "扫描件"


def test_a_file_over_the_size_limit_is_refused(chenzhou, settings):
    settings.INTAKE_MAX_FILE_BYTES = 1024
    with travel(TODAY):
        app = chenzhou.at_approval()
    with pytest.raises(InvalidInput, match="超过单个文件上限"):
        record(chenzhou, [(app, True, "")], uploaded_file=pdf("大.pdf", DECISION_PDF + b"0" * 2000))
    nothing_recorded(app)


def test_the_date_must_come_after_the_publicity_ended(chenzhou):
    with travel(TODAY):
        app = chenzhou.at_approval()
    ended = app.publicity_entries.get(publicity__stage=Status.PUBLICITY).publicity.ends_on
    with pytest.raises(InvalidInput, match="须在拟奖名单公示期满"):
        record(chenzhou, [(app, True, "")], decided_on=ended)
    nothing_recorded(app)
    record(chenzhou, [(app, True, "")], decided_on=ended + datetime.timedelta(days=1))


def test_not_approved_needs_a_reason_and_every_problem_is_named_at_once(chenzhou):
    with travel(TODAY):
        first, second = chenzhou.at_approval(), chenzhou.at_approval()
    with pytest.raises(InvalidInput) as refused:
        record(chenzhou, [(first, False, "  "), (second, True, ""), (second, True, "")])
    assert f"{first.reference}（{first.applicant_name}）审定未通过，须填写理由" in refused.value.message
    assert f"{second.reference}在本次决定中重复出现" in refused.value.message
    nothing_recorded(first, second)


def test_an_application_not_at_government_approval_or_of_another_cycle_is_refused(chenzhou, cities):
    with travel(TODAY):
        ready = chenzhou.at_approval()
        early = factories.application_for(chenzhou.cycle, recommender=chenzhou.cast.recommender_unit)
        walk_to(early, Status.PUBLICITY, cast=chenzhou.cast)
        elsewhere = Approvals("wuhan").at_approval()
    with pytest.raises(InvalidInput) as refused:
        record(chenzhou, [(ready, True, ""), (early, True, ""), (elsewhere, True, "")])
    assert "不在政府审定阶段" in refused.value.message and early.reference in refused.value.message
    assert f"{elsewhere.reference}不是{chenzhou.cycle}的申报" in refused.value.message
    nothing_recorded(ready)


def test_a_decision_already_recorded_is_not_recorded_again(chenzhou):
    with travel(TODAY):
        app = chenzhou.at_approval()
    record(chenzhou, [(app, True, "")])
    with pytest.raises(InvalidInput, match="不在政府审定阶段|已经录入"):
        record(chenzhou, [(app, True, "")], document_number="郴政函〔2026〕13号")
    assert GovernmentDecision.objects.count() == 1 and Certificate.objects.count() == 1


def test_only_the_citys_office_records(chenzhou, cities):
    with travel(TODAY):
        app = chenzhou.at_approval()
        wuhan_office = factories.city_user("wuhan", Role.OFFICE)
    for someone in (chenzhou.cast.committee, chenzhou.cast.recommender, wuhan_office,
                    factories.member(app.organisation)):
        with pytest.raises(TransitionDenied):
            record(chenzhou, [(app, True, "")], actor=someone)
    nothing_recorded(app)


def test_the_stage_check_refuses_passing_government_approval_without_a_decision(chenzhou):
    """perform alone cannot pass 政府审定: only a recorded decision does (honours.checks)."""
    with travel(TODAY):
        app = chenzhou.at_approval()
        with pytest.raises(TransitionNotAllowed, match="政府审定"):
            lifecycle.perform(app, "advance", chenzhou.cast.office, reason="通过")


def test_the_permission_rows_allow_the_citys_office_only(chenzhou, cities):
    with travel(TODAY):
        app = chenzhou.at_approval()
        wuhan_office = factories.city_user("wuhan", Role.OFFICE)
    decision = record(chenzhou, [(app, True, "")])
    city = chenzhou.cycle.city
    assert access.check(chenzhou.cast.office, "office.approval", city)
    assert access.check(chenzhou.cast.office, "office.decision", decision)
    for someone in (wuhan_office, chenzhou.cast.committee, chenzhou.cast.supervisor, chenzhou.cast.recommender,
                    factories.member(app.organisation)):
        refused = access.check(someone, "office.approval", city)
        assert not refused and not refused.hidden and refused.reason == "只有本市评审办公室可以录入政府审定决定。"
        hidden = access.check(someone, "office.decision", decision)
        assert not hidden and hidden.hidden and hidden.reason == "没有这份审定决定。"
    assert not access.check(chenzhou.cast.office, "office.approval", None)
    assert access.check(chenzhou.cast.office, "office.decision", None).hidden
