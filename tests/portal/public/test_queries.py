"""The public list pages (home, publicity, winners, public comments) do not grow their queries with their rows."""

import datetime

import pytest

from awards.domain import publicity
from reviews.domain import stage_inputs

from ... import factories
from ...builders.journeys import Cast, drive_to_award, travel
from ...builders.publicity import make_publicity
from ...builders.queries import count
from ...builders.review import Review


@pytest.mark.parametrize("url", ["/publicity/", "/"])
def test_public_list_pages_do_not_grow_queries_with_rows(client, cities, django_assert_max_num_queries, url):
    make_publicity(1, "jinan")
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    make_publicity(6, "qujing")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def award(code: str, n: int):
    with travel(datetime.date(2026, 9, 1)) as traveller:
        cycle = factories.cycle_for(code, published=datetime.date(2026, 9, 1))
        cast = Cast(code)
        for _ in range(n):
            app = factories.application_for(cycle, recommender=cast.recommender_unit)
            drive_to_award(app, cast, traveller, datetime.date(2026, 9, 14))
            traveller.move_to(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC))


def test_winners_page_does_not_grow_queries_with_rows(client, cities, django_assert_max_num_queries):
    award("chenzhou", 1)
    with django_assert_max_num_queries(12) as few:
        assert "示范制造有限公司" in client.get("/winners/").content.decode()
    award("qujing", 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/winners/").content.decode().count("示范制造有限公司") == 4


def test_publicity_detail_queries_do_not_grow_with_entries(client, cities, django_assert_max_num_queries):
    small, _ = make_publicity(1, "jinan")
    large, _ = make_publicity(6, "qujing")
    with django_assert_max_num_queries(12) as few:
        client.get(f"/publicity/{small.pk}/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/publicity/{large.pk}/")


def test_public_comment_pages_1_vs_n(cities, client):

    review = Review("ordos")
    office = review.cast.office

    def period(n):
        apps = [review.application(stage="public_comment") for _ in range(n)]
        notice = publicity.publish(cycle=review.cycle, stage="public_comment", applications=apps, actor=office)
        for entry in notice.entries.all():
            stage_inputs.file_comment(entry, name="市民", contact="139", text="意见")
        return notice

    small = period(1)
    client.force_login(office)
    one = [count(client, "/reviews/comments/"), count(client, f"/reviews/comments/{small.pk}/"),
           count(client, f"/reviews/office/comments/{small.pk}/")]
    big = period(3)
    many = [count(client, "/reviews/comments/"), count(client, f"/reviews/comments/{big.pk}/"),
            count(client, f"/reviews/office/comments/{big.pk}/")]
    assert one == many
