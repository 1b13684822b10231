"""Certificate verification (portal.public.verify): anyone, by the short code or the QR code's URL, reads whether
a certificate is valid, expired, revoked or superseded — and only what the certificate itself says."""

import datetime

import pytest
from django.urls import reverse

from honours.domain import certificates
from honours.models import Certificate

from ...builders import queries
from ...builders.certified import Winners
from ...builders.journeys import travel

TODAY = datetime.date(2026, 9, 14)


@pytest.fixture
def winner(cities):
    with travel(TODAY):
        chenzhou = Winners("chenzhou")
        application, certificate = chenzhou.award()
    return chenzhou, application, certificate


def verdict(client, certificate, day):
    with travel(day):
        response = client.get(reverse("public:verify_code", args=[certificate.code]))
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_opens_the_qr_url_of_a_valid_certificate(client, winner):
    _chenzhou, application, certificate = winner
    path = certificates.verify_url(certificate).removeprefix("http://127.0.0.1:8000")
    assert path == reverse("public:verify_code", args=[certificate.code])
    page = verdict(client, certificate, TODAY)
    for said in ("核验结果：有效", application.organisation.name, "郴州市市长质量奖", "2026年度", certificate.number,
                 "郴州市人民政府", "2026年9月14日", "2029年9月13日", "第三十五条", certificate.document_number):
        assert said in page, said
    # nothing beyond the certificate: not the credit code, the reference, the applicant's contacts
    assert application.organisation.credit_code not in page
    assert application.reference not in page
    assert factories_email(application) not in page


def factories_email(application):
    return application.organisation.group.user_set.first().email


def test_after_its_last_day_it_shows_expired(client, winner):
    _chenzhou, _application, certificate = winner
    page = verdict(client, certificate, datetime.date(2029, 9, 14))
    assert "核验结果：已过期" in page and "2029年9月13日届满" in page


def test_a_revoked_certificate_shows_the_date_and_article(client, winner):
    _chenzhou, application, certificate = winner
    certificates.mark_revoked(application, on=datetime.date(2027, 5, 6), article="第二十五条")
    page = verdict(client, certificate, datetime.date(2027, 6, 1))
    assert "核验结果：已撤销" in page
    assert "2027年5月6日依据第二十五条撤销" in page and "撤销依据" in page


def test_a_superseded_certificate_points_to_the_new_number(client, winner):
    chenzhou, application, first = winner
    with travel(datetime.date(2029, 8, 3)):
        second = certificates.reissue(application, reason=Certificate.Reason.RE_EVALUATION, actor=chenzhou.cast.office)
    page = verdict(client, first, datetime.date(2029, 8, 4))
    assert "核验结果：已换发" in page and second.number in page
    assert "核验结果：有效" in verdict(client, second, datetime.date(2029, 8, 4))


def test_the_form_finds_a_code_as_typed_and_says_so_for_an_unknown_one(client, winner):
    _chenzhou, _application, certificate = winner
    form = client.get(reverse("public:verify"))
    assert form.status_code == 200 and 'name="code"' in form.content.decode()
    typed = f" {certificate.code.lower()[:4]} {certificate.code.lower()[4:]} "
    response = client.get(reverse("public:verify"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("public:verify_code", args=[certificate.code])

    for response in (client.get(reverse("public:verify"), {"code": "ZZZZ2222"}),
                     client.get(reverse("public:verify_code", args=["ZZZZ2222"])),
                     client.get(reverse("public:verify_code", args=["<script>" * 20])),
                     client.get(reverse("public:verify"), {"code": "x" * 5000})):
        page = response.content.decode()
        assert response.status_code == 404
        assert "未找到该证书" in page and "本平台没有核验码为" in page
        assert "<script><script>" not in page


def test_the_page_runs_the_same_queries_whatever_its_state(client, winner):
    chenzhou, application, first = winner
    url = reverse("public:verify_code", args=[first.code])
    with travel(TODAY):
        valid = queries.count(client, url)
        second = certificates.reissue(application, reason=Certificate.Reason.REISSUE, actor=chenzhou.cast.office)
        superseded = queries.count(client, url)
        certificates.mark_revoked(application, on=TODAY, article="第二十五条")
        revoked = queries.count(client, reverse("public:verify_code", args=[second.code]))
    assert valid == superseded == revoked <= 2
