"""The winner's certificates (portal.applicant.certificates): the list with status and verification link, and the
PDF — for the application's own users (and the PDF for the city's office); nobody else."""

import datetime

import pytest
from django.urls import reverse

from cities.schema import Role
from honours.domain import certificates
from honours.models import Certificate

from ... import factories
from ...builders import queries
from ...builders.certified import Winners
from ...builders.journeys import travel
from ...builders.pdftext import pdf_text, squeeze

TODAY = datetime.date(2026, 9, 14)


@pytest.fixture
def winner(cities):
    with travel(TODAY):
        chenzhou = Winners("chenzhou")
        application, certificate = chenzhou.award()
    return chenzhou, application, certificate


def test_the_winner_sees_its_certificate_and_downloads_it(client, winner):
    _chenzhou, application, certificate = winner
    user = factories.member(application.organisation)
    client.force_login(user)
    with travel(TODAY):
        page = client.get(reverse("applicant:certificates", args=[application.pk])).content.decode()
    for said in (certificate.number, "郴州市市长质量奖", "郴州市人民政府", "2026-09-14", "2029-09-13", "有效",
                 certificate.code, certificates.verify_url(certificate),
                 reverse("applicant:certificate_pdf", args=[certificate.pk])):
        assert said in page, said
    response = client.get(reverse("applicant:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert certificate.number in response["Content-Disposition"]
    text = squeeze(pdf_text(response.content))
    assert application.organisation.name in text and "郴州市市长质量奖" in text


def test_an_old_certificate_says_it_was_reissued(client, winner):
    chenzhou, application, first = winner
    with travel(datetime.date(2029, 8, 3)):
        second = certificates.reissue(application, reason=Certificate.Reason.RE_EVALUATION, actor=chenzhou.cast.office)
        client.force_login(factories.member(application.organisation))
        page = client.get(reverse("applicant:certificates", args=[application.pk])).content.decode()
    assert page.index(second.number) < page.index(first.number)  # the new one first
    assert "已换发" in page and f"已换发为{second.number}" in page and "复评合格换发" in page


def test_the_list_runs_the_same_queries_for_one_and_for_many(client, winner):
    chenzhou, application, _first = winner
    client.force_login(factories.member(application.organisation))
    url = reverse("applicant:certificates", args=[application.pk])
    one = queries.count(client, url)
    for _i in range(3):
        certificates.reissue(application, reason=Certificate.Reason.REISSUE, actor=chenzhou.cast.office)
    assert queries.count(client, url) == one
    page = client.get(url).content.decode()
    assert all(c.number in page for c in application.certificates.all())


def test_nobody_else_sees_the_winners_certificates(client, winner):
    chenzhou, application, certificate = winner
    list_url = reverse("applicant:certificates", args=[application.pk])
    pdf_url = reverse("applicant:certificate_pdf", args=[certificate.pk])
    with travel(TODAY):
        other_applicant = factories.member(factories.OrganisationFactory())
    for user in (other_applicant, chenzhou.cast.committee, chenzhou.cast.supervisor, chenzhou.cast.recommender,
                 factories.city_user("qujing", Role.OFFICE)):
        client.force_login(user)
        assert client.get(list_url).status_code == 404, user
        assert client.get(pdf_url).status_code == 404, user
    # the city's office may download the PDF (its own pages list the certificates)
    client.force_login(chenzhou.cast.office)
    assert client.get(pdf_url).status_code == 200
    assert client.get(list_url).status_code == 404
    client.logout()
    assert client.get(list_url).status_code == 302 and client.get(pdf_url).status_code == 302
    client.force_login(factories.member(application.organisation))
    assert client.get(reverse("applicant:certificates", args=[999999])).status_code == 404
    assert client.get(reverse("applicant:certificate_pdf", args=[999999])).status_code == 404


def test_a_revoked_certificate_is_no_longer_handed_out_to_the_winner(client, winner):
    _chenzhou, application, certificate = winner
    with travel(TODAY):
        certificates.mark_revoked(application, on=TODAY, article="第二十五条")
    url = reverse("applicant:certificate_pdf", args=[certificate.pk])
    client.force_login(factories.member(application.organisation))
    page = client.get(reverse("applicant:certificates", args=[application.pk])).content.decode()
    assert url not in page and "已撤销，不再提供下载" in page
    refused = client.get(url, follow=True)
    assert refused.redirect_chain and "已于2026年09月14日撤销（第二十五条），不再提供下载" in refused.content.decode()
