"""The consensus page: every submitted sheet side by side, wide spreads flagged; the leader records.

Who: the panel's leader (records), a panel member who has submitted their own sheet (reads), the city's
office (reads). An assigned expert who has not submitted sees nothing of the others (403); anyone else 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from awards.domain import access
from awards.models import Application
from awards.workflow import staff_label
from core.errors import TransitionError
from portal.decorators import requires
from portal.shared.charts import spread_chart
from reviews.domain import consensus
from reviews.domain.consensus import AgreedEntry
from reviews.domain.site_reviews import report_label
from reviews.models import Assignment, Panel


def _unique_lines(texts) -> str:
    """The experts' texts as a starting point for the leader: each distinct line once."""
    lines = [line.strip() for text in texts for line in (text or "").splitlines() if line.strip()]
    return "\n".join(dict.fromkeys(lines))


@requires()
def consensus_page(request, panel_pk, app_pk):
    panel = get_object_or_404(Panel.objects.select_related("cycle__city", "cycle__rule_set"), pk=panel_pk)
    application = (
        Application.objects.with_rules().select_related("organisation", "individual")
        .filter(pk=app_pk, expert_assignments__panel=panel).distinct().first()
    )
    role = consensus.viewer_role(panel, application, request.user) if application is not None else None
    access.require(request.user, "experts.consensus", role)
    if request.method == "POST":
        access.require(request.user, "experts.record_consensus", role)
        entries = {
            key[4:]: AgreedEntry(
                percent=request.POST.get(key),
                strengths=request.POST.get(f"str-{key[4:]}", ""),
                opportunities=request.POST.get(f"opp-{key[4:]}", ""),
                comment=request.POST.get(f"cmt-{key[4:]}", ""),
            )
            for key in request.POST
            if key.startswith("pct-")
        }
        try:
            consensus.record(panel, application, request.user, entries, report=request.POST.get("report", ""))
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("共识评分已记录，作为本环节评审结果。"))
            return redirect("experts:consensus", panel_pk=panel.pk, app_pk=application.pk)
    comparison = consensus.compare(panel, application)
    rows = []
    for row in comparison.rows:
        texts = [
            (a.expert.name, c.strengths, c.opportunities)
            for a, c in zip(comparison.assignments, row.cells, strict=True)
            if c is not None and (c.strengths or c.opportunities)
        ]
        agreed = row.agreed
        rows.append({
            "row": row, "texts": texts,
            "value": agreed.percent if agreed else row.suggested,
            "strengths": agreed.strengths if agreed else _unique_lines(t[1] for t in texts),
            "opportunities": agreed.opportunities if agreed else _unique_lines(t[2] for t in texts),
            "comment": agreed.comment if agreed else "",
        })
    opinions = [(a.expert.name, a.sheet.opinion) for a in comparison.assignments
                if getattr(a, "sheet", None) is not None and a.sheet.submitted and a.sheet.opinion]
    rules = application.rules
    quorum = consensus.quorum_problem(panel, application) if comparison.all_submitted else None
    return render(request, "reviews/consensus.html", {
        "panel": panel, "app": application, "c": comparison, "rows": rows, "role": role,
        "totals": comparison.expert_totals(), "opinions": opinions,
        "stage": staff_label(panel.stage, rules), "report_label": report_label(application, panel.stage),
        "editable": role == "leader" and comparison.all_submitted and not quorum and application.status == panel.stage,
        "quorum": quorum,
        "spread_chart": spread_chart(comparison),  # each item's spread between the experts (a dot chart)
        "states": Assignment.State,
    })
