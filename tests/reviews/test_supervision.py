"""The supervisors (reviews.domain.supervision): Jinan's 评审监督小组 appointed per 届 with its kinds and rotation
(第九条), dissolved when the 届's work ends, its written opinions before the candidate list (第十六条); Qujing's
监察部门 over the whole process (第二十七条)."""

import pydantic
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.domain import access, lifecycle
from cities.schema import CityRules, Dissolution, Role, StageKind, Watched
from core.errors import InvalidInput, TransitionDenied
from reviews.domain import supervision
from reviews.domain.ranking import board, shortlists
from reviews.models import SupervisionOpinion, SupervisorAppointment, SupervisoryGroupDissolution

from .. import factories
from ..builders.intake import PDF
from ..builders.ranking import Scene
from ..builders.supervision import appoint, jinan_at_ranking

pytestmark = pytest.mark.django_db


def test_the_rule_files_name_the_supervisors_with_their_articles(cities):
    """Jinan 第九条 and 第十六条, Qujing 第二十七条; the other measures name none."""
    jinan = cities["jinan"].current_rules().rules.supervision
    assert jinan.body.value == "评审监督小组" and jinan.body.article == "第九条"
    assert set(jinan.watches.value) == {Watched.RECOMMENDATION, Watched.REVIEW, Watched.OBJECTIONS}
    kinds = [k.name for k in jinan.group.member_kinds.value]
    assert kinds[:5] == ["人大代表", "政协委员", "政府机关", "新闻媒体", "执业律师"]
    assert jinan.group.member_kinds.article == jinan.group.rotation_share.article == "第九条"
    assert supervision.share_in_words(jinan.group.rotation_share.value) == "三分之一"
    assert jinan.group.dissolves.value == Dissolution.TERM_WORK_ENDS and jinan.group.dissolves.article == "第九条"
    assert jinan.group.opinions_before.value == StageKind.RANKING and jinan.group.opinions_before.article == "第十六条"
    qujing = cities["qujing"].current_rules().rules.supervision
    assert qujing.body.value == "市监察部门" and qujing.body.article == "第二十七条"
    assert qujing.watches.value == [Watched.WHOLE_PROCESS] and qujing.audit_trail.value and qujing.group is None
    for code in ("chenzhou", "ordos", "wuhan"):
        assert cities[code].current_rules().rules.supervision is None


def test_needed_rotation_reads_the_share_as_a_fraction():
    """第九条 每届轮换的比例不少于三分之一: of 3 members 1, of 4 or 5 members 2, of 6 members 2."""
    share = 0.3333333333
    assert [supervision.needed_rotation(share, n) for n in (1, 2, 3, 4, 5, 6, 7)] == [1, 1, 1, 2, 2, 2, 3]


def test_appointing_members_opens_their_supervisor_access_and_checks_the_kinds(cities):
    """Jinan 第九条: the office appoints members of the kinds the measure lists; they then read as supervisors."""
    scene, _apps = jinan_at_ranking(1)
    user = factories.UserFactory(username="npc")
    with pytest.raises(InvalidInput, match="第九条"):
        supervision.appoint(scene.cycle, [supervision.Row("npc", "张三", "astronaut")], scene.cast.office)
    with pytest.raises(TransitionDenied):
        supervision.appoint(scene.cycle, [supervision.Row("npc", "张三", "npc_deputy")], scene.cast.committee)
    with pytest.raises(InvalidInput, match="有效账号"):
        supervision.appoint(scene.cycle, [supervision.Row("nobody", "张三", "npc_deputy")], scene.cast.office)
    assert not access.is_supervisor(user, scene.cycle.city)
    supervision.appoint(scene.cycle, [supervision.Row("npc", "张三", "npc_deputy", "市人大")], scene.cast.office)
    assert access.is_supervisor(user, scene.cycle.city) and supervision.is_member(user, scene.cycle)
    with pytest.raises(InvalidInput, match="已是本届成员"):
        supervision.appoint(scene.cycle, [supervision.Row("npc", "张三", "npc_deputy")], scene.cast.office)


def test_at_least_a_third_rotated_from_the_previous_term_checked_on_appointment(cities):
    """Jinan 第九条 评审监督小组成员每届轮换的比例不少于三分之一: the previous 届's three again are refused, with the
    article; two of them and one new member are appointed."""
    first, _ = jinan_at_ranking(1, term=1, year=2024)
    old = appoint(first.cycle, first.cast.office, 3, prefix="old")
    second, _ = jinan_at_ranking(1, term=2, year=2026)
    rows = [supervision.Row(u.username, "旧成员", "media") for u in old]
    with pytest.raises(InvalidInput) as refused:
        supervision.appoint(second.cycle, rows, second.cast.office)
    assert "第九条" in refused.value.message and "三分之一" in refused.value.message
    assert not SupervisorAppointment.objects.filter(cycle=second.cycle).exists()
    new = factories.UserFactory(username="fresh")
    supervision.appoint(second.cycle, [*rows[:2], supervision.Row("fresh", "新成员", "lawyer")], second.cast.office)
    assert SupervisorAppointment.objects.filter(cycle=second.cycle).count() == 3
    check = supervision.rotation(second.cycle, [old[0].pk, old[1].pk, new.pk])
    assert (check.total, check.rotated, check.needed, check.met) == (3, 1, 1, True)
    # adding the third old member later is checked over the whole group: 1 of 4 is less than a third
    with pytest.raises(InvalidInput, match="第九条"):
        supervision.appoint(second.cycle, rows[2:], second.cast.office)


def test_the_group_dissolves_when_the_terms_work_ends_and_access_ends_with_it(
        cities, django_capture_on_commit_callbacks):
    """Jinan 第九条 当届评审工作结束后评审监督小组即解散: the last decision of the 届 dissolves it; the members'
    supervisor     access goes (a member of another standing 届 keeps it)."""
    scene, apps = jinan_at_ranking(2)
    members = appoint(scene.cycle, scene.cast.office, 2)
    with pytest.raises(InvalidInput, match="第九条"):
        supervision.dissolve(scene.cycle, scene.cast.office)  # work still in progress
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.perform(apps[0], "stop", scene.cast.office, reason="测试")
    assert not SupervisoryGroupDissolution.objects.filter(cycle=scene.cycle).exists()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.perform(apps[1], "stop", scene.cast.office, reason="测试")
    done = SupervisoryGroupDissolution.objects.get(cycle=scene.cycle)
    assert done.article == "第九条" and done.dissolved_by is None
    for user in members:
        assert not access.is_supervisor(user, scene.cycle.city)
        assert not supervision.is_member(user, scene.cycle)
        assert not access.check(user, "supervision.read", scene.cycle)
    with pytest.raises(InvalidInput, match="已解散"):
        appoint(scene.cycle, scene.cast.office, 1, prefix="late")


def test_the_candidate_list_waits_for_the_groups_written_opinion(cities):
    """Jinan 第十六条 根据评审情况和评审监督小组的监督意见，提出市长质量奖候选名单: refused with the article until an
    opinion is recorded, then confirmed."""
    scene, apps = jinan_at_ranking(2)
    group = board.read(scene.cycle, board.FINAL).groups[0]
    with pytest.raises(TransitionDenied) as refused:
        shortlists.confirm(scene.cycle, board.FINAL, group.quota_seats.key, group.proposed_ids, scene.cast.office)
    assert "第十六条" in refused.value.message and "评审监督小组" in refused.value.message
    members = appoint(scene.cycle, scene.cast.office, 1)
    supervision.record_opinion(scene.cycle, members[0], concerns="review",
                               text="评审程序规范，同意按排序提出候选名单。")
    shortlists.confirm(scene.cycle, board.FINAL, group.quota_seats.key, group.proposed_ids, scene.cast.office)
    assert {a.status for a in [type(a).objects.get(pk=a.pk) for a in apps]} == {"committee_decision"}


def test_the_shortlist_after_document_review_does_not_wait(cities):
    """第十六条 concerns the candidate list only: the cut after 材料评审 (第十五条) needs no opinion."""
    scene, _apps = jinan_at_ranking(1)
    assert supervision.opinion_missing(scene.cycle, board.section_status(scene.cycle, board.SHORTLIST)) is None
    assert supervision.opinion_missing(scene.cycle, board.FINAL)


def test_only_a_standing_member_writes_an_opinion_with_an_optional_file(cities):
    """Jinan 第九条: written opinions of the 届's group; the Role.SUPERVISOR user not appointed, the office and a member
    after dissolution may not."""
    scene, _apps = jinan_at_ranking(1)
    member = appoint(scene.cycle, scene.cast.office, 1)[0]
    for outsider in (scene.cast.supervisor, scene.cast.office, factories.UserFactory()):
        with pytest.raises(TransitionDenied):
            supervision.record_opinion(scene.cycle, outsider, concerns="review", text="意见")
    with pytest.raises(InvalidInput):
        supervision.record_opinion(scene.cycle, member, concerns="review", text="   ")
    with pytest.raises(InvalidInput):
        supervision.record_opinion(scene.cycle, member, concerns="whole_process", text="不在监督事项内")
    with pytest.raises(InvalidInput):
        supervision.record_opinion(scene.cycle, member, concerns="review", text="长" * 5001)
    with pytest.raises(InvalidInput):
        supervision.record_opinion(scene.cycle, member, concerns="review", text="附件不对",
                                   uploaded_file=SimpleUploadedFile("a.pdf", b"<html></html>"))
    opinion = supervision.record_opinion(scene.cycle, member, concerns="objections", text="附意见书",
                                         uploaded_file=SimpleUploadedFile("意见书.pdf", PDF))
    assert opinion.file and opinion.original_name == "意见书.pdf"
    assert SupervisionOpinion.objects.filter(cycle=scene.cycle).count() == 1


def test_qujing_supervisors_read_every_stage_with_the_audit_trail(cities):
    """Qujing 第二十七条 全过程监督: the 监察部门's users see the applications at every stage with their audit trail."""
    scene = Scene("qujing")
    at_ranking = scene.app("ranking")
    stages = supervision.by_stage(scene.cycle)
    assert [s.status for s in stages] == ["ranking"]
    listed = stages[0].applications[0]
    assert listed.pk == at_ranking.pk and len(listed.audit_trail.all()) >= 2
    assert access.check(scene.cast.supervisor, "supervision.read", scene.cycle)
    assert not access.check(factories.city_user("wuhan", Role.SUPERVISOR), "supervision.read", scene.cycle)
    assert not access.check(scene.cast.supervisor, "supervision.opinion", scene.cycle)  # read only: no group


def test_opinions_before_must_name_a_stage_whose_list_the_office_confirms(cities):
    """A rule file whose group waits for opinions before a stage without a list (here 陈述答辩) fails to load: the
    requirement would never be enforced."""
    data = cities["jinan"].current_rules().rules.model_dump(mode="json")
    data["supervision"]["group"]["opinions_before"]["value"] = "hearing"
    with pytest.raises(pydantic.ValidationError, match="opinions_before"):
        CityRules.model_validate(data)
    data["supervision"]["group"]["opinions_before"]["value"] = "document_review"  # the shortlist's stage: fine
    assert CityRules.model_validate(data).supervision.group.opinions_before.value == StageKind.DOCUMENT_REVIEW


def test_appointments_dissolutions_and_opinions_are_append_only(cities):
    """The group's records (第九条, 第十六条) cannot be changed or deleted, in Python."""
    scene, apps = jinan_at_ranking(1)
    member = appoint(scene.cycle, scene.cast.office, 1)[0]
    opinion = supervision.record_opinion(scene.cycle, member, concerns="review", text="意见")
    lifecycle.perform(apps[0], "stop", scene.cast.office, reason="测试")
    done = supervision.dissolve(scene.cycle, scene.cast.office)
    rows = ((SupervisorAppointment, SupervisorAppointment.objects.get(), "name"), (SupervisionOpinion, opinion, "text"),
            (SupervisoryGroupDissolution, done, "reason"))
    for model, row, field in rows:
        with pytest.raises(PermissionError):
            model.objects.filter(pk=row.pk).update(**{field: "改"})
        with pytest.raises(PermissionError):
            model.objects.filter(pk=row.pk).delete()
        with pytest.raises(PermissionError):
            row.save()


@pytest.mark.postgres
def test_the_database_refuses_to_change_the_supervision_records(cities):
    from django.db import DatabaseError, connection, transaction

    scene, _apps = jinan_at_ranking(1)
    member = appoint(scene.cycle, scene.cast.office, 1)[0]
    supervision.record_opinion(scene.cycle, member, concerns="review", text="意见")
    for sql in ("UPDATE reviews_supervisorappointment SET name = 'x'", "DELETE FROM reviews_supervisionopinion"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_supervisors_rows_of_the_permission_table(cities):
    """Each action reviews.domain.supervision registers, allowed and refused (Jinan 第九条, Qujing 第二十七条)."""
    scene, _apps = jinan_at_ranking(1)
    member = appoint(scene.cycle, scene.cast.office, 1)[0]
    opinion = supervision.record_opinion(scene.cycle, member, concerns="review", text="意见")
    stranger = factories.UserFactory()
    qujing = Scene("qujing")
    cases = [
        ("supervision.index", [scene.cycle.city], member, True), ("supervision.index", [], stranger, False),
        ("supervision.read", scene.cycle, member, True), ("supervision.read", scene.cycle, scene.cast.office, False),
        ("supervision.read", qujing.cycle, member, False),
        ("supervision.opinion", scene.cycle, member, True),
        ("supervision.opinion", scene.cycle, scene.cast.supervisor, False),  # a supervisor, not appointed
        ("supervision.opinion", qujing.cycle, qujing.cast.supervisor, False),  # Qujing's 监察部门 read only
        ("supervision.opinion_file", opinion, scene.cast.office, True),
        ("supervision.opinion_file", opinion, member, True),
        ("supervision.opinion_file", opinion, qujing.cast.office, False),
        ("supervision.opinion_file", None, member, False),
        ("office.supervision", scene.cycle, scene.cast.office, True),
        ("office.supervision", scene.cycle, member, False),
        ("office.supervision", qujing.cycle, qujing.cast.office, False),
    ]
    for action, obj, user, expected in cases:
        verdict = access.check(user, action, obj)
        assert bool(verdict) is expected, (action, user.username)
        assert expected or verdict.reason, action  # every refusal says why, in Chinese


def test_the_group_is_per_term_not_per_cycle(cities):
    """第九条 按届聘任: where a 届 holds two cycles, its group is one (appointed once, a member of both)."""
    first, _ = jinan_at_ranking(1, term=3, year=2024)
    second, _ = jinan_at_ranking(1, term=3, year=2025)
    member = appoint(first.cycle, first.cast.office, 1)[0]
    assert supervision.is_member(member, second.cycle)
    assert [m.user for m in supervision.members(second.cycle)] == [member]
    with pytest.raises(InvalidInput, match="已是本届成员"):
        supervision.appoint(second.cycle, [supervision.Row(member.username, "成员", "media")], second.cast.office)
    assert not supervision.work_ended(second.cycle)
