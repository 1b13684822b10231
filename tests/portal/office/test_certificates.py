"""The office's certificate pages (portal.office.certificates): per cycle the certificates and the batch job with
its progress and archive, a certificate's PDF, the ledger. Only the office of the city."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from cities.schema import Role
from honours import tasks
from honours.domain import certificates, ledger
from honours.models import CertificateBatch

from ... import factories
from ...builders import queries
from ...builders.certified import Winners
from ...builders.journeys import travel
from ...builders.pdftext import pdf_text, squeeze

TODAY = datetime.date(2026, 9, 14)


@pytest.fixture
def chenzhou(cities):
    with travel(TODAY):
        return Winners("chenzhou")


def award(winners, n=1):
    with travel(TODAY):
        return [winners.award() for _i in range(n)]


def outsiders(winners, application):
    """Everyone but the city's office: its committee and supervisor, another city's office, the winner."""
    return [winners.cast.committee, winners.cast.supervisor, factories.city_user("qujing", Role.OFFICE),
            factories.member(application.organisation)]


def test_the_index_lists_each_certificate_with_its_status(client, chenzhou):
    (first, c1), (second, c2) = award(chenzhou, 2)
    certificates.mark_revoked(second, on=TODAY, article="第二十五条")
    client.force_login(chenzhou.cast.office)
    with travel(TODAY):
        page = client.get(reverse("office:certificates", args=["chenzhou"])).content.decode()
    assert "2026年度" in page
    for said in (c1.number, c2.number, first.organisation.name, second.organisation.name, "郴州市市长质量奖",
                 "2029-09-13", c1.code, "有效", "已撤销", "第二十五条"):
        assert said in page, said
    assert "批量生成证书（1份）" in page  # the revoked one is not printed
    assert reverse("office:certificate_pdf", args=[c1.pk]) in page


def test_the_index_runs_the_same_queries_for_one_and_for_many(client, chenzhou):
    award(chenzhou)
    client.force_login(chenzhou.cast.office)
    url = reverse("office:certificates", args=["chenzhou"])
    with travel(TODAY):
        one = queries.count(client, url)
        batch, _new = certificates.start_batch(chenzhou.cycle, actor=chenzhou.cast.office)
        tasks.make_certificate_batch(batch.pk)
        made = award(chenzhou, 3)
        many = queries.count(client, url)
        page = client.get(url).content.decode()
    assert one == many
    assert all(c.number in page for _a, c in made)
    assert reverse("office:certificate_archive", args=[batch.pk]) in page


def test_the_batch_is_started_watched_and_downloaded(client, chenzhou, django_capture_on_commit_callbacks):
    made = award(chenzhou, 2)
    client.force_login(chenzhou.cast.office)
    with travel(TODAY):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            response = client.post(reverse("office:certificate_batch_start", args=[chenzhou.cycle.pk]))
        batch = CertificateBatch.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("office:certificate_batch",
                                                                               args=[batch.pk])
        assert len(queued) == 1  # the job is queued once the transaction commits
        # a second click opens the same batch
        client.post(reverse("office:certificate_batch_start", args=[chenzhou.cycle.pk]))
        assert CertificateBatch.objects.count() == 1

        url = reverse("office:certificate_batch", args=[batch.pk])
        waiting = client.get(url).content.decode()
        assert "排队中" in waiting and "0/2" in waiting and "?format=json" in waiting
        assert client.get(url, {"format": "json"}).json() == {
            "state": "queued", "state_label": "排队中", "done": 0, "total": 2, "percent": 0, "finished": False,
            "error": "", "archive_url": ""}
        archive_url = reverse("office:certificate_archive", args=[batch.pk])
        assert client.get(archive_url).status_code == 404  # not made yet

        tasks.make_certificate_batch(batch.pk)
        progress = client.get(url, {"format": "json"}).json()
        assert (progress["state"], progress["done"], progress["percent"], progress["finished"]) == ("done", 2, 100,
                                                                                                    True)
        assert progress["archive_url"] == archive_url
        done = client.get(url).content.decode()
        assert "已完成" in done and archive_url in done and "http-equiv" not in done

        response = client.get(archive_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert sorted(names) == sorted(certificates.file_name(c) for _a, c in made)


def test_a_cycle_without_certificates_says_so(client, cities):
    with travel(TODAY):
        ordos = Winners("ordos")
    client.force_login(ordos.cast.office)
    response = client.post(reverse("office:certificate_batch_start", args=[ordos.cycle.pk]), follow=True)
    assert "尚无可生成的荣誉证书" in response.content.decode()
    assert not CertificateBatch.objects.exists()


def test_the_office_downloads_a_certificate_pdf(client, chenzhou):
    [(application, certificate)] = award(chenzhou)
    client.force_login(chenzhou.cast.office)
    response = client.get(reverse("office:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = squeeze(pdf_text(response.content))
    assert certificate.number in text and application.organisation.name in text


def test_the_ledger_shows_grants_reclaims_and_totals(client, chenzhou):
    (first, _c1), (second, _c2) = award(chenzhou, 2)
    ledger.reclaim(first, kinds=["money", "certificate"], on=datetime.date(2027, 3, 1), article="第二十五条",
                   actor=chenzhou.cast.office, note="撤销后追回")
    client.force_login(chenzhou.cast.office)
    page = client.get(reverse("office:ledger", args=["chenzhou"])).content.decode()
    for said in (first.organisation.name, second.organisation.name, "奖金", "奖牌", "荣誉证书", "授予", "收回",
                 "第二十一条", "第二十五条", "2027-03-01", "撤销后追回", "600,000.00", "300,000.00"):
        assert said in page, said


def test_the_ledger_runs_the_same_queries_for_one_and_for_many(client, chenzhou):
    award(chenzhou)
    client.force_login(chenzhou.cast.office)
    url = reverse("office:ledger", args=["chenzhou"])
    one = queries.count(client, url)
    made = award(chenzhou, 3)
    assert queries.count(client, url) == one
    page = client.get(url).content.decode()
    assert all(a.organisation.name in page for a, _c in made)


def test_nobody_but_the_citys_office_uses_these_pages(client, chenzhou):
    [(application, certificate)] = award(chenzhou)
    batch, _new = certificates.start_batch(chenzhou.cycle, actor=chenzhou.cast.office)
    city_pages = [reverse("office:certificates", args=["chenzhou"]), reverse("office:ledger", args=["chenzhou"])]
    row_pages = [reverse("office:certificate_batch", args=[batch.pk]),
                 reverse("office:certificate_archive", args=[batch.pk]),
                 reverse("office:certificate_pdf", args=[certificate.pk])]
    start = reverse("office:certificate_batch_start", args=[chenzhou.cycle.pk])
    people = outsiders(chenzhou, application)
    other_office = people[2]
    for user in people:
        client.force_login(user)
        for url in city_pages:
            assert client.get(url).status_code == 403, (user, url)
        expected = 404 if user == other_office else 403  # another city's rows do not show; others are refused
        for url in row_pages:
            assert client.get(url).status_code == expected, (user, url)
        assert client.post(start).status_code == expected
    client.logout()
    for url in [*city_pages, *row_pages]:
        assert client.get(url).status_code == 302  # to the login page
    assert CertificateBatch.objects.count() == 1
    client.force_login(chenzhou.cast.office)
    assert client.get(reverse("office:certificate_batch", args=[999999])).status_code == 404
    assert client.get(reverse("office:certificate_pdf", args=[999999])).status_code == 404
    assert client.post(reverse("office:certificate_batch_start", args=[999999])).status_code == 404
