"""The API's lists: constant queries at 1 and N rows, no private field, the rate limit, and the downloads."""

import csv
import io

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from awards.models import PublicityEntry
from portal.api import api as api_module
from portal.api.downloads import neutral

from ...builders.journeys import travel
from ...builders.publicity import make_publicity
from .conftest import TODAY

# what the API must never name ("name" is a city's or an award's; the objector's name is checked by its value)
PRIVATE = {"contact", "text", "resolution", "email", "telephone", "phone", "id_number", "password", "score", "scores",
           "documents", "pdf", "issued_by", "published_by", "user", "username", "objector"}


def keys(value) -> set[str]:
    """Every field name anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value) | set().union(*(keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys(v) for v in value)) if value else set()
    return set()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # a cached answer costs no query: count the building of each
    yield
    cache.clear()


def test_publicity_endpoints_do_not_grow_queries_with_rows(client, cities, django_assert_max_num_queries):
    small, _ = make_publicity(1, "jinan")
    with django_assert_max_num_queries(12) as few:
        assert len(client.get("/api/v1/publicity").json()["items"]) == 1
    with django_assert_max_num_queries(12) as one:
        assert len(client.get(f"/api/v1/publicity/{small.pk}").json()["entries"]) == 1
    large, _ = make_publicity(5, "qujing")
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/publicity").json()["items"]) == 2
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(f"/api/v1/publicity/{large.pk}").json()["entries"]) == 5


def test_winners_do_not_grow_queries_with_rows(client, world, django_assert_max_num_queries):
    from ...builders.certified import Winners

    with django_assert_max_num_queries(12) as few:
        assert len(client.get("/api/v1/winners").json()["items"]) == 1
    with travel(TODAY):
        more = Winners("qujing")
        for _ in range(3):
            more.award()
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        found = client.get("/api/v1/winners?year=2026").json()["items"]
    assert len(found) == 4 and {w["city"] for w in found} == {"chenzhou", "qujing"}
    assert [w["city"] for w in client.get("/api/v1/winners?city=qujing").json()["items"]] == ["qujing"] * 3


def test_lists_come_in_pages_and_every_row_can_be_reached(client, world):
    from ...builders.certified import Winners

    with travel(TODAY):
        more = Winners("qujing")
        for _ in range(4):
            more.award()
    first = client.get("/api/v1/winners?limit=2").json()
    assert (first["count"], first["offset"], first["limit"], first["has_more"]) == (5, 0, 2, True)
    pages = [first["items"]] + [client.get(f"/api/v1/winners?limit=2&offset={o}").json()["items"] for o in (2, 4)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert len({(w["city"], w["winner"]) for p in pages for w in p}) == 5
    last = client.get("/api/v1/winners?limit=2&offset=4").json()
    assert last["has_more"] is False
    assert client.get("/api/v1/winners?offset=50").json()["items"] == []
    everything = client.get("/api/v1/winners/download?format=csv").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(everything)))) == 1 + 5  # the download carries every row


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "offset=-1", "limit=abc"])
def test_a_page_outside_the_bounds_is_refused_in_chinese(client, cities, query):
    response = client.get(f"/api/v1/publicity?{query}")
    assert response.status_code == 422
    assert "参数" in response.json()["detail"]


def test_a_second_request_is_served_from_the_cache(client, world, django_assert_num_queries):
    client.get("/api/v1/winners")
    with django_assert_num_queries(0):
        assert client.get("/api/v1/winners").status_code == 200


def test_no_private_field_is_ever_answered(client, world):
    notice, certificate, _application = world
    entry = PublicityEntry.objects.filter(publicity=notice).first()
    from awards.domain import publicity

    with travel(notice.starts_on):
        publicity.file_objection(entry, name="异议人甲", contact="13900001111", text="秘密的异议内容")
    bodies = [client.get(p).json() for p in ("/api/v1/cities", "/api/v1/cities/jinan/rules", "/api/v1/calls",
                                            "/api/v1/publicity", f"/api/v1/publicity/{notice.pk}", "/api/v1/winners",
                                            f"/api/v1/certificates/{certificate.code}")]
    assert not keys(bodies) & PRIVATE
    text = str(bodies)
    assert "13900001111" not in text and "秘密的异议内容" not in text and "异议人甲" not in text


def test_too_many_requests_get_a_chinese_429(client, cities):
    limit = api_module.throttle.num_requests
    api_module.throttle.num_requests = 3
    try:
        answers = [client.get("/api/v1/cities") for _ in range(4)]
    finally:
        api_module.throttle.num_requests = limit
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert "请求过于频繁" in answers[-1].json()["detail"]


def test_a_made_up_forwarded_for_does_not_escape_the_limit(client, cities):
    limit = api_module.throttle.num_requests
    api_module.throttle.num_requests = 2
    try:
        answers = [client.get("/api/v1/cities", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}") for n in range(3)]
    finally:
        api_module.throttle.num_requests = limit
    assert [r.status_code for r in answers] == [200, 200, 429]


def test_downloads_open_and_hold_the_rows(client, world):
    notice, certificate, application = world
    book = load_workbook(io.BytesIO(client.get(f"/api/v1/publicity/{notice.pk}/download?format=xlsx").content))
    sheet = book.active
    assert sheet.max_row == 1 + notice.entries.count() and sheet["A1"].value == "序号"
    raw = client.get("/api/v1/winners/download?format=csv").content
    assert raw.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0][0] == "城市" and table[1][3] == application.applicant_name
    assert table[1][5] == certificate.number
    xlsx = load_workbook(io.BytesIO(client.get("/api/v1/winners/download").content)).active
    assert xlsx.cell(2, 4).value == application.applicant_name


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_formula_injection_is_neutralised(text):
    assert neutral(text) == "'" + text
    assert neutral("济南市") == "济南市" and neutral(3) == "3"


def test_a_formula_in_a_summary_reaches_the_sheet_as_text(client, world):
    notice, _certificate, _application = world
    notice.entries.update(summary="=HYPERLINK(\"http://evil\",\"点我\")")
    cache.clear()
    sheet = load_workbook(io.BytesIO(client.get(f"/api/v1/publicity/{notice.pk}/download").content)).active
    assert sheet["B2"].data_type == "s" and sheet["B2"].value.startswith("'=")
    raw = client.get(f"/api/v1/publicity/{notice.pk}/download?format=csv").content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(raw)))[1][1].startswith("'=")


def test_the_public_pages_link_the_downloads(client, world):
    notice, _certificate, _application = world
    detail = client.get(f"/publicity/{notice.pk}/").content.decode()
    assert f"/api/v1/publicity/{notice.pk}/download?format=csv" in detail
    winners = client.get("/winners/").content.decode()
    assert "/api/v1/winners/download?format=xlsx" in winners
    assert client.get("/api/v1/winners/download?format=xlsx").status_code == 200
