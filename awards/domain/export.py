"""Export an office queue to Excel (openpyxl), with the same filters as the page and Chinese headers."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..workflow import staff_label
from . import queues

HEADERS = [
    _("申报编号"), _("申报主体"), _("申报类型"), _("奖项"), _("统一社会信用代码"), _("推荐单位"), _("当前阶段"),
    _("提交时间"), _("阶段期限"), _("期限状态"), _("期限依据"),
]
WIDTHS = [20, 30, 10, 24, 22, 26, 16, 18, 14, 16, 30]
KIND_LABELS = {"organisation": _("单位"), "individual": _("个人")}
MAX_ROWS = 10000


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell) -> None:
    """A string is written as text, never as a formula: an applicant named "=HYPERLINK(…)" stays that text
    (type "s" with the quote prefix Excel shows as a leading apostrophe)."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def queue_workbook(city, status: str, filters: queues.Filters, today: date) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = staff_label(status)[:31]
    sheet.append([str(h) for h in HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF2F7")
    for n, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.freeze_panes = "A2"
    applications = queues.queue(city, status, filters, today)[:MAX_ROWS]
    for row in queues.rows(applications, today):
        app, deadline = row.application, row.deadline
        submitted = timezone.localtime(app.submitted_at).strftime("%Y-%m-%d %H:%M") if app.submitted_at else ""
        sheet.append([
            app.reference,
            app.applicant_name,
            str(KIND_LABELS.get(app.applicant_kind, app.applicant_kind)),
            row.award_name,
            app.organisation.credit_code if app.organisation_id else "",
            app.recommender.name if app.recommender_id else "",
            staff_label(app.status, row.rules),
            submitted,
            deadline.due,
            deadline.text,
            deadline.citation,
        ])
        for cell in sheet[sheet.max_row]:
            as_text(cell)
        if deadline.due:
            sheet.cell(row=sheet.max_row, column=9).number_format = "yyyy-mm-dd"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
