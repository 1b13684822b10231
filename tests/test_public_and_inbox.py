"""Public pages (publicity, objections, winners) and the signed-in user's inbox."""

import datetime

import pytest

from awards.domain import lifecycle, publicity
from awards.models import Notice, Objection
from awards.workflow import Status
from demo.walk import walk_to

from . import factories
from .journeys import Cast, travel


def make_publicity(n: int, code="jinan"):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for(code, published=datetime.date(2026, 9, 1))
        cast = Cast(code)
        apps = [factories.application_for(cycle, recommender=cast.recommender_unit) for _ in range(n)]
        for app in apps:
            walk_to(app, Status.PUBLICITY, cast=cast)
        return publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office), cast


def test_public_reads_publicity_and_files_an_objection(client, cities):
    notice, cast = make_publicity(2)
    with travel(datetime.date(2026, 9, 16)):
        page = client.get(f"/publicity/{notice.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "第十七条" in html and "提出异议" in html
        entry = notice.entries.first()
        bad = client.post(f"/publicity/{notice.pk}/", {"entry": entry.pk, "name": "王某", "contact": "", "text": "x"})
        assert "请填写：联系方式" in bad.content.decode()
        assert "王某" in bad.content.decode()  # what was typed stays
        assert not Objection.objects.exists()
        good = client.post(f"/publicity/{notice.pk}/",
                           {"entry": entry.pk, "name": "王某", "contact": "13800000000", "text": "数据存疑"})
        assert good.status_code == 302
    assert Objection.objects.get().entry == entry


def test_objection_after_the_period_is_refused(client, cities):
    notice, cast = make_publicity(1)
    with travel(datetime.date(2026, 12, 1)):
        response = client.post(f"/publicity/{notice.pk}/",
                               {"entry": notice.entries.first().pk, "name": "王某", "contact": "1", "text": "迟"})
    assert "不再受理异议" in response.content.decode() or "不在公示期内" in response.content.decode()
    assert not Objection.objects.exists()


@pytest.mark.parametrize("url", ["/publicity/", "/"])
def test_public_list_pages_do_not_grow_queries_with_rows(client, cities, django_assert_max_num_queries, url):
    make_publicity(1, "jinan")
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    make_publicity(6, "qujing")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def award(code: str, n: int):
    from .journeys import drive_to_award

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


def submitted_with_notices(code="chenzhou"):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for(code, published=datetime.date(2026, 9, 1))
        application = factories.application_for(cycle)
        applicant = factories.member(application.organisation)
        entry = lifecycle.perform(application, "submit", applicant)
    notice = Notice.objects.create(recipient=applicant, application=application, audit_entry=entry,
                                   event_key=f"audit:{entry.pk}", subject="您的申报已提交", body="请关注后续通知。")
    return applicant, notice


def test_inbox_shows_only_my_notices_and_marks_read(client, cities):
    applicant, notice = submitted_with_notices()
    other, other_notice = submitted_with_notices("qujing")
    assert client.get("/inbox/").status_code == 302  # login required
    client.force_login(applicant)
    listing = client.get("/inbox/").content.decode()
    assert "您的申报已提交" in listing and "1 条未读" in listing
    assert client.get(f"/inbox/{other_notice.pk}/").status_code == 404
    assert client.get(f"/inbox/{notice.pk}/").status_code == 200
    notice.refresh_from_db()
    assert notice.read_at is not None
    other_notice.refresh_from_db()
    assert other_notice.read_at is None


def test_inbox_query_count_does_not_grow(client, cities, django_assert_max_num_queries):
    applicant, notice = submitted_with_notices()
    client.force_login(applicant)
    with django_assert_max_num_queries(12) as few:
        client.get("/inbox/")
    for i in range(8):
        Notice.objects.create(recipient=applicant, application=notice.application, event_key=f"x{i}",
                              subject=f"通知{i}", body="…")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/inbox/")
