"""The supervisors' pages (portal.supervisor): Qujing's 监察部门 reads every stage and the audit trail and can change
nothing (第二十七条); a member of Jinan's 评审监督小组 writes an opinion the candidate list waits for (第九条,
第十六条); access and query counts."""

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from awards.domain import complaints
from awards.models import Application
from cities.schema import Role
from reviews.domain.ranking import board
from reviews.models import SupervisionOpinion

from ... import factories
from ...builders.intake import PDF
from ...builders.ranking import Scene
from ...builders.supervision import appoint, jinan_at_ranking

pytestmark = pytest.mark.django_db


def test_qujing_inspectors_read_every_stage_with_its_audit_trail(client, cities):
    """Qujing 第二十七条 市监察部门对评审工作进行全过程监督: the page lists the city's applications by stage, each with
    its audit trail (who, from, to, why, the article)."""
    scene = Scene("qujing")
    at_ranking = scene.app("ranking")
    at_review = scene.app("document_review")
    client.force_login(scene.cast.supervisor)
    assert client.get("/supervision/").status_code == 200
    page = client.get(f"/supervision/cycles/{scene.cycle.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    for words in (at_ranking.reference, at_review.reference, "市监察部门", "第二十七条", "办理记录", "只读"):
        assert words in text, words
    assert 'id="opinion-form"' not in text  # read only: Qujing has no group writing opinions
    assert "监督" in text and 'href="/supervision/"' in text  # in the header


def test_the_supervisors_page_runs_a_fixed_number_of_queries(client, cities):
    """Qujing 第二十七条: one application or four, the same number of queries."""
    scene = Scene("qujing")
    scene.app("ranking")
    client.force_login(scene.cast.supervisor)
    url = f"/supervision/cycles/{scene.cycle.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _i in range(3):
        scene.app("ranking")
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).status_code == 200
    assert len(four) == len(one)


def _snapshot():
    """Every row count of our apps and the users' groups, and each application's status."""
    counts = {m._meta.label: m._default_manager.count() for m in django_apps.get_models()
              if m._meta.app_label in {"awards", "reviews", "honours", "cities", "guardian", "auth"}}
    counts["user_groups"] = get_user_model().groups.through.objects.count()
    return counts, dict(Application.objects.values_list("pk", "status"))


def _all_routes(resolvers=None, prefix=""):
    for p in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from _all_routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.pattern.converters


def test_a_supervisor_can_post_nothing_that_changes_state(client, cities):
    """Qujing 第二十七条: supervision is read only. The 监察部门's user POSTs to every URL of the portal (path
    parameters filled with the cycle's and its applications' keys) with a form that would confirm the list, vote,
    resolve or write: no row anywhere is added or changed, and no application moves."""
    scene = Scene("qujing")
    apps = [scene.app("ranking", sme=True), scene.app("ranking")]
    fill = {"cycle_pk": scene.cycle.pk, "pk": apps[0].pk, "app_pk": apps[0].pk, "publicity_pk": 0, "doc_pk": 0,
            "objection_pk": 0, "city": "qujing", "code": "qujing", "status": "ranking", "award_kind": "mayor_org",
            "uidb64": "MQ", "token": "x", "object_id": "1", "app_label": "awards", "url": "x"}
    form = {"section": board.FINAL, "quota": "mayor_org", "selected": [a.pk for a in apps],
            "reason": "监督人员试图确认", "choice": "for", "present": [scene.cast.committee.pk], "outcome": "sustained",
            "resolution": "x",
            "text": "x", "concerns": "whole_process", "note": "x", "reasons": "x", "items": ["x"]}
    client.force_login(scene.cast.supervisor)
    before = _snapshot()
    posted = 0
    for route, converters in _all_routes():
        if route.startswith("admin/") or "logout" in route:
            continue
        path = route
        for name in converters:
            start = path.index("<")
            path = path[:start] + str(fill.get(name, 1)) + path[path.index(">", start) + 1:]
        response = client.post("/" + path, form)
        assert response.status_code != 500, path
        posted += 1
    assert posted > 50
    assert _snapshot() == before


def test_a_jinan_member_writes_an_opinion_the_candidate_list_waits_for(client, cities):
    """Jinan 第十六条: the office's confirmation of the candidate list is refused with the article until a member of
    the 届's 评审监督小组 (第九条) has written an opinion through the page; then it goes through."""
    scene, apps = jinan_at_ranking(2)
    member = appoint(scene.cycle, scene.cast.office, 1)[0]
    group = board.read(scene.cycle, board.FINAL).groups[0]
    confirm = {"section": board.FINAL, "quota": group.quota_seats.key, "selected": sorted(group.proposed_ids)}
    client.force_login(scene.cast.office)
    board_url = f"/reviews/ranking/{scene.cycle.pk}/"
    assert "第十六条" in client.get(board_url).content.decode()  # the warning on the board
    refused = client.post(f"{board_url}confirm/", confirm, follow=True)
    assert "第十六条" in refused.content.decode() and "尚未提交书面监督意见" in refused.content.decode()
    assert set(Application.objects.filter(pk__in=[a.pk for a in apps]).values_list("status", flat=True)) == {"ranking"}

    client.force_login(member)
    page = client.get(f"/supervision/cycles/{scene.cycle.pk}/").content.decode()
    assert 'id="opinion-form"' in page and apps[0].reference in page
    done = client.post(f"/supervision/cycles/{scene.cycle.pk}/opinions/", {
        "concerns": "review", "text": "评审程序规范。", "file": SimpleUploadedFile("意见.pdf", PDF)}, follow=True)
    assert "监督意见已提交" in done.content.decode()
    opinion = SupervisionOpinion.objects.get(cycle=scene.cycle)
    assert client.get(f"/supervision/opinions/{opinion.pk}/file/").status_code == 200

    client.force_login(scene.cast.office)
    assert client.get(f"/supervision/opinions/{opinion.pk}/file/").status_code == 200
    assert "评审程序规范" in client.get(f"/office/cycles/{scene.cycle.pk}/supervision/").content.decode()
    ok = client.post(f"{board_url}confirm/", confirm, follow=True)
    assert "名单已确认" in ok.content.decode()
    assert set(Application.objects.filter(pk__in=[a.pk for a in apps]).values_list("status", flat=True)) == {
        "committee_decision"}


def test_opinions_bad_input_answers_in_chinese(client, cities):
    """Jinan 第九条: an empty, too long or NUL opinion, a wrong file: a Chinese message or 400, never a 500."""
    scene, _apps = jinan_at_ranking(1)
    member = appoint(scene.cycle, scene.cast.office, 1)[0]
    client.force_login(member)
    url = f"/supervision/cycles/{scene.cycle.pk}/opinions/"
    for data in ({"concerns": "review", "text": ""}, {"concerns": "x²", "text": "意见"},
                 {"concerns": "review", "text": "长" * 100_000},
                 {"concerns": "review", "text": "意见", "file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00")}):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200 and "messages" in response.content.decode()
    assert client.post(url, {"concerns": "review", "text": "a\x00b"}).status_code == 400
    assert not SupervisionOpinion.objects.exists()


def test_who_reaches_the_supervisors_pages(client, cities):
    """Supervisors of their own city only; a city whose measure names no supervisor body (Wuhan): 404; the opinion's
    file: the city's office and supervisors."""
    scene, _apps = jinan_at_ranking(1)
    member = appoint(scene.cycle, scene.cast.office, 1)[0]
    client.force_login(member)
    client.post(f"/supervision/cycles/{scene.cycle.pk}/opinions/", {
        "concerns": "review", "text": "意见", "file": SimpleUploadedFile("意见.pdf", PDF)})
    opinion = SupervisionOpinion.objects.get()
    url = f"/supervision/cycles/{scene.cycle.pk}/"
    for outsider in (scene.cast.committee, scene.cast.recommender, factories.city_user("qujing", Role.SUPERVISOR)):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        assert client.get(f"/supervision/opinions/{opinion.pk}/file/").status_code == 404
    client.force_login(scene.cast.supervisor)  # the city's supervisor, not a member: reads, may not write
    assert client.get(url).status_code == 200
    assert client.post(f"{url}opinions/", {"concerns": "review", "text": "x"}).status_code == 403
    wuhan = Scene("wuhan")
    client.force_login(wuhan.cast.supervisor)
    assert client.get(f"/supervision/cycles/{wuhan.cycle.pk}/").status_code == 404
    assert client.get("/supervision/cycles/999999/").status_code == 404


def test_supervisors_see_the_process_complaints(client, cities):
    """Jinan 第九条（三） 审议投诉、举报、调查等处理结果; Qujing 第二十七条: the city's complaints are listed on the
    supervisor's page (awards.domain.complaints.complaints_for_city)."""
    scene = Scene("qujing")
    filed = complaints.file_complaint(scene.cycle.city, name="李四", contact="13800000000", text="评审过程有不当之处")
    client.force_login(scene.cast.supervisor)
    text = client.get(f"/supervision/cycles/{scene.cycle.pk}/").content.decode()
    assert filed.reference in text and "评审过程有不当之处" in text
    assert f'href="/office/{scene.cycle.city.code}/complaints/"' in text
    listed = client.get(f"/office/{scene.cycle.city.code}/complaints/")
    assert listed.status_code == 200 and filed.reference in listed.content.decode()


def test_the_public_rules_page_names_the_supervisors_with_their_articles(client, cities):
    """Jinan 第九条, 第十六条; Qujing 第二十七条: the city's rules page shows the supervising body and what it
    watches."""
    jinan = client.get("/cities/jinan/rules/").content.decode()
    for words in ("评审监督小组", "人大代表", "执业律师", "第九条", "第十六条", "异议处理"):
        assert words in jinan, words
    qujing = client.get("/cities/qujing/rules/").content.decode()
    assert "市监察部门" in qujing and "评审工作全过程" in qujing and "第二十七条" in qujing
    assert 'id="supervision"' not in client.get("/cities/wuhan/rules/").content.decode()
