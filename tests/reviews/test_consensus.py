"""reviews.domain.consensus: side by side, wide spreads flagged, recorded by the leader once the panel is
complete, and the stage result it becomes."""

from decimal import Decimal

import pytest

from awards.workflow import Status
from reviews.domain import consensus, panels, results
from reviews.domain.consensus import AgreedEntry
from reviews.models import Consensus, Expert

from ..builders.review import Review, agreed_all


def test_comparison_flags_items_with_a_spread_at_the_threshold(ordos_scored):
    review, app, _ = ordos_scored
    comparison = consensus.compare(review.panel, app)
    flagged = [r.code for r in comparison.rows if r.flagged]
    assert flagged == ["4.1.1"] and comparison.flag == 20
    row = comparison.rows[0]
    assert [c.percent for c in row.cells] == [40, 60, 60] and row.spread == 20 and row.suggested == 55
    assert comparison.all_submitted and len(comparison.rows) == 23


def test_leader_records_consensus_which_becomes_the_stage_result(ordos_scored):
    review, app, _ = ordos_scored
    comparison = consensus.compare(review.panel, app)
    entries = agreed_all(comparison, 60)
    entries["4.1.1"] = AgreedEntry("50", "高层领导重视质量\n建立了质量奖励制度", "对基层的展开不足", "讨论后取中")
    recorded = consensus.record(review.panel, app, review.leader.user, entries, report="资料评审报告：总体良好。")
    assert recorded.total == Decimal("25.00") + Decimal("950") * Decimal("0.6")
    assert results.stage_results([app]) == {app.pk: {"document_review": recorded.total}}
    rows = results.feedback(app)
    assert [r["code"] for r in rows] == ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7"]
    lead = rows[0]
    assert lead["name"] == "领导" and lead["max"] == 110 and lead["score"] == Decimal("25.00") + Decimal("36.00")
    assert lead["strengths"][:2] == ["高层领导重视质量", "建立了质量奖励制度"]
    assert "对基层的展开不足" in lead["opportunities"]


def test_consensus_needs_every_item_and_only_the_leader(ordos_scored):
    review, app, _ = ordos_scored
    comparison = consensus.compare(review.panel, app)
    entries = agreed_all(comparison)
    del entries["4.7.6"]
    with pytest.raises(consensus.InvalidInput, match="4.7.6 领导方面的结果"):
        consensus.record(review.panel, app, review.leader.user, entries)
    entries = agreed_all(comparison)
    entries["4.2.1"] = AgreedEntry("33")
    with pytest.raises(consensus.InvalidInput, match="5的整数倍"):
        consensus.record(review.panel, app, review.leader.user, entries)
    for user in (review.experts[1].user, review.cast.office):
        with pytest.raises(consensus.TransitionDenied):
            consensus.record(review.panel, app, user, agreed_all(comparison))
    assert not Consensus.objects.exists()


def test_inspection_for_an_individual_records_an_opinion_not_a_score(cities):
    review = Review("wuhan", stage="site_review")
    kind = next(k for k in review.cycle.rules.award_kinds if k.applicant_kind == "individual")
    app = review.application(award_kind=kind.key)
    assignments = review.assign(app)
    review.declare_all(assignments)
    from reviews.domain import scoring

    for a in assignments:
        a.refresh_from_db()
        sheet = scoring.sheet_for(a)
        with pytest.raises(scoring.InvalidInput, match="考察意见"):
            scoring.submit(sheet, a.expert.user)
        scoring.save(sheet, a.expert.user, {}, opinion="群众评价良好，事迹属实。")
        scoring.submit(sheet, a.expert.user)
    with pytest.raises(consensus.InvalidInput, match="考察意见"):
        consensus.record(review.panel, app, review.leader.user, {})
    consensus.record(review.panel, app, review.leader.user, {}, report="考察组一致认为事迹属实。")
    assert results.stage_results([app]) == {app.pk: {}}  # an opinion, no score
    assert Consensus.objects.get().report == "考察组一致认为事迹属实。"


def test_hearing_is_scored_on_its_own_sheet_in_the_citys_order(cities):
    review = Review("wuhan", stage="hearing")
    app = review.application()
    from reviews.domain import site_reviews

    assert site_reviews.expert_stages(app) == ["document_review", "hearing", "site_review"]
    assignments = review.ready_for_consensus(app, percents=(80, 85, 90))
    assignments[0].refresh_from_db()
    assert assignments[0].sheet.scheme == "hearing"
    comparison = consensus.compare(review.panel, app)
    consensus.record(review.panel, app, review.leader.user, agreed_all(comparison))
    assert results.stage_results([app]) == {app.pk: {"hearing": Decimal("85.00")}}
    progress = {p.stage: p for p in site_reviews.progress(app)}
    assert progress["hearing"].submitted == 3 and progress["hearing"].consensus is not None
    assert progress["hearing"].label == "陈述答辩" and progress["site_review"].report_label == "现场评审报告"


def test_lifecycle_refuses_to_leave_a_reviewed_stage_before_the_consensus(ordos_scored):
    from awards.domain import lifecycle
    from core.errors import TransitionNotAllowed

    review, app, _ = ordos_scored
    with pytest.raises(TransitionNotAllowed, match="尚未记录共识评分"):
        lifecycle.perform(app, "advance", review.cast.office)
    consensus.record(review.panel, app, review.leader.user, agreed_all(consensus.compare(review.panel, app)))
    # the consensus is in; after Ordos's document review the confirmed ranking list decides (第十七条)
    with pytest.raises(TransitionNotAllowed, match="由排序决定"):
        lifecycle.perform(app, "advance", review.cast.office)
    assert app.status == Status.DOCUMENT_REVIEW


def test_a_stage_without_a_panel_is_not_held_up(cities):
    from awards.domain import lifecycle

    review = Review("ordos")
    app = review.application()  # at document review, no panel assigned: the office does it outside the portal
    lifecycle.perform(app, "advance", review.cast.office)
    assert app.status == Status.SITE_REVIEW


# -- consensus needs a full panel --------------------------------------------------------------------------------------
def agreed(comparison, percent=60):
    return {row.code: AgreedEntry(percent, "优势", "改进", "") for row in comparison.rows}


def test_leader_alone_cannot_record_while_others_have_not_declared(half_declared):
    review, app, _ = half_declared
    with pytest.raises(consensus.InvalidInput, match="尚有专家未作回避声明：专家2、专家3"):
        consensus.record(review.panel, app, review.leader.user, agreed(consensus.compare(review.panel, app)))
    assert not Consensus.objects.exists()


def test_too_few_submitted_sheets_after_the_others_step_aside(half_declared):
    review, app, assignments = half_declared
    panels.declare(assignments[1], assignments[1].expert.user, has_conflict=True, note="曾为该单位提供咨询")
    panels.record_recusal(app, assignments[2].expert, review.cast.office, reason="近亲属在申报单位任职")
    with pytest.raises(consensus.InvalidInput, match="已提交评分表的专家仅1人，评审组至少须3人"):
        consensus.record(review.panel, app, review.leader.user, agreed(consensus.compare(review.panel, app)))
    assert not Consensus.objects.exists()


def test_an_industry_expert_must_be_among_the_submitted_where_the_rules_say_so(cities):
    review = Review("wuhan")  # 第十九条: 含行业专家
    app = review.application()
    assignments = review.assign(app)
    review.declare_all(assignments)
    # the pool entries were corrected after the panel was formed: none of them is an industry expert after all
    Expert.objects.filter(pk__in=[e.pk for e in review.experts]).update(is_industry_expert=False)
    review.score_all(assignments, [60] * len(assignments))
    with pytest.raises(consensus.InvalidInput, match="没有行业专家（第十九条）"):
        consensus.record(review.panel, app, review.leader.user, agreed(consensus.compare(review.panel, app)))
