"""Excel and CSV downloads of the public lists (a publicity's entries, the winners): the same rows as the API.

CSV is UTF-8 with a BOM so Excel opens the Chinese right. A cell that starts with = + - @ (or a tab / carriage
return) is prefixed with an apostrophe, so no spreadsheet ever runs it as a formula (CSV / formula injection).
"""

from __future__ import annotations

import csv
import io
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router
from openpyxl import Workbook

from honours.domain import winners

from . import caching, rows
from .lists import CITY, PUBLICITY_KINDS, WINNER_KINDS, YEAR

router = Router(tags=["下载"])
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FILE_RESPONSE = {"responses": {"200": {"description": "CSV / Excel", "content": {
    CSV.split(";")[0]: {"schema": {"type": "string"}}, XLSX: {"schema": {"type": "string", "format": "binary"}}}}}}
Format = Literal["csv", "xlsx"]
FORMAT = Query("xlsx", description="xlsx（Excel）或 csv / xlsx (Excel) or csv")


def neutral(value) -> str:
    """The cell's text, never a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def as_csv(header: list[str], table: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([neutral(v) for v in row] for row in table)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def as_xlsx(title: str, header: list[str], table: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in table:
        sheet.append([neutral(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _file(request, kinds, name: str, fmt: str, make) -> object:
    def build():
        title, header, table = make()
        return as_xlsx(title, header, table) if fmt == "xlsx" else as_csv(header, table)

    return caching.cached(request, kinds, build, content_type=XLSX if fmt == "xlsx" else CSV,
                          filename=f"{name}.{fmt}")


def _publicity_table(pk: int):
    notice = rows.publicity(pk)
    header = [_("序号"), _("公示对象"), _("奖项"), _("异议件数"), _("异议成立"), _("异议不成立"), _("异议处理中")]
    table = [[i, e["summary"], e["award"], e["objections"], e["objections_sustained"], e["objections_dismissed"],
              e["objections_open"]] for i, e in enumerate(notice["entries"], 1)]
    return _("公示名单"), header, table


def _winner_table(city: str, year: int | None):
    header = [_("城市"), _("年度"), _("评定周期"), _("获奖者"), _("奖项"), _("证书编号"), _("证书状态"), _("有效期至")]
    table = [[w["city_name"], w["year"], w["cycle"], w["winner"], w["award"], w["certificate_number"],
              w["certificate_state"], w["valid_until"] or ""] for w in rows.winner_rows(winners.awarded(city, year))]
    return _("获奖名单"), header, table


@router.get("/publicity/{pk}/download", url_name="publicity_download", summary="下载公示名单（CSV / Excel）",
            openapi_extra=FILE_RESPONSE)
def publicity_download(request, pk: int, format: Format = FORMAT):  # noqa: A002 -- the query parameter's name
    return _file(request, PUBLICITY_KINDS, f"publicity-{pk}", format, lambda: _publicity_table(pk))


@router.get("/winners/download", url_name="winners_download", summary="下载获奖名单（CSV / Excel）",
            openapi_extra=FILE_RESPONSE)
def winners_download(request, format: Format = FORMAT, city: str = CITY, year: int | None = YEAR):  # noqa: A002
    return _file(request, WINNER_KINDS, "winners", format, lambda: _winner_table(city, year))
