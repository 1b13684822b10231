"""Consensus (共识): the leader sees every submitted sheet side by side and records the agreed score per item.

Items where the experts differ widely are flagged: the spread (highest minus lowest percentage) is at
or above the sheet's ``spread_flag`` (20 percentage points in every sheet shipped, set by the office in
cities/schemes/*.yaml). The recorded consensus is the stage result read by reviews.domain.results.
Nobody sees the others' sheets before submitting their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from awards.domain.access import is_office
from awards.models import Application
from awards.workflow import staff_label
from core.errors import InvalidInput, TransitionDenied
from core.i18n import join_list

from ..models import Assignment, Consensus, ConsensusItem, Panel
from . import schemes
from .schemes import Scheme
from .scoring import TEXT_LIMIT, parse_percent


@dataclass
class ItemRow:
    category: str
    code: str
    name: str
    points: int
    cells: list = field(default_factory=list)  # one ItemScore or None per sheet, in sheet order
    spread: int | None = None
    flagged: bool = False
    suggested: int | None = None
    agreed: object = None  # ConsensusItem


@dataclass
class Comparison:
    panel: Panel
    application: Application
    scheme: Scheme
    assignments: list
    rows: list
    consensus: Consensus | None
    all_submitted: bool
    flag: int

    @property
    def flagged_count(self) -> int:
        return sum(1 for r in self.rows if r.flagged)

    def expert_totals(self) -> list[Decimal]:
        totals = []
        for index in range(len(self.assignments)):
            totals.append(sum((r.cells[index].points for r in self.rows
                               if r.cells[index] is not None and r.cells[index].points is not None), Decimal("0")))
        return totals


def _round_to_step(value: Decimal, step: int) -> int:
    return int((value / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * step)


def viewer_role(panel: Panel, application: Application, user) -> str | None:
    """'leader', 'member' (may read after submitting own sheet) or None. The office reads too ('office')."""
    mine = (
        Assignment.objects.filter(panel=panel, application=application, expert__user=user,
                                  state=Assignment.State.ACTIVE)
        .select_related("sheet")
        .first()
    )
    if mine is not None and user.has_perm("awards.act_as_expert", application):
        own_sheet = getattr(mine, "sheet", None)
        if own_sheet is None or own_sheet.submitted_at is None:
            return "pending"
        is_leader = panel.members.filter(expert_id=mine.expert_id, is_leader=True).exists()
        return "leader" if is_leader else "member"
    if is_office(user, panel.cycle.city):
        return "office"
    return None


def compare(panel: Panel, application: Application) -> Comparison:
    """Every active expert's sheet side by side: a fixed number of queries whatever the panel size."""
    scheme = schemes.sheet_for(application.rules, application.award_kind, panel.stage)
    assignments = list(
        Assignment.objects.filter(panel=panel, application=application, state=Assignment.State.ACTIVE)
        .select_related("expert", "sheet")
        .prefetch_related("sheet__items")
        .order_by("expert__name", "pk")
    )
    by_sheet = []
    for a in assignments:
        sheet = getattr(a, "sheet", None)
        by_sheet.append({i.item_code: i for i in sheet.items.all()} if sheet and sheet.submitted else {})
    consensus = (
        Consensus.objects.filter(application=application, stage=panel.stage).prefetch_related("items").first()
    )
    agreed = {i.item_code: i for i in consensus.items.all()} if consensus else {}
    flag = scheme.spread_flag.value if scheme.spread_flag else 101
    rows = []
    for category in scheme.categories:
        for item in category.items:
            row = ItemRow(category=category.name, code=item.code, name=item.name, points=item.points)
            row.cells = [scores.get(item.code) for scores in by_sheet]
            values = [c.percent for c in row.cells if c is not None and c.percent is not None]
            if values:
                row.spread = max(values) - min(values)
                row.flagged = len(values) > 1 and row.spread >= flag
                row.suggested = _round_to_step(Decimal(sum(values)) / len(values), scheme.percent_step)
            row.agreed = agreed.get(item.code)
            rows.append(row)
    all_submitted = bool(assignments) and all(
        getattr(a, "sheet", None) is not None and a.sheet.submitted for a in assignments
    )
    return Comparison(panel, application, scheme, assignments, rows, consensus, all_submitted, flag)


@dataclass(frozen=True)
class AgreedEntry:
    percent: str | int | None
    strengths: str = ""
    opportunities: str = ""
    comment: str = ""


def quorum_problem(panel: Panel, application: Application) -> str | None:
    """Why the panel may not (yet) record a consensus for this application at its stage, in Chinese; None if it may.

    Every assignment must have its declaration (an expert who has not declared might still join), and at least
    ``rules.panel.min_size`` experts must have submitted their sheets, one of them an industry expert where the
    rules require one. Experts who declared a conflict or were recused do not count. Used by ``record`` and by the
    transition guard awards.guards.expert_review_done, so the two never disagree.
    """
    rule = application.rules.panel
    assignments = list(
        Assignment.objects.filter(panel=panel, application=application).select_related("expert", "sheet")
    )
    awaiting = [a.expert.name for a in assignments if a.state == Assignment.State.AWAITING_DECLARATION]
    if awaiting:
        return _("尚有专家未作回避声明：%(names)s。须待其声明（或由办公室记录回避）后方可记录共识。") % {
            "names": join_list(sorted(awaiting))}
    submitted = [a for a in assignments if a.state == Assignment.State.ACTIVE
                 and getattr(a, "sheet", None) is not None and a.sheet.submitted]
    if len(submitted) < rule.min_size.value:
        return _("已提交评分表的专家仅%(n)s人，评审组至少须%(min)s人（%(c)s），请办公室补充评审组成员。") % {
            "n": len(submitted), "min": rule.min_size.value, "c": rule.min_size.citation}
    if rule.industry_expert_required.value and not any(a.expert.is_industry_expert for a in submitted):
        return _("已提交评分表的专家中没有行业专家（%(c)s），请办公室补充行业专家。") % {
            "c": rule.industry_expert_required.citation}
    return None


def record(panel: Panel, application: Application, user, entries: dict[str, AgreedEntry], *,
           report: str = "") -> Consensus:
    """The leader records the consensus once every active expert has submitted. May be corrected while
    the application is still at this stage. All input is checked before anything is written."""
    if viewer_role(panel, application, user) != "leader":
        raise TransitionDenied(_("只有评审组组长在提交本人评分表后可以记录共识评分。"))
    if application.status != panel.stage:
        raise InvalidInput(_("该申报当前处于“%(now)s”，不能记录“%(stage)s”的共识。") % {
            "now": staff_label(application.status, application.rules),
            "stage": staff_label(panel.stage, application.rules)})
    comparison = compare(panel, application)
    if not comparison.all_submitted:
        waiting = [a.expert.name for a in comparison.assignments
                   if getattr(a, "sheet", None) is None or not a.sheet.submitted]
        raise InvalidInput(_("尚有专家未提交评分表：%(names)s。") % {"names": join_list(waiting)})
    problem = quorum_problem(panel, application)
    if problem:
        raise InvalidInput(problem)
    scheme = comparison.scheme
    report = (report or "").strip()
    if len(report) > TEXT_LIMIT * 2:
        raise InvalidInput(_("评审报告过长。"))
    parsed = {}
    missing = []
    for item in scheme.items:
        entry = entries.get(item.code)
        percent = parse_percent(entry.percent if entry else None, scheme, f"{item.code} {item.name}")
        if percent is None:
            missing.append(f"{item.code} {item.name}")
            continue
        if entry and any(len(t) > TEXT_LIMIT for t in (entry.strengths, entry.opportunities, entry.comment)):
            raise InvalidInput(_("%(code)s：文字过长。") % {"code": item.code})
        parsed[item.code] = (percent, entry)
    if missing:
        raise InvalidInput(_("以下条款尚未给出共识得分：%(items)s。") % {"items": join_list(missing)})
    if scheme.report_only and not report:
        raise InvalidInput(_("请填写考察意见。"))
    total = sum((scheme.points_for(c, p) for c, (p, _e) in parsed.items()), Decimal("0.00"))
    with transaction.atomic():
        consensus, _created = Consensus.objects.update_or_create(
            application=application, stage=panel.stage,
            defaults={"panel": panel, "scheme": scheme.key, "total": None if scheme.report_only else total,
                      "report": report, "recorded_by": user},
        )
        consensus.items.all().delete()
        ConsensusItem.objects.bulk_create(
            ConsensusItem(consensus=consensus, item_code=code, percent=percent,
                          points=scheme.points_for(code, percent), strengths=entry.strengths.strip(),
                          opportunities=entry.opportunities.strip(), comment=entry.comment.strip())
            for code, (percent, entry) in parsed.items()
        )
    return consensus


def recorded(application: Application, stage: str) -> bool:
    return Consensus.objects.filter(application=application, stage=stage).exists()
