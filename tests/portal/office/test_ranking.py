"""The office's ranking pages (portal.office.ranking): access, confirming through the page, the weights page,
the warnings and columns the audit asked for, supervisors reading without buttons, and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Application
from awards.workflow import Status
from cities.schema import Role
from core.errors import InvalidInput
from reviews.domain.ranking import board, shortlists
from reviews.models import RankingWeights, Shortlist, ShortlistEntry

from ... import factories
from ...builders.ranking import Scene, final_group, ordos_with_comments, qujing_orgs, shortlist_of

pytestmark = pytest.mark.django_db


def test_ranking_page_access(client, chenzhou_ranking):
    shortlist_of(chenzhou_ranking, [700])
    url = f"/reviews/ranking/{chenzhou_ranking.cycle.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    for user in (chenzhou_ranking.cast.committee, chenzhou_ranking.cast.recommender,
                 factories.city_user("wuhan", Role.OFFICE)):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(f"{url}confirm/", {"section": "shortlist", "quota": "mayor"}).status_code == 403
    client.force_login(chenzhou_ranking.cast.office)
    assert client.get("/reviews/ranking/999999/").status_code == 404
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    for words in ("综合得分相同时", "第十五条", "第四条", "名单人数", "由评审办公室设定"):
        assert words in text
    assert client.get("/reviews/ranking/").status_code == 200


def test_confirm_through_the_page_shows_a_chinese_message(client, chenzhou_ranking):
    apps = shortlist_of(chenzhou_ranking, [700, 800])
    client.force_login(chenzhou_ranking.cast.office)
    url = f"/reviews/ranking/{chenzhou_ranking.cycle.pk}/"
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


def test_qujing_confirm_page_shows_the_sme_message(client, cities):
    scene = Scene("qujing")
    big, _sme = qujing_orgs(scene)
    client.force_login(scene.cast.office)
    page = client.post(f"/reviews/ranking/{scene.cycle.pk}/confirm/", {
        "section": "ranking", "quota": "mayor_org", "selected": [a.pk for a in big], "reason": "x"}, follow=True)
    assert "中小企业预留名额" in page.content.decode() and "第五条" in page.content.decode()
    assert not Shortlist.objects.exists()


def test_wuhan_candidate_under_600_needs_a_reason_and_the_board_warns(client, cities):
    scene = Scene("wuhan")
    good = scene.app("ranking", document_review=700, hearing=70, site_review=700)  # 700
    low = scene.app("ranking", document_review=500, hearing=50, site_review=500)  # 500
    group = final_group(scene, "mayor_org")
    assert group.proposed_ids == {good.pk}
    client.force_login(scene.cast.office)
    page = client.get(f"/reviews/ranking/{scene.cycle.pk}/").content.decode()
    assert page.count('class="rk-below"') == 1
    assert "低于分数线：第六条规定市长质量奖（组织）总评分原则上不低于600分" in page
    with pytest.raises(InvalidInput) as refused:
        shortlists.confirm(scene.cycle, board.FINAL, "mayor_org", [good.pk, low.pk], scene.cast.office)
    assert low.reference in refused.value.message and "第六条" in refused.value.message
    assert "原则上不低于600分" in refused.value.message
    assert not Shortlist.objects.exists()
    shortlists.confirm(scene.cycle, board.FINAL, "mayor_org", [good.pk, low.pk], scene.cast.office,
                    reason="该单位行业代表性强，经研究列入候选名单")
    entry = ShortlistEntry.objects.get(application=low)
    assert entry.selected and not entry.proposed and entry.shortlist.reason.startswith("该单位")
    assert Application.objects.get(pk=low.pk).status == Status.COMMITTEE_DECISION
    committee_page = client.get(f"/reviews/committee/{scene.cycle.pk}/").content.decode()
    assert committee_page.count('data-below="1"') == 1  # members vote knowing the candidate is under the line
    assert "原则上不低于600分" in committee_page and "该单位行业代表性强，经研究列入候选名单" in committee_page


def test_board_lists_the_repeat_rule_per_award_kind(client, cities):
    scene = Scene("wuhan")
    scene.app("ranking", document_review=700, hearing=70, site_review=700)
    client.force_login(scene.cast.office)
    page = client.get(f"/reviews/ranking/{scene.cycle.pk}/").content.decode()
    assert "市长质量奖（组织）：再次获奖者达到分数线即入选，不占名额" in page
    assert "市长质量奖提名奖（组织）：再次获奖者占用名额" in page


def test_ordos_board_and_committee_show_the_public_comments(client, cities):
    scene = Scene("ordos")
    apps, notice = ordos_with_comments(scene, [2, 0])
    shown = board.read(scene.cycle, board.FINAL)
    assert {k: (v.publicity_id, v.count) for k, v in shown.comments.items()} == {
        apps[0].pk: (notice.pk, 2), apps[1].pk: (notice.pk, 0)}
    client.force_login(scene.cast.office)
    page = client.get(f"/reviews/ranking/{scene.cycle.pk}/").content.decode()
    link = f'href="/reviews/office/comments/{notice.pk}/"'
    assert page.count(link) == 2 and ">2条</a>" in page and ">0条</a>" in page and "第十八条" in page
    assert client.get(f"/reviews/office/comments/{notice.pk}/").status_code == 200
    shortlists.confirm(scene.cycle, board.FINAL, "total", [a.pk for a in apps], scene.cast.office)
    page = client.get(f"/reviews/committee/{scene.cycle.pk}/").content.decode()
    assert page.count(link) == 2 and "公众意见" in page
    client.force_login(scene.cast.committee)  # members see the numbers; the comments page is the office's
    page = client.get(f"/reviews/committee/{scene.cycle.pk}/").content.decode()
    assert link not in page and "2条" in page


def test_cities_without_a_public_comment_stage_show_no_column(client, cities):
    scene = Scene("wuhan")
    scene.app("ranking", document_review=700, hearing=70, site_review=700)
    assert board.read(scene.cycle, board.FINAL).comments == {}
    client.force_login(scene.cast.office)
    assert "公众意见" not in client.get(f"/reviews/ranking/{scene.cycle.pk}/").content.decode()


def test_ordos_board_and_committee_query_counts_are_the_same_for_1_and_n(client, cities):
    scene = Scene("ordos")
    client.force_login(scene.cast.office)

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    board_page, sitting = f"/reviews/ranking/{scene.cycle.pk}/", f"/reviews/committee/{scene.cycle.pk}/"
    ordos_with_comments(scene, [1])
    one = queries(board_page)
    ordos_with_comments(scene, [3, 0, 2, 1])
    assert queries(board_page) == one
    Application.objects.filter(cycle=scene.cycle).update(status=Status.COMMITTEE_DECISION)
    few = queries(sitting)
    ordos_with_comments(scene, [2, 2])
    Application.objects.filter(cycle=scene.cycle).update(status=Status.COMMITTEE_DECISION)
    assert queries(sitting) == few


# -- supervisors read, never act ------------------------------------------------------------------------------------
def test_supervisors_read_the_board_and_the_committee_without_buttons(client, cities):
    scene = Scene("chenzhou")
    apps = [scene.app("ranking", document_review=s, site_review=s, satisfaction_survey=90) for s in (800, 900)]
    client.force_login(scene.cast.supervisor)
    url = f"/reviews/ranking/{scene.cycle.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "综合评价（只读）" in text and "只能查阅" in text
    assert 'href="/reviews/ranking/"' in text and 'href="/reviews/committee/"' in text  # in the navigation
    assert 'name="selected"' not in text and "确认候选名单" not in text and "/weights/" not in text
    assert "/confirm/" not in text
    assert client.get("/reviews/ranking/").status_code == 200
    # POSTs are refused and change nothing
    assert client.post(f"{url}confirm/", {"section": "ranking", "quota": "mayor",
                                          "selected": [a.pk for a in apps]}).status_code == 403
    assert client.get(f"{url}weights/mayor_org/").status_code == 403
    assert client.post(f"{url}weights/mayor_org/", {"document_review": "1", "site_review": "1",
                                                    "satisfaction_survey": "1", "reason": "x"}).status_code == 403
    assert not Shortlist.objects.exists()
    # the committee page, read only
    shortlists.confirm(scene.cycle, board.FINAL, "mayor", [a.pk for a in apps], scene.cast.office)
    sitting = f"/reviews/committee/{scene.cycle.pk}/"
    text = client.get(sitting).content.decode()
    assert apps[0].reference in text and "只能查阅" in text
    assert "/open/" not in text and "/vote/" not in text and "/count/" not in text
    assert client.get("/reviews/committee/").status_code == 200
    for path in ("open/", f"vote/{apps[0].pk}/", "count/"):
        assert client.post(f"{sitting}{path}", {"present": [scene.cast.committee.pk], "choice": "for"}).status_code \
            == 403, path
    from reviews.models import CommitteeSitting, CommitteeVote

    assert not CommitteeSitting.objects.exists() and not CommitteeVote.objects.exists()
    # another city's supervisor sees nothing
    client.force_login(factories.city_user("wuhan", Role.SUPERVISOR))
    assert client.get(url).status_code == 403 and client.get(sitting).status_code == 403


def test_qujing_sme_seat_stays_empty_through_the_page_even_with_a_reason(client, cities):
    """第五条: with no SME on the list, the office's page refuses a second organisation in the SME's seat."""
    scene = Scene("qujing")
    big = [scene.app("ranking", hearing=90, document_review=s, site_review=s) for s in (900, 880)]
    client.force_login(scene.cast.office)
    page = client.post(f"/reviews/ranking/{scene.cycle.pk}/confirm/", {
        "section": "ranking", "quota": "mayor_org", "selected": [a.pk for a in big],
        "reason": "本届无中小企业申报"}, follow=True).content.decode()
    assert "第五条" in page and "不得由其他申报填补" in page
    assert not Shortlist.objects.exists()


def test_wuhan_board_shows_the_nomination_list_drawn_from_the_same_ranking_by_article_23(client, cities):
    scene = Scene("wuhan")
    scene.app("ranking", document_review=700, hearing=70, site_review=700)
    low = scene.app("ranking", document_review=500, hearing=50, site_review=500)
    client.force_login(scene.cast.office)
    page = client.get(f"/reviews/ranking/{scene.cycle.pk}/").content.decode()
    assert "无须单独申报（第二十三条）" in page and "参加下一等次名单的评选" in page
    client.post(f"/reviews/ranking/{scene.cycle.pk}/confirm/", {
        "section": "ranking", "quota": "nomination_org", "selected": [low.pk]}, follow=True)
    assert Application.objects.get(pk=low.pk).award_kind == "nomination_org"
