"""The formal notices' PDFs (pdf/notice_*.html through core.pdf): one embedded font face, the text readable as
Chinese (pdftotext), the findings table of a refusal included."""

import datetime

import pytest

from awards.domain import eligibility, supplements
from awards.models import FormalNotice

from ..builders.intake import SUBMIT_DAY
from ..builders.journeys import travel
from ..builders.pdftext import embedded_once, pdf_fonts, pdf_text, squeeze

DAY = datetime.date(2026, 9, 16)


def checked(application, office, *, failed: str = ""):
    """The office's eligibility check of `application`: every line met, except an exclusion noted `failed`."""
    lines = eligibility.checklist(application.rules, application.applicant_kind)
    answers = {line.field: ("meets", "") for line in lines}
    if failed:
        exclusion = next(key for key in answers if key.startswith("exclusion__"))
        answers[exclusion] = ("not_met", failed)
    eligibility.save_check(application, office, answers)


def accepted(app, office):
    checked(app, office)
    return eligibility.accept(app, office)


def asked_to_supplement(app, office):
    supplements.request(app, office, ["审计报告", "质量管理体系认证证书"], note="请加盖公章")
    return FormalNotice.objects.get(application=app, kind=FormalNotice.Kind.SUPPLEMENT)


def refused(app, office):
    checked(app, office, failed="2025年列入经营异常名录")
    return eligibility.refuse(app, office, "该单位近3年存在较大质量安全责任事故。")


@pytest.mark.parametrize("decide,heading,said", [
    (accepted, "受理通知书", ["决定予以受理", "鄂尔多斯质奖受字〔2026〕1号"]),
    (asked_to_supplement, "补正通知书", ["审计报告", "质量管理体系认证证书", "请加盖公章"]),
    (refused, "不予受理通知书", ["较大质量安全责任事故", "不符合的条件或存在的情形", "2025年列入经营异常名录"]),
])
def test_each_notice_embeds_one_font_face_and_reads_as_chinese(ordos, decide, heading, said):
    with travel(SUBMIT_DAY):
        app = ordos.application()
    with travel(DAY):
        notice = decide(app, ordos.cast.office)
    data = notice.file.read()
    assert embedded_once(data), pdf_fonts(data)  # no bold title face, no serif page number
    text = squeeze(pdf_text(data))
    for words in [heading, app.applicant_name, notice.number, "2026年9月16日", "1/1", *said]:
        assert squeeze(words) in text, words
