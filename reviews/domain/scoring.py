"""An expert's own score sheet: saved as they go, submitted once every item is scored.

The percentage is entered in the sheet's steps (5 % for GB/T 19580 after GB/Z 19579); the points are
computed as item maximum × percentage / 100. An expert sees no one else's sheet before submitting their
own (reviews.domain.consensus enforces this on the comparison page).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.workflow import staff_label
from core.errors import InvalidInput, TransitionDenied
from core.i18n import join_list

from ..models import Assignment, ItemScore, ScoreSheet
from . import schemes
from .schemes import Scheme

TEXT_LIMIT = 4000


@dataclass(frozen=True)
class Entry:
    """What the expert typed for one item; percent None = not scored yet."""

    percent: int | None = None
    strengths: str = ""
    opportunities: str = ""


def scheme_for(assignment: Assignment) -> Scheme:
    application = assignment.application
    return schemes.sheet_for(application.rules, application.award_kind, assignment.panel.stage)


def sheet_for(assignment: Assignment) -> ScoreSheet:
    sheet, _created = ScoreSheet.objects.get_or_create(
        assignment=assignment, defaults={"scheme": scheme_for(assignment).key}
    )
    return sheet


def parse_percent(raw, scheme: Scheme, label: str) -> int | None:
    """'' → None; otherwise an integer 0–100 in the sheet's steps, or a Chinese error."""
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = int(str(raw).strip().rstrip("%"))
    except ValueError:
        raise InvalidInput(_("%(item)s：得分百分比须为整数。") % {"item": label}) from None
    if not 0 <= value <= 100 or value % scheme.percent_step:
        raise InvalidInput(_("%(item)s：得分百分比须在0至100之间，且为%(step)s的整数倍。")
                           % {"item": label, "step": scheme.percent_step})
    return value


def _check_writable(sheet: ScoreSheet, user) -> None:
    assignment = sheet.assignment
    if user.pk != assignment.expert.user_id or assignment.state != Assignment.State.ACTIVE:
        raise TransitionDenied(_("您无权填写该评分表。"))
    if sheet.submitted:
        raise InvalidInput(_("评分表已提交，不能再修改。"))
    application = assignment.application
    if application.status != assignment.panel.stage:
        raise InvalidInput(_("该申报当前处于“%(now)s”，不在“%(stage)s”环节，不能评分。") % {
            "now": staff_label(application.status, application.rules),
            "stage": staff_label(assignment.panel.stage, application.rules)})


def save(sheet: ScoreSheet, user, entries: dict[str, Entry], *, opinion: str | None = None) -> ScoreSheet:
    """Save some or all items (autosave sends what changed). All checked first: bad input changes nothing."""
    _check_writable(sheet, user)
    scheme = schemes.load(sheet.scheme)
    for code, entry in entries.items():
        if scheme.item(code) is None:
            raise InvalidInput(_("评分表中没有条款“%(code)s”。") % {"code": code})
        if len(entry.strengths) > TEXT_LIMIT or len(entry.opportunities) > TEXT_LIMIT:
            raise InvalidInput(_("%(code)s：文字过长（不超过%(n)s字）。") % {"code": code, "n": TEXT_LIMIT})
    if opinion is not None and len(opinion) > TEXT_LIMIT * 2:
        raise InvalidInput(_("总体意见过长。"))
    with transaction.atomic():
        existing = {i.item_code: i for i in sheet.items.select_for_update().filter(item_code__in=list(entries))}
        for code, entry in entries.items():
            row = existing.get(code) or ItemScore(sheet=sheet, item_code=code)
            row.percent = entry.percent
            row.points = None if entry.percent is None else scheme.points_for(code, entry.percent)
            row.strengths = entry.strengths.strip()
            row.opportunities = entry.opportunities.strip()
            row.save()
        if opinion is not None:
            sheet.opinion = opinion.strip()
        sheet.save()
    return sheet


def missing_items(sheet: ScoreSheet, scheme: Scheme | None = None) -> list[str]:
    scheme = scheme or schemes.load(sheet.scheme)
    scored = set(sheet.items.filter(percent__isnull=False).values_list("item_code", flat=True))
    return [f"{i.code} {i.name}" for i in scheme.items if i.code not in scored]


def submit(sheet: ScoreSheet, user) -> ScoreSheet:
    """Submit the sheet; every item must be scored (an opinion-only sheet needs its opinion)."""
    _check_writable(sheet, user)
    scheme = schemes.load(sheet.scheme)
    if scheme.report_only:
        if not sheet.opinion.strip():
            raise InvalidInput(_("请填写考察意见后再提交。"))
    else:
        missing = missing_items(sheet, scheme)
        if missing:
            raise InvalidInput(_("以下%(n)s个条款尚未评分，请评分后再提交：%(items)s。")
                               % {"n": len(missing), "items": join_list(missing)})
    updated = ScoreSheet.objects.filter(pk=sheet.pk, submitted_at__isnull=True).update(submitted_at=timezone.now())
    if not updated:
        raise InvalidInput(_("评分表已提交。"))
    sheet.refresh_from_db()
    return sheet


def total(items) -> Decimal:
    return sum((i.points for i in items if i.points is not None), Decimal("0.00"))
