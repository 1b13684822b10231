"""The ranking board at scale (portal.office.ranking): each group shows its proposal and the best candidates just
outside it, the rest one page at a time (上一页/下一页), a count per award kind, and the whole board as CSV; the
query count does not grow with the number of candidates or the page asked for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.office import ranking

from ...builders.ranking import Scene

pytestmark = pytest.mark.django_db
PAGE = 2  # a small page and one borderline row, so that a few candidates past Wuhan's seats fill several pages


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(ranking, "PAGE_SIZE", PAGE)
    monkeypatch.setattr(ranking, "BORDERLINE", 1)


def _group(response, section, key):
    found = next(s for s in response.context["sections"] if s["key"] == section)
    return next(g for g in found["groups"] if g["key"] == key)


def _wuhan_board(count):
    scene = Scene("wuhan")
    apps = [scene.app("ranking", document_review=900 - 10 * n, hearing=90 - n, site_review=900 - 10 * n)
            for n in range(count)]
    return scene, apps


def test_the_rest_is_paginated_and_the_proposal_is_always_shown(client, cities, small_pages):
    scene, apps = _wuhan_board(12)
    client.force_login(scene.cast.office)
    url = f"/reviews/ranking/{scene.cycle.pk}/"
    first = client.get(url)
    group = _group(first, "ranking", "mayor_org")
    proposed = [r["reference"] for r in group["rows"] if r["proposed"]]
    assert proposed and group["total"] == 12 and group["proposed_count"] == len(proposed)
    assert len(group["rows"]) == len(proposed) + ranking.BORDERLINE  # the proposal and the borderline
    rest = 12 - len(group["rows"])
    assert group["rest_count"] == rest and len(group["rest"]) == min(PAGE, rest)
    text = first.content.decode()
    assert f"共12件申报，建议入选{len(proposed)}件" in text and "下一页" in text and "上一页" not in text
    shown_first = {r["reference"] for r in group["rest"]}
    second = client.get(url, {"p-ranking-mayor_org": 2})
    group2 = _group(second, "ranking", "mayor_org")
    assert [r["reference"] for r in group2["rows"] if r["proposed"]] == proposed  # on every page
    shown_second = {r["reference"] for r in group2["rest"]}
    assert shown_second and not shown_second & shown_first
    assert "上一页" in second.content.decode()
    pages = group["rest_page"].paginator.num_pages
    seen = set()
    for number in range(1, pages + 1):
        seen |= {r["reference"] for r in _group(client.get(url, {"p-ranking-mayor_org": number}), "ranking",
                                                  "mayor_org")["rest"]}
    head = {r["reference"] for r in group["rows"]}
    assert head | seen == {a.reference for a in apps} and not head & seen  # every candidate, once
    for bad in ("abc", "-1", "99999", "9" * 30):
        assert client.get(url, {"p-ranking-mayor_org": bad}).status_code == 200
    for section in first.context["sections"]:  # the page-size bound, every group
        for shown in section["groups"]:
            assert len(shown["rest"]) <= PAGE
            assert len(shown["rows"]) <= shown["proposed_count"] + ranking.BORDERLINE


def test_query_count_is_the_same_for_1_and_n_and_on_every_page(client, cities, small_pages):
    scene = Scene("wuhan")
    client.force_login(scene.cast.office)
    url = f"/reviews/ranking/{scene.cycle.pk}/"

    def queries(page=1):
        client.get(url, {"p-ranking-mayor_org": page})
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"p-ranking-mayor_org": page}).status_code == 200
        return len(ctx)

    scene.app("ranking", document_review=700, hearing=80, site_review=700)
    one = queries()
    for n in range(11):
        scene.app("ranking", document_review=800 - n, hearing=80, site_review=700)
    assert queries() == one == queries(2)


def test_the_export_lists_the_whole_board(client, cities, small_pages):
    scene, apps = _wuhan_board(3)
    client.force_login(scene.cast.office)
    url = f"/reviews/ranking/{scene.cycle.pk}/export.csv"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert all(a.reference in text for a in apps) and "申报编号" in text
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    few = len(ctx)
    scene.app("ranking", document_review=500, hearing=50, site_review=500)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx) == few
    client.force_login(scene.cast.committee)
    assert client.get(url).status_code == 403


def test_the_export_does_not_hand_a_spreadsheet_a_formula():
    assert ranking._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert ranking._cell("基准") == "基准" and ranking._cell(3) == 3
