"""The feedback report PDF (portal.applicant.feedback): every applicant gets one, selected or not; the office at
any time; nobody else."""

import pytest

from cities.schema import Role
from reviews.domain import feedback
from reviews.domain.ranking import board, shortlists

from ... import factories
from ...builders.pdftext import embedded_once, pdf_fonts, pdf_text, squeeze
from ...builders.ranking import Scene, record

pytestmark = pytest.mark.django_db


def test_a_stopped_applicant_downloads_its_report_in_chinese(client, cities):
    scene = Scene("wuhan")
    kept = scene.app("document_review")
    record(kept, scene.cast.office, strengths="方法系统，展开充分", document_review=720)
    dropped = scene.app("document_review")
    record(dropped, scene.cast.office, strengths="领导重视质量", document_review=610)
    url = f"/reviews/feedback/{dropped.pk}/report.pdf"
    applicant = factories.member(dropped.organisation)

    client.force_login(applicant)
    assert client.get(url).status_code == 404  # not yet released: the decision about it is not made
    shortlists.confirm(scene.cycle, board.SHORTLIST, "mayor_org", [kept.pk], scene.cast.office,
                    reason="仅一家进入现场评审")
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert embedded_once(response.content), pdf_fonts(response.content)  # one font face, also in the chart
    text = squeeze(pdf_text(response.content))
    for words in ("评审反馈报告", "武汉市", dropped.reference, "4.1领导", "4.7结果", "优势", "改进机会",
                  "领导重视质量", "资料评审", "610.00", "未获奖"):
        assert squeeze(words) in text, words
    assert "reviews/feedback/" in client.get("/reviews/feedback/").content.decode()

    # someone else's applicant, another city's office and the committee get nothing
    for user in (factories.member(kept.organisation), factories.city_user("qujing", Role.OFFICE), scene.cast.committee):
        client.force_login(user)
        assert client.get(url).status_code == 404
    # the office may read it at any time, also while the application is still under review
    client.force_login(scene.cast.office)
    assert client.get(url).status_code == 200
    assert feedback.may_download(scene.cast.office, kept)  # still under review: the office yes
    assert not feedback.may_download(factories.member(kept.organisation), kept)  # its applicant not yet
    assert client.get("/reviews/feedback/999999/report.pdf").status_code == 404


def test_no_report_before_any_consensus(client, cities):
    scene = Scene("chenzhou")
    application = scene.app("document_review")
    client.force_login(scene.cast.office)
    response = client.get(f"/reviews/feedback/{application.pk}/report.pdf")
    assert response.status_code == 404
