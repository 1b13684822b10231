"""Setting one unscored application aside from a list of the ranking board (reviews.domain.ranking.set_aside,
portal.office.ranking.set_aside / bring_back): a reason is required, the step is an append-only record and an audit
entry in the same state, the board then confirms without it, the applicant reads it in neutral words, and it can be
brought back before the list is confirmed."""

import pytest

from awards.models import AuditEntry, Notice
from awards.workflow import Status
from cities.schema import Role
from reviews.domain.ranking import board
from reviews.models import RankingSetAside

from ... import factories
from ...builders.ranking import shortlist_of

pytestmark = pytest.mark.django_db


def _scene(scene):
    """Two scored applications and one still waiting for its document-review consensus."""
    scored = shortlist_of(scene, [700, 800])
    waiting = scene.app("document_review")
    return scored, waiting


def _url(scene, what=""):
    return f"/reviews/ranking/{scene.cycle.pk}/{what}"


def test_the_office_sets_an_unscored_application_aside_and_confirms_the_list_without_it(client, chenzhou_ranking):
    scene = chenzhou_ranking
    scored, waiting = _scene(scene)
    client.force_login(scene.cast.office)
    page = client.get(_url(scene)).content.decode()
    assert "暂缓列入本轮排名（移出本轮排名）" in page and f'<option value="{waiting.pk}">' in page
    refused = client.post(_url(scene, "confirm/"), {"section": "shortlist", "quota": "mayor",
                                                     "selected": [a.pk for a in scored]}, follow=True)
    assert "尚有申报未完成评分" in refused.content.decode()

    no_reason = client.post(_url(scene, "set-aside/"), {"section": "shortlist", "application": waiting.pk,
                                                         "reason": " "}, follow=True)
    assert "请填写理由" in no_reason.content.decode() and not RankingSetAside.objects.exists()
    scored_one = client.post(_url(scene, "set-aside/"), {"section": "shortlist", "application": scored[0].pk,
                                                          "reason": "试图暂缓"}, follow=True)
    assert "已完成评分" in scored_one.content.decode() and not RankingSetAside.objects.exists()

    done = client.post(_url(scene, "set-aside/"), {"section": "shortlist", "application": waiting.pk,
                                                    "reason": "评审组组长因病缺席，共识评分延后"}, follow=True)
    assert "已暂缓列入本轮排名" in done.content.decode()
    row = RankingSetAside.objects.get()
    assert (row.application, row.kind, row.stage, row.actor, row.actor_role) == (
        waiting, "set_aside", Status.DOCUMENT_REVIEW, scene.cast.office, Role.OFFICE.value)
    entry = AuditEntry.objects.filter(application=waiting).latest("pk")
    assert (entry.action, entry.from_state, entry.to_state, entry.actor_role) == (
        "ranking_set_aside", Status.DOCUMENT_REVIEW, Status.DOCUMENT_REVIEW, Role.OFFICE.value)
    assert "评审组组长因病缺席" in entry.reason and entry.actor == scene.cast.office
    shown = board.read(scene.cycle, board.SHORTLIST)
    assert [a.application for a in shown.set_aside] == [waiting]
    assert waiting.pk not in {o.ranked.candidate.id for g in shown.groups for o in g.outcomes}
    page = client.get(_url(scene)).content.decode()
    assert "暂缓列入本轮排名的申报" in page and f'data-ref="{waiting.reference}"' in page

    good = client.post(_url(scene, "confirm/"), {"section": "shortlist", "quota": "mayor",
                                                  "selected": [a.pk for a in scored]}, follow=True)
    assert "名单已确认" in good.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.DOCUMENT_REVIEW  # neither moved on nor stopped
    assert {a.status for a in type(waiting).objects.filter(pk__in=[a.pk for a in scored])} == {"site_review"}


def test_the_applicant_reads_that_it_was_set_aside_and_why(client, chenzhou_ranking):
    scene = chenzhou_ranking
    _scored, waiting = _scene(scene)
    client.force_login(scene.cast.office)
    client.post(_url(scene, "set-aside/"), {"section": "shortlist", "application": waiting.pk,
                                            "reason": "现场评审专家另行安排"})
    applicant = factories.member(waiting.organisation)
    client.force_login(applicant)
    page = client.get(f"/apply/{waiting.pk}/status/").content.decode()
    assert "暂缓列入本轮排名" in page and "现场评审专家另行安排" in page
    assert "待评审完成后另行排名" in page  # neutral: no verdict on the application
    notice = Notice.objects.get(recipient=applicant, event_key__startswith="ranking:set_aside:")
    assert "这不是对申报的评定结论" in notice.body and notice.application == waiting


def test_a_set_aside_application_is_brought_back_before_confirmation(client, chenzhou_ranking):
    scene = chenzhou_ranking
    _scored, waiting = _scene(scene)
    client.force_login(scene.cast.office)
    client.post(_url(scene, "set-aside/"), {"section": "shortlist", "application": waiting.pk, "reason": "延后"})
    missing = client.post(_url(scene, "bring-back/"), {"section": "shortlist", "application": waiting.pk},
                          follow=True)
    assert "请填写理由" in missing.content.decode()
    back = client.post(_url(scene, "bring-back/"), {"section": "shortlist", "application": waiting.pk,
                                                     "reason": "评分将于本周完成"}, follow=True)
    assert "已恢复参加排名" in back.content.decode()
    assert list(RankingSetAside.objects.values_list("kind", flat=True)) == ["set_aside", "brought_back"]
    assert AuditEntry.objects.filter(application=waiting, action="ranking_brought_back").exists()
    shown = board.read(scene.cycle, board.SHORTLIST)
    assert not shown.set_aside and not shown.groups[0].complete  # back on the list, which waits again
    again = client.post(_url(scene, "bring-back/"), {"section": "shortlist", "application": waiting.pk,
                                                      "reason": "再次"}, follow=True)
    assert "没有被暂缓" in again.content.decode()


def test_only_the_citys_office_sets_aside(client, chenzhou_ranking):
    scene = chenzhou_ranking
    _scored, waiting = _scene(scene)
    data = {"section": "shortlist", "application": waiting.pk, "reason": "理由"}
    for user in (scene.cast.committee, factories.city_user("wuhan", Role.OFFICE),
                 factories.city_user("chenzhou", Role.SUPERVISOR)):
        client.force_login(user)
        assert client.post(_url(scene, "set-aside/"), data).status_code == 403
        assert client.post(_url(scene, "bring-back/"), data).status_code == 403
    client.force_login(scene.cast.office)
    assert client.post(_url(scene, "set-aside/"), {**data, "application": "999999"}).status_code == 404
    assert client.get(_url(scene, "set-aside/")).status_code == 405
    assert not RankingSetAside.objects.exists()


def test_the_board_with_set_aside_rows_runs_the_same_queries_for_1_and_n(client, chenzhou_ranking):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviews.domain.ranking import set_aside

    scene = chenzhou_ranking
    shortlist_of(scene, [700])
    client.force_login(scene.cast.office)

    def aside_one():
        app = scene.app("document_review")
        set_aside.set_aside(scene.cycle, board.SHORTLIST, app, scene.cast.office, "评分延后")
        return app

    def queries():
        client.get(_url(scene))
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(_url(scene)).content.decode()
        return len(ctx), page

    first = aside_one()
    one, page = queries()
    assert f'data-ref="{first.reference}"' in page
    more = [aside_one() for _ in range(3)]
    many, page = queries()
    assert all(f'data-ref="{a.reference}"' in page for a in more)
    assert one == many
