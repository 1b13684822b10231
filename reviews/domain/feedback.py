"""The feedback report (评审反馈报告) every applicant receives, selected or not, as Baldrige gives it:
the consensus score and the strengths and opportunities for improvement per category, with the
stage results and, where ranked, the combined score. Rendered as a PDF (core.pdf.render_pdf).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from awards.domain import access
from awards.models import Application
from awards.workflow import ROLE_PERMISSIONS, Status, applicant_label, staff_label
from cities.schema import Role

from ..models import CommitteeTally, ShortlistEntry
from . import results

# The applicant sees the report once the decision about them is made: stopped, or past the committee.
RELEASED = {Status.NOT_SELECTED, Status.AWARDED, Status.REVOKED, Status.PUBLICITY, Status.GOVERNMENT_APPROVAL}


def released(application: Application) -> bool:
    return application.status in RELEASED


def may_download(user, application: Application | None) -> access.Verdict:
    """The city's office at any time; the applicant once released. Everyone else: as if there were no report."""
    if application is not None and access.is_signed_in(user):
        if access.is_office(user, application.cycle.city) and user.has_perm(ROLE_PERMISSIONS[Role.OFFICE], application):
            return access.ALLOWED
        if released(application) and user.has_perm(ROLE_PERMISSIONS[Role.APPLICANT], application):
            return access.ALLOWED
    return access.hide(_("没有这份评审反馈报告。"))


access.register("applicant.feedback_report", may_download)


def may_read_as_committee(user, application: Application | None) -> access.Verdict:
    """A candidate's review report on the committee's pages: the city's committee members while the candidate is
    before the committee (or once its vote was counted), and the city's office. Everyone else: as if there were none."""
    if application is not None and access.is_signed_in(user):
        city = application.cycle.city
        if access.is_office(user, city) and user.has_perm(ROLE_PERMISSIONS[Role.OFFICE], application):
            return access.ALLOWED
        before = application.status == Status.COMMITTEE_DECISION or CommitteeTally.objects.filter(
            application=application).exists()
        if before and access.is_committee(user, city) and user.has_perm(ROLE_PERMISSIONS[Role.COMMITTEE],
                                                                        application):
            return access.ALLOWED
    return access.hide(_("没有这份评审报告。"))


access.register("committee.candidate_report", may_read_as_committee)


@dataclass(frozen=True)
class Report:
    application: Application
    award_name: str
    categories: list[dict]
    total: Decimal
    total_max: int
    stage_name: str
    stage_scores: list[tuple[str, Decimal]]
    position: int | None
    combined: Decimal | None
    outcome: str


def build(application: Application) -> Report | None:
    """The report's content, or None if no consensus has been recorded for the application yet."""
    rows = results.feedback(application)
    if not rows:
        return None
    rules = application.rules
    scores = results.stage_results([application])[application.pk]
    entry = (ShortlistEntry.objects.filter(application=application, shortlist__stage=Status.RANKING)
             .order_by("-shortlist__confirmed_at").first())
    route = [s.kind.value for s in rules.stages_for(application.applicant_kind)]
    return Report(
        application=application,
        award_name=rules.award_kind(application.award_kind).name,
        categories=rows,
        total=sum((r["score"] for r in rows), Decimal("0.00")),
        total_max=sum(r["max"] for r in rows),
        stage_name=staff_label(rows[0]["stage"], rules),
        stage_scores=[(staff_label(s, rules), scores[s]) for s in route if s in scores],
        position=entry.position if entry else None,
        combined=entry.score if entry else None,
        outcome=applicant_label(application.status, rules) if released(application) else _("评审进行中"),
    )
