"""The expert stages of an application in its city's order: document review, hearing (陈述答辩) and site
review (现场评审; an individual gets an inspection, 考察, that ends in an opinion), with progress per stage.

The order is the city's route (awards.workflow.route); each stage has its own sheet (schemes.sheet_for)
and its own report (the consensus report recorded by the leader).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from awards.models import Application
from awards.workflow import route, staff_label

from ..models import Assignment, Consensus
from . import schemes
from .schemes import EXPERT_STAGES


@dataclass
class StageProgress:
    stage: str
    label: str
    sheet: str
    report_label: str
    experts: int
    submitted: int
    consensus: Consensus | None
    current: bool


def expert_stages(application: Application) -> list[str]:
    """The expert stages this applicant passes, in the city's order."""
    return [s.kind.value for s in route(application.rules, application.applicant_kind) if s.kind.value in EXPERT_STAGES]


def report_label(application: Application, stage: str) -> str:
    scheme = schemes.sheet_for(application.rules, application.award_kind, stage)
    if scheme.report_only:
        return _("考察意见")
    return {"document_review": _("资料评审报告"), "hearing": _("陈述答辩评议"),
            "site_review": _("现场评审报告")}[stage]


def progress(application: Application) -> list[StageProgress]:
    """Per expert stage: experts active, sheets submitted, consensus. Three queries."""
    assignments = list(
        Assignment.objects.filter(application=application, state=Assignment.State.ACTIVE)
        .select_related("panel", "sheet")
    )
    found = {c.stage: c for c in Consensus.objects.filter(application=application)}
    rows = []
    for stage in expert_stages(application):
        mine = [a for a in assignments if a.panel.stage == stage]
        rows.append(StageProgress(
            stage=stage,
            label=staff_label(stage, application.rules),
            sheet=schemes.sheet_for(application.rules, application.award_kind, stage).name,
            report_label=report_label(application, stage),
            experts=len(mine),
            submitted=sum(1 for a in mine if getattr(a, "sheet", None) is not None and a.sheet.submitted),
            consensus=found.get(stage),
            current=application.status == stage,
        ))
    return rows
