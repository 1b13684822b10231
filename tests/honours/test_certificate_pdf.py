"""The certificate's PDF (pdf/certificate.html through core.pdf): one embedded font face, one landscape A4 page,
the QR code as a small inline image, the text readable as Chinese (pdftotext)."""

import datetime

import pytest

from honours.domain import certificates

from ..builders.certified import Winners
from ..builders.journeys import travel
from ..builders.pdftext import embedded_once, pdf_fonts, pdf_info, pdf_text, squeeze

TODAY = datetime.date(2026, 9, 14)


@pytest.fixture
def chenzhou(cities):
    with travel(TODAY):
        return Winners("chenzhou")


def test_the_certificate_embeds_one_font_face_on_one_landscape_page(chenzhou):
    with travel(TODAY):
        application, certificate = chenzhou.award()
    data = certificates.render(certificate)
    assert embedded_once(data), pdf_fonts(data)
    info = pdf_info(data)
    assert info["Pages"] == "1" and info["Page size"].startswith("841.89 x 595.276")  # A4 landscape, in points
    text = squeeze(pdf_text(data))
    said = ["荣誉证书", application.organisation.name, "郴州市市长质量奖", "特发此证，以资鼓励。", certificate.code]
    for words in said:
        assert words in text, words


def test_the_qr_code_is_one_pixel_a_module_drawn_sharp(chenzhou):
    with travel(TODAY):
        _application, certificate = chenzhou.award()
    data = certificates.render(certificate)
    assert b"/Subtype /Image" in data
    assert b"/Interpolate false" in data  # scaled up without blurring (image-rendering: pixelated)
    assert len(certificates.qr_data_uri(certificates.verify_url(certificate))) < 1000
