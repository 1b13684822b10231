"""honours.domain.certificates: what a certificate says, its number and code, validity, status, reissue, the PDF."""

import datetime
import secrets

import pytest

from awards.workflow import Status
from core.errors import InvalidInput
from honours.domain import certificates
from honours.models import Certificate

from ..builders.certified import Winners
from ..builders.journeys import travel
from ..builders.pdftext import pdf_text, squeeze

TODAY = datetime.date(2026, 9, 14)


@pytest.fixture
def chenzhou(cities):
    with travel(TODAY):
        return Winners("chenzhou")


@pytest.fixture
def qujing(cities):
    with travel(TODAY):
        return Winners("qujing")


def test_a_chenzhou_winner_gets_a_certificate_saying_what_the_rule_file_says(chenzhou):
    with travel(TODAY):
        application, certificate = chenzhou.award()
    assert certificate.reason == Certificate.Reason.AWARD
    assert certificate.winner_name == application.organisation.name
    assert certificate.award_title == "郴州市市长质量奖"
    assert certificate.cycle_name == "2026年度"
    assert certificate.issuer == "郴州市人民政府"  # post_award.certificate_issuer, 第二十一条
    assert certificate.issued_on == TODAY  # the date of the government's decision
    assert certificate.document_number == application.decision_line.decision.document_number
    # 第三十五条: valid 3 years — up to the day before the third anniversary
    assert certificate.valid_until == datetime.date(2029, 9, 13)
    assert certificate.validity_article == "第三十五条"
    assert certificate.number == "CHENZHOU-2026-0001"
    assert len(certificate.code) == certificates.CODE_LENGTH
    assert set(certificate.code) <= set(certificates.CODE_ALPHABET)
    assert not set(certificate.code) & set("0O1IL")


def test_qujing_sets_no_validity_and_its_contribution_award_keeps_its_own_name(qujing):
    with travel(TODAY):
        _app, certificate = qujing.award(award_kind="contribution_org")
        _app2, nomination = qujing.award(award_kind="nomination_org")
    assert certificate.award_title == "曲靖市质量贡献奖"
    assert nomination.award_title == "曲靖市市长质量奖提名奖"
    assert certificate.valid_until is None and certificate.validity_article == ""
    assert certificate.issuer == "曲靖市人民政府"
    assert certificates.status(certificate, datetime.date(2040, 1, 1)) == certificates.VALID


def test_numbers_run_on_per_city_and_year_and_codes_differ(chenzhou):
    with travel(TODAY):
        made = [chenzhou.award()[1] for _i in range(3)]
    assert [c.number for c in made] == ["CHENZHOU-2026-0001", "CHENZHOU-2026-0002", "CHENZHOU-2026-0003"]
    assert len({c.code for c in made}) == 3


def test_a_code_taken_already_is_drawn_again(chenzhou, monkeypatch):
    with travel(TODAY):
        _first, taken = chenzhou.award()
        application = chenzhou.at_approval()
        drawn = iter([*taken.code, *"ABCDEFGH"])
        monkeypatch.setattr(secrets, "choice", lambda alphabet: next(drawn))
        chenzhou.approve(application)
    certificate = certificates.live(application)
    assert certificate.code == "ABCDEFGH"
    assert certificate.number == "CHENZHOU-2026-0002"


def test_only_an_awarded_application_gets_one_and_only_one(chenzhou):
    with travel(TODAY):
        waiting = chenzhou.at_approval()
        with pytest.raises(InvalidInput, match="只有获奖的申报"):
            certificates.issue(waiting, reason=Certificate.Reason.AWARD)
        application, _certificate = chenzhou.award()
        with pytest.raises(InvalidInput, match="已有荣誉证书"):
            certificates.issue(application, reason=Certificate.Reason.AWARD)
    assert waiting.status == Status.GOVERNMENT_APPROVAL
    assert application.certificates.count() == 1


def test_status_valid_then_expired_after_its_last_day(chenzhou):
    with travel(TODAY):
        _app, certificate = chenzhou.award()
    assert certificates.status(certificate, TODAY) == "valid"
    assert certificates.status(certificate, datetime.date(2029, 9, 13)) == "valid"
    assert certificates.status(certificate, datetime.date(2029, 9, 14)) == "expired"
    assert certificates.status_label(certificate, datetime.date(2029, 9, 14)) == "已过期"


def test_revoked_from_its_date_with_the_article(chenzhou):
    with travel(TODAY):
        application, certificate = chenzhou.award()
    marked = certificates.mark_revoked(application, on=datetime.date(2027, 5, 6), article="第二十五条")
    assert marked.pk == certificate.pk
    certificate.refresh_from_db()
    assert (certificate.revoked_on, certificate.revocation_article) == (datetime.date(2027, 5, 6), "第二十五条")
    assert certificates.status(certificate, datetime.date(2027, 5, 5)) == "valid"
    assert certificates.status(certificate, datetime.date(2027, 5, 6)) == "revoked"
    assert certificates.status_label(certificate, datetime.date(2030, 1, 1)) == "已撤销"
    # marking again keeps the first date; a revoked certificate is not reissued
    certificates.mark_revoked(application, on=datetime.date(2027, 6, 1), article="第二十七条")
    certificate.refresh_from_db()
    assert certificate.revoked_on == datetime.date(2027, 5, 6)
    with pytest.raises(InvalidInput, match="已撤销"):
        certificates.reissue(application, reason=Certificate.Reason.RE_EVALUATION, actor=chenzhou.cast.office)


def test_reissue_after_re_evaluation_supersedes_and_runs_another_period_from_today(chenzhou):
    with travel(TODAY):
        application, first = chenzhou.award()
    later = datetime.date(2029, 8, 3)
    with travel(later):
        second = certificates.reissue(application, reason=Certificate.Reason.RE_EVALUATION, actor=chenzhou.cast.office)
    first.refresh_from_db()
    assert first.superseded_by == second
    assert certificates.status(first, later) == "superseded"
    assert certificates.status(second, later) == "valid"
    assert second.issued_on == later and second.valid_until == datetime.date(2032, 8, 2)
    assert second.number == "CHENZHOU-2026-0002" and second.code != first.code
    assert (second.award_title, second.cycle_name, second.issued_by) == (first.award_title, first.cycle_name,
                                                                          chenzhou.cast.office)
    assert certificates.live(application) == second
    # the revocation then marks the live one only
    certificates.mark_revoked(application, on=datetime.date(2030, 1, 2), article="第二十五条")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.revoked_on, second.revoked_on) == (None, datetime.date(2030, 1, 2))


def test_a_replacement_keeps_the_dates_and_document_number(chenzhou):
    with travel(TODAY):
        application, first = chenzhou.award()
    with travel(datetime.date(2027, 2, 1)):
        copy = certificates.reissue(application, reason=Certificate.Reason.REISSUE, actor=chenzhou.cast.office)
    assert (copy.valid_until, copy.document_number) == (first.valid_until, first.document_number)
    assert copy.issued_on == datetime.date(2027, 2, 1)


def test_verify_url_is_absolute_from_the_portal_address(chenzhou, settings):
    settings.PORTAL_BASE_URL = "https://award.example.gov.cn/"
    with travel(TODAY):
        _app, certificate = chenzhou.award()
    assert certificates.verify_url(certificate) == f"https://award.example.gov.cn/verify/{certificate.code}/"


def test_the_pdf_says_title_winner_award_number_issuer_and_validity(chenzhou):
    with travel(TODAY):
        application, certificate = chenzhou.award()
    text = squeeze(pdf_text(certificates.render(certificate)))
    for said in ["荣誉证书", application.organisation.name, "郴州市市长质量奖", "2026年度", certificate.number,
                 "郴州市人民政府", "2026年09月14日", "有效期至2029年09月13日", "第三十五条", "盖章处", certificate.code,
                 certificate.document_number]:
        assert said in text, said


def test_a_pdf_without_validity_says_none(qujing):
    with travel(TODAY):
        _app, certificate = qujing.award(award_kind="contribution_org")
    text = squeeze(pdf_text(certificates.render(certificate)))
    assert "曲靖市质量贡献奖" in text and "曲靖市人民政府" in text
    assert "有效期" not in text


def test_the_pdf_is_stored_once_and_named_by_number_and_winner(chenzhou):
    with travel(TODAY):
        application, certificate = chenzhou.award()
    data = certificates.pdf_of(certificate)
    certificate.refresh_from_db()
    assert certificate.pdf.name
    assert certificates.pdf_of(certificate) == data
    assert certificates.file_name(certificate) == f"{certificate.number}-{application.organisation.name}.pdf"


def test_codes_are_found_as_typed(chenzhou):
    with travel(TODAY):
        _app, certificate = chenzhou.award()
    typed = f" {certificate.code[:4].lower()}-{certificate.code[4:]} "
    assert certificates.find(typed) == certificate
    assert certificates.find("") is None
    assert certificates.find("X" * 200) is None
