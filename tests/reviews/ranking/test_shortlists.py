"""reviews.domain.ranking.shortlists: confirming a list advances the selected and stops the others, within the
seats left; a list unlike the proposal needs a reason; Qujing's SME seat is enforced (第五条)."""

import datetime
from decimal import Decimal as D

import pytest

from awards.domain import offering
from awards.models import Application, AuditEntry
from awards.workflow import Status
from core.errors import InvalidInput, TransitionDenied
from reviews.domain.ranking import board, shortlists
from reviews.models import Shortlist, ShortlistEntry

from ... import factories
from ...builders.journeys import travel
from ...builders.ranking import Scene, final_group, qujing_orgs, shortlist_of

pytestmark = pytest.mark.django_db


def test_confirming_the_shortlist_advances_the_selected_and_stops_the_others(chenzhou_ranking):
    apps = shortlist_of(chenzhou_ranking, [700, 910, 650, 820, 880])
    group = board.read(chenzhou_ranking.cycle, board.SHORTLIST).groups[0]
    shortlist = shortlists.confirm(chenzhou_ranking.cycle, board.SHORTLIST, "mayor", group.proposed_ids,
                                   chenzhou_ranking.cast.office)
    states = {a.pk: Application.objects.get(pk=a.pk) for a in apps}
    assert [states[a.pk].status for a in apps] == ["site_review", "site_review", "not_selected", "site_review",
                                                   "site_review"]
    stopped = states[apps[2].pk]
    assert stopped.stopped_at_stage == "document_review"
    entry = AuditEntry.objects.filter(application=stopped).latest("pk")
    assert entry.action == "stop" and entry.article == "第十五条" and "排名第5" in entry.reason
    assert shortlist.entries.count() == 5 and shortlist.entries.filter(selected=True).count() == 4
    # the record is append-only
    with pytest.raises(PermissionError):
        ShortlistEntry.objects.filter(shortlist=shortlist).update(selected=True)


def test_a_list_unlike_the_proposal_needs_a_reason_and_bad_input_changes_nothing(chenzhou_ranking):
    apps = shortlist_of(chenzhou_ranking, [700, 910, 650])
    office = chenzhou_ranking.cast.office
    with pytest.raises(InvalidInput, match="调整说明"):
        shortlists.confirm(chenzhou_ranking.cycle, board.SHORTLIST, "mayor", [apps[1].pk], office)
    with pytest.raises(InvalidInput, match="不在本名单"):
        shortlists.confirm(chenzhou_ranking.cycle, board.SHORTLIST, "mayor", [999999], office, reason="x")
    with pytest.raises(InvalidInput):
        shortlists.confirm(chenzhou_ranking.cycle, board.SHORTLIST, "mayor", ["abc"], office, reason="x")
    with pytest.raises(TransitionDenied):
        shortlists.confirm(chenzhou_ranking.cycle, board.SHORTLIST, "mayor", [apps[1].pk],
                           chenzhou_ranking.cast.committee)
    assert not Shortlist.objects.exists()
    assert set(Application.objects.values_list("status", flat=True)) == {"document_review"}
    shortlists.confirm(chenzhou_ranking.cycle, board.SHORTLIST, "mayor", [apps[1].pk], office,
                       reason="经研究只推荐一家")
    assert Shortlist.objects.get().reason == "经研究只推荐一家"


def test_an_unscored_candidate_blocks_the_confirmation(chenzhou_ranking):
    shortlist_of(chenzhou_ranking, [700])
    chenzhou_ranking.app("document_review")  # no result yet
    group = board.read(chenzhou_ranking.cycle, board.SHORTLIST).groups[0]
    assert not group.complete
    with pytest.raises(InvalidInput, match="尚有申报未完成评分"):
        shortlists.confirm(chenzhou_ranking.cycle, board.SHORTLIST, "mayor", group.proposed_ids,
                           chenzhou_ranking.cast.office)


def test_final_list_respects_the_quota(chenzhou_ranking):
    apps = [chenzhou_ranking.app("ranking", document_review=s, site_review=s, satisfaction_survey=90)
            for s in (800, 900, 700)]
    group = board.read(chenzhou_ranking.cycle, board.FINAL).groups[0]
    assert group.proposed_ids == {apps[0].pk, apps[1].pk}
    assert [o.ranked.score for o in group.outcomes] == [D("900.00"), D("820.00"), D("740.00")]  # survey 90 → 900
    with pytest.raises(InvalidInput, match="超过可用名额2名"):
        shortlists.confirm(chenzhou_ranking.cycle, board.FINAL, "mayor", [a.pk for a in apps],
                           chenzhou_ranking.cast.office, reason="三家都很好")
    shortlists.confirm(chenzhou_ranking.cycle, board.FINAL, "mayor", group.proposed_ids, chenzhou_ranking.cast.office)
    assert sorted(Application.objects.values_list("status", flat=True)) == [
        "committee_decision", "committee_decision", "not_selected"]


def test_the_stopped_applicant_is_told_with_the_reason(chenzhou_ranking):
    from awards.models import Notice
    from awards.tasks import notify_transition

    apps = shortlist_of(chenzhou_ranking, [700, 910, 650, 820, 880])
    group = board.read(chenzhou_ranking.cycle, board.SHORTLIST).groups[0]
    shortlists.confirm(chenzhou_ranking.cycle, board.SHORTLIST, "mayor", group.proposed_ids,
                       chenzhou_ranking.cast.office)
    stop = AuditEntry.objects.get(application=apps[2], action="stop")
    notify_transition(stop.pk)  # what the worker runs after the commit
    notice = Notice.objects.get(recipient=factories.member(apps[2].organisation), audit_entry=stop)
    assert "未获奖" in notice.subject + notice.body


def test_a_second_list_at_the_same_stage_only_fills_the_seats_left(chenzhou_ranking):
    first = shortlist_of(chenzhou_ranking, [700, 910, 650])
    shortlists.confirm(chenzhou_ranking.cycle, board.SHORTLIST, "mayor", {first[0].pk, first[1].pk},
                       chenzhou_ranking.cast.office, reason="第三家材料评审得分偏低")
    late = shortlist_of(chenzhou_ranking, [990, 600, 580])  # results that came in later
    group = board.read(chenzhou_ranking.cycle, board.SHORTLIST).groups[0]
    assert (group.seats.maximum, group.seats.used, group.seats.remaining) == (4, 2, 2)
    assert group.proposed_ids == {late[0].pk, late[1].pk}

    finals = [chenzhou_ranking.app("ranking", document_review=s, site_review=s, satisfaction_survey=90)
              for s in (800, 700)]
    shortlists.confirm(chenzhou_ranking.cycle, board.FINAL, "mayor", {finals[0].pk}, chenzhou_ranking.cast.office,
                       reason="只推荐一家")
    more = [chenzhou_ranking.app("ranking", document_review=s, site_review=s, satisfaction_survey=90)
            for s in (900, 850)]
    group = board.read(chenzhou_ranking.cycle, board.FINAL).groups[0]
    assert group.seats.remaining == 1 and group.proposed_ids == {more[0].pk}
    with pytest.raises(InvalidInput, match="超过可用名额1名"):
        shortlists.confirm(chenzhou_ranking.cycle, board.FINAL, "mayor", {a.pk for a in more},
                           chenzhou_ranking.cast.office, reason="x")


def test_qujing_list_leaving_the_sme_seat_empty_is_refused(cities):
    scene = Scene("qujing")
    big, sme = qujing_orgs(scene)
    office = scene.cast.office
    with pytest.raises(InvalidInput) as refused:
        shortlists.confirm(scene.cycle, board.FINAL, "mayor_org", [a.pk for a in big], office,
                        reason="两家大企业得分更高")
    assert "第五条" in refused.value.message and "中小企业" in refused.value.message
    assert sme.reference in refused.value.message
    # one organisation only, the SME left out: the reserved seat is still empty
    with pytest.raises(InvalidInput, match="第五条"):
        shortlists.confirm(scene.cycle, board.FINAL, "mayor_org", [big[0].pk], office, reason="只推荐一家")
    assert not Shortlist.objects.exists()
    assert set(Application.objects.values_list("status", flat=True)) == {Status.RANKING}
    shortlists.confirm(scene.cycle, board.FINAL, "mayor_org", [big[0].pk, sme.pk], office)
    assert Application.objects.get(pk=sme.pk).status == Status.COMMITTEE_DECISION


def test_qujing_without_an_eligible_sme_the_reserved_seat_stays_empty_even_with_a_reason(cities):
    """第五条: 获奖组织包括中小企业1名, 获奖数可少额或空缺 — with no eligible SME the SME's seat stays empty; the
    office cannot give it to another organisation, even with a written reason."""
    scene = Scene("qujing")
    big = [scene.app("ranking", hearing=90, document_review=s, site_review=s) for s in (900, 880, 860)]
    assert final_group(scene, "mayor_org").proposed_ids == {big[0].pk}  # the SME seat stays empty (可少额或空缺)
    with pytest.raises(InvalidInput) as refused:
        shortlists.confirm(scene.cycle, board.FINAL, "mayor_org", [big[0].pk, big[1].pk], scene.cast.office,
                           reason="本届无中小企业申报，经评委会办公室研究推荐两家")
    assert "第五条" in refused.value.message and "不得由其他申报填补" in refused.value.message
    assert not Shortlist.objects.exists()
    assert set(Application.objects.values_list("status", flat=True)) == {Status.RANKING}
    # another organisation in the open seat, with a reason, is still the office's choice
    shortlists.confirm(scene.cycle, board.FINAL, "mayor_org", [big[1].pk], scene.cast.office,
                       reason="经研究推荐第二名")
    assert Application.objects.get(pk=big[1].pk).status == Status.COMMITTEE_DECISION



def test_wuhan_ranks_its_organisations_once_and_draws_both_lists_by_article_23(cities):
    """第二十三条: 综合……得分进行排序，分别提出市长质量奖、市长质量奖提名奖组织候选名单 — an organisation applies once
    (for the 市长质量奖) and may end in either tier."""
    scene = Scene("wuhan")
    top = scene.app("ranking", document_review=700, hearing=70, site_review=700)  # 700
    low = scene.app("ranking", document_review=500, hearing=50, site_review=500)  # 500, under 第六条's 600
    assert final_group(scene, "mayor_org").proposed_ids == {top.pk}
    nomination = final_group(scene, "nomination_org")
    assert nomination.drawn_into == "nomination_org" and nomination.proposed_ids == {low.pk}
    office = scene.cast.office
    shortlists.confirm(scene.cycle, board.FINAL, "mayor_org", [top.pk], office)
    assert Application.objects.get(pk=low.pk).status == Status.RANKING  # kept for the nomination list
    shortlists.confirm(scene.cycle, board.FINAL, "nomination_org", [low.pk], office)
    placed = Application.objects.get(pk=low.pk)
    assert (placed.award_kind, placed.status) == ("nomination_org", Status.COMMITTEE_DECISION)
    entry = AuditEntry.objects.filter(application=placed).latest("created_at")
    assert entry.article == "第二十三条" and "由“市长质量奖（组织）”综合排序产生" in entry.reason


def test_wuhan_nomination_award_is_not_applied_for_on_its_own_by_article_23(cities):
    with travel(datetime.date(2026, 3, 10)):
        cycle = factories.cycle_for("wuhan", published=datetime.date(2026, 3, 2))
        org = factories.OrganisationFactory(city=cycle.city)
        result = offering.offering(cycle, organisation=org)
    refused = {o.kind.key: o.reasons for o in result.offers if not o.allowed}
    assert "nomination_org" in refused and "第二十三条" in refused["nomination_org"][0]
    assert "mayor_org" in {o.kind.key for o in result.allowed}


def test_where_the_measure_is_silent_the_nomination_award_is_applied_for_as_the_office_set(cities):
    """Jinan 第二条 and Qujing 第五条 only set the numbers: the rule file says so and the office chose."""
    for code in ("jinan", "qujing"):
        kind = cities[code].current_rules().rules.award_kind("nomination_org")
        assert kind.drawn_from.set_by_office and kind.drawn_from.value is None and kind.drawn_from.note
