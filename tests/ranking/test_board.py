"""The office's ranking page and list confirmation against the database: the cut after document review,
the candidate list within the quotas, the term count, repeat winners, the office's weights, access."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Application, AuditEntry
from awards.workflow import Status
from cities.schema import Role
from core.errors import InvalidInput, TransitionDenied
from reviews.domain.ranking import board, shortlists, weights
from reviews.models import RankingWeights, Shortlist, ShortlistEntry

from .. import factories
from .helpers import Scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def chenzhou(cities):
    return Scene("chenzhou")


def shortlist_of(scene, scores):
    return [scene.app("document_review", document_review=s) for s in scores]


def test_the_cut_after_document_review_is_twice_the_seats(chenzhou):
    apps = shortlist_of(chenzhou, [700, 910, 650, 820, 880])
    shown = board.read(chenzhou.cycle, board.SHORTLIST)
    [group] = shown.groups
    assert group.seats.maximum == 4  # 2 seats (第四条) × 2 (set by the office)
    assert [o.ranked.candidate.id for o in group.outcomes] == [apps[i].pk for i in (1, 4, 3, 0, 2)]
    assert group.proposed_ids == {apps[i].pk for i in (1, 4, 3, 0)}


def test_confirming_the_shortlist_advances_the_selected_and_stops_the_others(chenzhou):
    apps = shortlist_of(chenzhou, [700, 910, 650, 820, 880])
    group = board.read(chenzhou.cycle, board.SHORTLIST).groups[0]
    shortlist = shortlists.confirm(chenzhou.cycle, board.SHORTLIST, "mayor", group.proposed_ids, chenzhou.cast.office)
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


def test_a_list_unlike_the_proposal_needs_a_reason_and_bad_input_changes_nothing(chenzhou):
    apps = shortlist_of(chenzhou, [700, 910, 650])
    office = chenzhou.cast.office
    with pytest.raises(InvalidInput, match="调整说明"):
        shortlists.confirm(chenzhou.cycle, board.SHORTLIST, "mayor", [apps[1].pk], office)
    with pytest.raises(InvalidInput, match="不在本名单"):
        shortlists.confirm(chenzhou.cycle, board.SHORTLIST, "mayor", [999999], office, reason="x")
    with pytest.raises(InvalidInput):
        shortlists.confirm(chenzhou.cycle, board.SHORTLIST, "mayor", ["abc"], office, reason="x")
    with pytest.raises(TransitionDenied):
        shortlists.confirm(chenzhou.cycle, board.SHORTLIST, "mayor", [apps[1].pk], chenzhou.cast.committee)
    assert not Shortlist.objects.exists()
    assert set(Application.objects.values_list("status", flat=True)) == {"document_review"}
    shortlists.confirm(chenzhou.cycle, board.SHORTLIST, "mayor", [apps[1].pk], office, reason="经研究只推荐一家")
    assert Shortlist.objects.get().reason == "经研究只推荐一家"


def test_an_unscored_candidate_blocks_the_confirmation(chenzhou):
    shortlist_of(chenzhou, [700])
    chenzhou.app("document_review")  # no result yet
    group = board.read(chenzhou.cycle, board.SHORTLIST).groups[0]
    assert not group.complete
    with pytest.raises(InvalidInput, match="尚有申报未完成评分"):
        shortlists.confirm(chenzhou.cycle, board.SHORTLIST, "mayor", group.proposed_ids, chenzhou.cast.office)


def test_final_list_respects_the_quota(chenzhou):
    apps = [chenzhou.app("ranking", document_review=s, site_review=s, satisfaction_survey=90)
            for s in (800, 900, 700)]
    group = board.read(chenzhou.cycle, board.FINAL).groups[0]
    assert group.proposed_ids == {apps[0].pk, apps[1].pk}
    assert [o.ranked.score for o in group.outcomes] == [D("900.00"), D("820.00"), D("740.00")]  # survey 90 → 900
    with pytest.raises(InvalidInput, match="超过可用名额2名"):
        shortlists.confirm(chenzhou.cycle, board.FINAL, "mayor", [a.pk for a in apps], chenzhou.cast.office,
                        reason="三家都很好")
    shortlists.confirm(chenzhou.cycle, board.FINAL, "mayor", group.proposed_ids, chenzhou.cast.office)
    assert sorted(Application.objects.values_list("status", flat=True)) == [
        "committee_decision", "committee_decision", "not_selected"]


def test_wuhan_term_quota_counts_earlier_awards_of_the_term_but_not_repeat_winners(cities):
    earlier = Scene("wuhan", year=2024)
    won = [earlier.app("awarded", document_review=700) for _ in range(3)]
    repeat = earlier.app("awarded", document_review=700)
    shortlist = Shortlist.objects.create(cycle=earlier.cycle, stage="ranking", quota_key="mayor_org",
                                         confirmed_by=earlier.cast.office)
    ShortlistEntry.objects.create(shortlist=shortlist, application=repeat, proposed=True, selected=True,
                                  outside_quota=True)
    now = Scene("wuhan", year=2026)
    seats = board.seats_for(now.cycle)
    assert (seats["mayor_org"].maximum, seats["mayor_org"].used, seats["mayor_org"].remaining) == (8, 3, 5)
    assert seats["mayor_individual"].used == 0
    # another term, or beyond the term's five years, does not count
    later = Scene("wuhan", year=2030, term=2)
    assert board.seats_for(later.cycle)["mayor_org"].used == 0
    # the organisation that won in 2024 is a repeat winner now (outside the quota, 第二十六条)
    again = now.app("ranking", organisation=won[0].organisation, document_review=650, hearing=70, site_review=650)
    candidates, _apps = board.load_candidates(now.cycle, "ranking")
    assert {c.id: c.repeat_winner for c in candidates} == {again.pk: True}


def test_per_cycle_quota_ignores_earlier_cycles(cities):
    earlier = Scene("qujing", year=2024)
    earlier.app("awarded", document_review=700)
    assert board.seats_for(Scene("qujing", year=2026).cycle)["mayor_org"].used == 0


def test_qujing_sme_seat_on_the_board(cities):
    scene = Scene("qujing")
    big = [scene.app("ranking", hearing=90, document_review=s, site_review=s) for s in (900, 880)]
    sme = scene.app("ranking", sme=True, hearing=80, document_review=700, site_review=700)
    group = next(g for g in board.read(scene.cycle, board.FINAL).groups if g.quota_seats.key == "mayor_org")
    assert group.proposed_ids == {big[0].pk, sme.pk}


def test_office_weights_override_the_defaults_with_an_audit(cities):
    scene = Scene("wuhan")
    a = scene.app("ranking", document_review=800, hearing=60, site_review=600)  # 0.3/0.2/0.5 → 660
    b = scene.app("ranking", document_review=600, hearing=90, site_review=700)  # → 710
    assert [o.ranked.candidate.id for o in board.read(scene.cycle, board.FINAL).groups[0].outcomes] == [b.pk, a.pk]
    office = scene.cast.office
    for values, reason, message in (({"document_review": "-1", "hearing": "1", "site_review": "1"}, "x", "0至100"),
                                    ({"document_review": "abc", "hearing": "1", "site_review": "1"}, "x", "数字"),
                                    ({"document_review": "0", "hearing": "0", "site_review": "0"}, "x", "大于0"),
                                    ({"document_review": "1", "hearing": "0", "site_review": "0"}, "", "理由")):
        with pytest.raises(InvalidInput, match=message):
            weights.set_weights(scene.cycle, "mayor_org", values, office, reason=reason)
    with pytest.raises(TransitionDenied):
        weights.set_weights(scene.cycle, "mayor_org", {"document_review": "1"}, scene.cast.committee, reason="x")
    assert not RankingWeights.objects.exists()
    weights.set_weights(scene.cycle, "mayor_org", {"document_review": "1", "hearing": "0", "site_review": "0"},
                        office, reason="评委会决定以资料评审为主")
    in_force = weights.weights_in_force(scene.cycle)["mayor_org"]
    assert in_force.values == {"document_review": D(1), "hearing": D(0), "site_review": D(0)}
    assert in_force.reason == "评委会决定以资料评审为主" and in_force.changed_at is not None
    outcomes = board.read(scene.cycle, board.FINAL).groups[0].outcomes
    assert [(o.ranked.candidate.id, o.ranked.score) for o in outcomes] == [(a.pk, D("800.00")), (b.pk, D("600.00"))]
    shortlists.confirm(scene.cycle, board.FINAL, "mayor_org", {a.pk, b.pk}, office)
    with pytest.raises(InvalidInput, match="已确认"):
        weights.set_weights(scene.cycle, "mayor_org", {"document_review": "1", "hearing": "1", "site_review": "1"},
                            office, reason="再调整")


# -- the page ------------------------------------------------------------------------------------------------
def test_ranking_page_access(client, chenzhou):
    shortlist_of(chenzhou, [700])
    url = f"/reviews/ranking/{chenzhou.cycle.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    for user in (chenzhou.cast.committee, chenzhou.cast.recommender, factories.city_user("wuhan", Role.OFFICE)):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(f"{url}confirm/", {"section": "shortlist", "quota": "mayor"}).status_code == 403
    client.force_login(chenzhou.cast.office)
    assert client.get("/reviews/ranking/999999/").status_code == 404
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    for words in ("综合得分相同时", "第十五条", "第四条", "名单人数", "由评审办公室设定"):
        assert words in text
    assert client.get("/reviews/ranking/").status_code == 200


def test_confirm_through_the_page_shows_a_chinese_message(client, chenzhou):
    apps = shortlist_of(chenzhou, [700, 800])
    client.force_login(chenzhou.cast.office)
    url = f"/reviews/ranking/{chenzhou.cycle.pk}/"
    bad = client.post(f"{url}confirm/", {"section": "shortlist", "quota": "mayor", "selected": [apps[0].pk]},
                      follow=True)
    assert "调整说明" in bad.content.decode()
    good = client.post(f"{url}confirm/", {"section": "shortlist", "quota": "mayor",
                                          "selected": [a.pk for a in apps]}, follow=True)
    assert "名单已确认" in good.content.decode()
    assert set(Application.objects.values_list("status", flat=True)) == {"site_review"}


def test_weights_page(client, cities):
    scene = Scene("wuhan")
    url = f"/reviews/ranking/{scene.cycle.pk}/weights/mayor_org/"
    client.force_login(scene.cast.committee)
    assert client.get(url).status_code == 403
    client.force_login(scene.cast.office)
    assert client.get(f"/reviews/ranking/{scene.cycle.pk}/weights/nope/").status_code == 404
    assert "第二十三条" in client.get(url).content.decode()
    bad = client.post(url, {"document_review": "x", "hearing": "1", "site_review": "1", "reason": "r"})
    assert "须为数字" in bad.content.decode() and not RankingWeights.objects.exists()
    client.post(url, {"document_review": "0.5", "hearing": "0.1", "site_review": "0.4", "reason": "调整"})
    assert RankingWeights.objects.get().weights == {"document_review": "0.5", "hearing": "0.1", "site_review": "0.4"}


def test_ranking_page_query_count_is_the_same_for_1_and_n(client, cities):
    scene = Scene("wuhan")
    client.force_login(scene.cast.office)
    url = f"/reviews/ranking/{scene.cycle.pk}/"

    def queries():
        client.get(url)  # warm the session and the caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    scene.app("document_review", document_review=700)
    scene.app("ranking", document_review=700, hearing=80, site_review=700)
    scene.app("ranking", "mayor_individual", document_review=85, hearing=80)
    one = queries()
    for s in range(6):
        scene.app("document_review", sme=bool(s % 2), document_review=600 + s)
        scene.app("ranking", document_review=700 + s, hearing=80, site_review=700)
        scene.app("ranking", "mayor_individual", document_review=80 + s, hearing=80)
    assert queries() == one


def test_the_stopped_applicant_is_told_with_the_reason(chenzhou):
    from awards.models import Notice
    from awards.tasks import notify_transition

    apps = shortlist_of(chenzhou, [700, 910, 650, 820, 880])
    group = board.read(chenzhou.cycle, board.SHORTLIST).groups[0]
    shortlists.confirm(chenzhou.cycle, board.SHORTLIST, "mayor", group.proposed_ids, chenzhou.cast.office)
    stop = AuditEntry.objects.get(application=apps[2], action="stop")
    notify_transition(stop.pk)  # what the worker runs after the commit
    notice = Notice.objects.get(recipient=factories.member(apps[2].organisation), audit_entry=stop)
    assert "未获奖" in notice.subject + notice.body


def test_index_pages_query_count_is_the_same_for_1_and_n(client, cities):
    scene = Scene("wuhan")
    applicant = factories.UserFactory()

    def queries(user, url):
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    def mine():
        org = factories.OrganisationFactory(city=scene.cycle.city, members=[applicant])
        application = scene.app("document_review", organisation=org, document_review=500)
        Application.objects.filter(pk=application.pk).update(status=Status.NOT_SELECTED)

    mine()
    one = [queries(scene.cast.office, "/reviews/ranking/"), queries(scene.cast.committee, "/reviews/committee/"),
           queries(applicant, "/reviews/feedback/")]
    for year in (2020, 2022, 2024):
        factories.cycle_for("wuhan", year=year)
        mine()
    assert [queries(scene.cast.office, "/reviews/ranking/"), queries(scene.cast.committee, "/reviews/committee/"),
            queries(applicant, "/reviews/feedback/")] == one
    page = client.get("/reviews/feedback/").content.decode()
    assert page.count("report.pdf") == 4
    client.force_login(factories.UserFactory())
    assert client.get("/reviews/ranking/").status_code == 403
    assert client.get("/reviews/committee/").status_code == 403
    assert "暂无可下载" in client.get("/reviews/feedback/").content.decode()


def test_a_second_list_at_the_same_stage_only_fills_the_seats_left(chenzhou):
    first = shortlist_of(chenzhou, [700, 910, 650])
    shortlists.confirm(chenzhou.cycle, board.SHORTLIST, "mayor", {first[0].pk, first[1].pk}, chenzhou.cast.office,
                    reason="第三家材料评审得分偏低")
    late = shortlist_of(chenzhou, [990, 600, 580])  # results that came in later
    group = board.read(chenzhou.cycle, board.SHORTLIST).groups[0]
    assert (group.seats.maximum, group.seats.used, group.seats.remaining) == (4, 2, 2)
    assert group.proposed_ids == {late[0].pk, late[1].pk}

    finals = [chenzhou.app("ranking", document_review=s, site_review=s, satisfaction_survey=90) for s in (800, 700)]
    shortlists.confirm(chenzhou.cycle, board.FINAL, "mayor", {finals[0].pk}, chenzhou.cast.office, reason="只推荐一家")
    more = [chenzhou.app("ranking", document_review=s, site_review=s, satisfaction_survey=90) for s in (900, 850)]
    group = board.read(chenzhou.cycle, board.FINAL).groups[0]
    assert group.seats.remaining == 1 and group.proposed_ids == {more[0].pk}
    with pytest.raises(InvalidInput, match="超过可用名额1名"):
        shortlists.confirm(chenzhou.cycle, board.FINAL, "mayor", {a.pk for a in more}, chenzhou.cast.office, reason="x")
