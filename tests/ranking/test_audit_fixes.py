"""Fixes from the ranking audit, against the database: Qujing's SME seat enforced at confirmation (第五条), Wuhan's
score line "in principle" (第六条), repeat winners outside the quota per award kind (第二十六条), Ordos's public
comments with the candidates (第十八条, 第十九条), and the supervisors' read-only view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.domain import publicity
from awards.models import Application
from awards.workflow import Status
from cities.schema import Role
from core.errors import InvalidInput
from reviews.domain import stage_inputs
from reviews.domain.ranking import board, shortlists
from reviews.models import Shortlist, ShortlistEntry

from .. import factories
from .helpers import Scene

pytestmark = pytest.mark.django_db


def final_group(scene, key):
    return next(g for g in board.read(scene.cycle, board.FINAL).groups if g.quota_seats.key == key)


# -- 1. Qujing: one of the two organisation seats is an SME's (第五条) -----------------------------------------------
def qujing_orgs(scene):
    big = [scene.app("ranking", hearing=90, document_review=s, site_review=s) for s in (900, 880)]
    sme = scene.app("ranking", sme=True, hearing=80, document_review=700, site_review=700)
    return big, sme


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


def test_qujing_without_an_eligible_sme_the_office_may_fill_both_seats_with_a_reason(cities):
    scene = Scene("qujing")
    big = [scene.app("ranking", hearing=90, document_review=s, site_review=s) for s in (900, 880, 860)]
    assert final_group(scene, "mayor_org").proposed_ids == {big[0].pk}  # the SME seat stays empty (可少额或空缺)
    shortlists.confirm(scene.cycle, board.FINAL, "mayor_org", [big[0].pk, big[1].pk], scene.cast.office,
                    reason="本届无中小企业申报，经评委会办公室研究推荐两家")
    assert Application.objects.filter(status=Status.COMMITTEE_DECISION).count() == 2


def test_qujing_confirm_page_shows_the_sme_message(client, cities):
    scene = Scene("qujing")
    big, _sme = qujing_orgs(scene)
    client.force_login(scene.cast.office)
    page = client.post(f"/reviews/ranking/{scene.cycle.pk}/confirm/", {
        "section": "ranking", "quota": "mayor_org", "selected": [a.pk for a in big], "reason": "x"}, follow=True)
    assert "中小企业预留名额" in page.content.decode() and "第五条" in page.content.decode()
    assert not Shortlist.objects.exists()


# -- 2. Wuhan: winners ≥600 "in principle" (第六条) --------------------------------------------------------------------
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


# -- 3. repeat winners, per award kind (第二十六条 concerns the 市长质量奖 only) ------------------------------------
def test_wuhan_board_repeat_winners_mayor_award_outside_nomination_inside(cities):
    earlier = Scene("wuhan", year=2024)
    won_mayor = earlier.app("awarded", document_review=700)
    won_nomination = earlier.app("awarded", "nomination_org", document_review=700)
    now = Scene("wuhan", year=2026)
    again = now.app("ranking", organisation=won_mayor.organisation, document_review=650, hearing=65, site_review=650)
    nominee = now.app("ranking", "nomination_org", organisation=won_nomination.organisation, document_review=650,
                      hearing=65, site_review=650)
    mayor = {o.ranked.candidate.id: o for o in final_group(now, "mayor_org").outcomes}
    nomination = {o.ranked.candidate.id: o for o in final_group(now, "nomination_org").outcomes}
    assert mayor[again.pk].ranked.candidate.repeat_winner and mayor[again.pk].outside_quota
    assert nomination[nominee.pk].ranked.candidate.repeat_winner and not nomination[nominee.pk].outside_quota
    assert nomination[nominee.pk].selected  # takes one of the twelve seats


def test_board_lists_the_repeat_rule_per_award_kind(client, cities):
    scene = Scene("wuhan")
    scene.app("ranking", document_review=700, hearing=70, site_review=700)
    client.force_login(scene.cast.office)
    page = client.get(f"/reviews/ranking/{scene.cycle.pk}/").content.decode()
    assert "市长质量奖（组织）：再次获奖者达到分数线即入选，不占名额" in page
    assert "市长质量奖提名奖（组织）：再次获奖者占用名额" in page


# -- 4. Ordos: public comments with the candidates (第十八条, 第十九条) ------------------------------------------------
def ordos_with_comments(scene, comments):
    """Applications through a public comment period with `comments[i]` comments each, then at the ranking."""
    apps = [scene.app("public_comment", document_review=800 - i, site_review=800) for i in range(len(comments))]
    notice = publicity.publish(cycle=scene.cycle, stage="public_comment", applications=apps, actor=scene.cast.office)
    for app, n in zip(apps, comments, strict=True):
        entry = notice.entries.get(application=app)
        for k in range(n):
            stage_inputs.file_comment(entry, name=f"市民{k}", contact="13900000000", text="意见")
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(status=Status.RANKING)  # test setup
    return apps, notice


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


# -- 6. supervisors read, never act ---------------------------------------------------------------------------------
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
