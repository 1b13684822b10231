"""Reviewers disqualified for abusing the role (reviews.domain.sanctions): Chenzhou 第二十九条, Qujing 第三十一条,
Jinan 第二十七条, Wuhan 第二十八条, Ordos 第二十五条 — as each rule file's reviewer_conduct.sanctions says."""

import pytest
from django.contrib.auth.models import User

from awards.models import AuditEntry, Notice
from core.errors import InvalidInput, TransitionDenied
from reviews.domain import consensus, panels, sanctions
from reviews.models import Assignment, PanelMember, ReviewerSanction

from ..builders.conduct import open_work
from ..builders.journeys import Cast
from ..builders.review import Review, agreed_all, make_expert

DETAILS = {"referred": "已函告其所在单位湘南学院", "public_notice": "已在评审办网站公告"}


def test_chenzhou_disqualification_hands_over_the_open_work_and_sets_the_sheet_aside_第二十九条(cities):
    review, first, second, on_first, on_second, spare, conflicted = open_work("chenzhou")
    bad = review.experts[1]
    sanction = sanctions.disqualify(bad, review.cast.office, ground="徇私舞弊", reason="查实其向申报单位透露评分。",
                                    details=DETAILS)
    bad.refresh_from_db()
    assert not bad.active and sanction.article == "第二十九条" and sanction.decided_by == "评委会办公室"
    assert sanction.recorded_role == "office" and sanction.recorded_by == review.cast.office
    assert [c["kind"] for c in sanction.consequences] == ["disqualified", "referred", "judiciary"]
    assert Assignment.objects.filter(expert=bad).values_list("state", flat=True).distinct().get() == "disqualified"
    assert sorted((r["application"], r["sheet_set_aside"]) for r in sanction.handed_over) == sorted(
        [(first.pk, True), (second.pk, False)])
    # the submitted sheet stays, but the consensus no longer reads it
    assert bad.pk not in {a.expert_id for a in consensus.compare(review.panel, first).assignments}
    assert not bad.user.has_perm("awards.view_application", first)
    # the expert left the panel; the audit trail of both applications says who, in which role, why, the article
    assert not PanelMember.objects.filter(panel=review.panel, expert=bad).exists()
    entries = AuditEntry.objects.filter(action=sanctions.ACTION)
    assert {e.application_id for e in entries} == {first.pk, second.pk}
    assert {(e.actor_id, e.actor_role, e.article) for e in entries} == {(review.cast.office.pk, "office", "第二十九条")}
    assert all("徇私舞弊" in e.reason and e.from_state == e.to_state for e in entries)
    assert Notice.objects.filter(recipient=bad.user, event_key__startswith="review:disqualified").exists()


def test_the_hand_over_offers_only_eligible_pool_members_and_keeps_the_panel_rules_第二十九条(cities):
    review, first, second, on_first, on_second, spare, conflicted = open_work("chenzhou")
    bad = review.experts[1]
    sanction = sanctions.disqualify(bad, review.cast.office, ground="滥用职权", reason="查实。", details=DETAILS)
    [handover] = sanctions.handovers(sanction)
    assert handover.short and handover.size == 2  # 第十四条: 3–5 reviewers
    assert spare in handover.candidates
    assert conflicted not in handover.candidates and bad not in handover.candidates
    with pytest.raises(InvalidInput, match="不在本市在库专家中"):
        panels.add_member(review.panel, bad, review.cast.office)
    panels.add_member(review.panel, spare, review.cast.office)
    assert Assignment.objects.filter(panel=review.panel, expert=spare).count() == 2
    assert not sanctions.handovers(ReviewerSanction.objects.get(pk=sanction.pk))[0].short


def test_a_lost_leader_and_a_lost_industry_expert_are_flagged_第三十一条_第十八条(cities):
    review = Review("qujing", size=3)  # 第十八条(三): at least three, with an industry expert, a leader
    app = review.application()
    review.assign(app)
    for e in review.experts[1:]:
        e.is_industry_expert = False
        e.save()
    industry = make_expert("qujing", "行业备选", industry_expert=True)
    ordinary = make_expert("qujing", "普通备选", industry_expert=False)
    sanction = sanctions.disqualify(review.leader, review.cast.office, ground="收受财物", reason="查实收受财物。",
                                    details=DETAILS)
    [handover] = sanctions.handovers(sanction)
    assert handover.needs_leader and handover.needs_industry_expert and handover.short
    assert industry in handover.candidates and ordinary not in handover.candidates
    assert all(c.is_industry_expert for c in handover.candidates)


def test_finished_stages_keep_their_record(cities):
    review, first, second, on_first, on_second, spare, conflicted = open_work("chenzhou")
    others = [a for a in on_first if a.expert != review.experts[1]]
    review.score_all(others, [60, 80])
    consensus.record(review.panel, first, review.leader.user, agreed_all(consensus.compare(review.panel, first)))
    sanction = sanctions.disqualify(review.experts[1], review.cast.office, ground="玩忽职守", reason="查实。",
                                    details=DETAILS)
    assert [r["application"] for r in sanction.handed_over] == [second.pk]
    assert Assignment.objects.get(panel=review.panel, application=first, expert=review.experts[1]).state == "active"


def test_what_follows_must_be_said_and_the_ground_must_be_the_measures_第二十九条(cities):
    review = Review("chenzhou", size=3)
    office = review.cast.office
    with pytest.raises(InvalidInput, match="请选择第二十九条所列的情形"):
        sanctions.disqualify(review.experts[0], office, ground="迟到", reason="x", details=DETAILS)
    with pytest.raises(InvalidInput, match="请填写查实的事实与理由"):
        sanctions.disqualify(review.experts[0], office, ground="徇私舞弊", reason="  ", details=DETAILS)
    with pytest.raises(InvalidInput, match="提请其主管部门或所在工作单位依规处理"):
        sanctions.disqualify(review.experts[0], office, ground="徇私舞弊", reason="查实。", details={})
    # the judiciary only where a crime is suspected: not required
    sanctions.disqualify(review.experts[0], office, ground="徇私舞弊", reason="查实。", details={"referred": "已函告"})
    with pytest.raises(InvalidInput, match="已不在专家库中"):
        sanctions.disqualify(review.experts[0], office, ground="徇私舞弊", reason="查实。", details=DETAILS)


def test_qujing_names_the_public_notice_第三十一条(cities):
    review = Review("qujing", size=3)
    with pytest.raises(InvalidInput, match="向社会公告"):
        sanctions.disqualify(review.experts[0], review.cast.office, ground="收受财物", reason="查实。", details={})
    sanction = sanctions.disqualify(review.experts[0], review.cast.office, ground="收受财物", reason="查实。",
                                    details={"public_notice": "已在市政府网站公告"})
    assert sanction.article == "第三十一条" and sanction.decided_by == "评审办"


def test_wuhan_needs_the_committees_approval_first_第二十八条(cities):
    review = Review("wuhan", size=3)
    with pytest.raises(InvalidInput, match="须报经市强市委批准"):
        sanctions.disqualify(review.experts[0], review.cast.office, ground="徇私舞弊", reason="查实。", details=DETAILS)
    sanction = sanctions.disqualify(review.experts[0], review.cast.office, ground="徇私舞弊", reason="查实。",
                                    details=DETAILS, approval="市强市委〔2026〕3号")
    assert sanction.approval == "市强市委〔2026〕3号" and sanction.article == "第二十八条"


def test_jinan_the_supervisory_group_disqualifies_not_the_office_第二十七条(cities):
    review = Review("jinan", size=3)
    with pytest.raises(TransitionDenied, match="由评审监督小组取消"):
        sanctions.disqualify(review.experts[0], review.cast.office, ground="徇私舞弊", reason="查实。", details=DETAILS)
    supervisor = Cast("jinan").supervisor
    sanction = sanctions.disqualify(review.experts[0], supervisor, ground="徇私舞弊", reason="查实。",
                                    details=DETAILS)
    assert sanction.recorded_role == "supervisor" and sanction.decided_by == "评审监督小组"


def test_ordos_accountability_is_recorded_as_the_office_set_it_第二十五条(cities):
    review = Review("ordos", size=3)
    rule = sanctions.rules_for(review.cycle.city)
    assert rule.article == "第二十五条" and rule.consequences.set_by_office
    sanction = sanctions.disqualify(review.experts[0], review.cast.office, ground="吃拿卡要", reason="查实。",
                                    details=DETAILS)
    assert sanction.article == "第二十五条"


def test_a_disqualified_expert_cannot_declare_or_be_put_on_a_panel(cities):
    review, first, second, on_first, on_second, spare, conflicted = open_work("chenzhou")
    bad = review.experts[1]
    sanctions.disqualify(bad, review.cast.office, ground="徇私舞弊", reason="查实。", details=DETAILS)
    bad.refresh_from_db()
    task = Assignment.objects.filter(expert=bad).first()
    with pytest.raises(TransitionDenied, match="取消评审资格"):
        panels.declare(task, bad.user, has_conflict=False, pledge=True)
    with pytest.raises(InvalidInput, match="不在本市在库专家中"):
        panels.form_panel(cycle=review.cycle, stage="document_review", name="新组", actor=review.cast.office,
                          members=[(bad, True), (spare, False), (conflicted, False)])
    assert "第二十九条" in sanctions.refusal(bad)


def test_the_sanction_record_is_append_only(cities):
    review = Review("chenzhou", size=3)
    sanction = sanctions.disqualify(review.experts[0], review.cast.office, ground="徇私舞弊", reason="查实。",
                                    details=DETAILS)
    sanction.reason = "改写"
    with pytest.raises(Exception):  # noqa: B017 -- AppendOnly refuses any change
        sanction.save()


def test_the_admin_cannot_put_a_disqualified_expert_back_in_the_pool_第二十九条(cities, client):
    review, *_ = open_work("chenzhou")
    bad = review.experts[1]
    sanctions.disqualify(bad, review.cast.office, ground="徇私舞弊", reason="查实其向申报单位透露评分。",
                         details=DETAILS)
    root = User.objects.create_superuser("root-sanction", "root@example.gov.cn", "Portal-Pass-2026")
    client.force_login(root)
    page = client.get(f"/admin/reviews/expert/{bad.pk}/change/").content.decode()
    assert 'name="active"' not in page
    bad.refresh_from_db()
    assert not bad.active
