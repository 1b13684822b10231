"""The winner's duties page: what the rules require after the award (with articles), the yearly self-assessment
reports with their due dates and the upload form, revisits and their deadlines, the certificate's validity, and
the 复评 request where the rules provide one.

Who: the applicants of an awarded application (applicant.duties; anyone else 404, the applicant of an
application not awarded 403); a report is handed in by the winner's own users (applicant.yearly_report).
The work is done in honours.domain.duties and honours.domain.re_evaluation.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.domain import access, documents
from awards.models import Application
from core.errors import TransitionError
from honours.domain import certificates
from honours.domain import duties as obligations
from honours.domain import re_evaluation as re_evaluations
from honours.models import YearlyReport
from portal.decorators import requires

REPORT_ACCEPT = ".pdf,.doc,.docx"


def _winner(request, pk) -> Application:
    application = (Application.objects.with_rules().select_related("organisation", "individual")
                   .filter(pk=pk).first())
    access.require(request.user, "applicant.duties", application)
    return application


def _duties_url(application_id: int, anchor: str = "") -> str:
    return reverse("applicant:duties", args=[application_id]) + (f"#{anchor}" if anchor else "")


@require_GET
@requires()
def duties(request, pk):
    """The winner's own users: the duties the rules name, yearly reports, revisits, validity and 复评."""
    application = _winner(request, pk)
    today = timezone.localdate()
    post_award = application.rules.post_award
    reports = [{"report": r, "open": obligations.is_open_for_upload(r, today),
                "overdue": r.submitted_at is None and r.due_on < today}
               for r in obligations.schedule(application, today)]
    yearly = obligations.yearly_rule(application)
    live = certificates.live(application)
    re_list = list(application.re_evaluations.prefetch_related("records").order_by("-opened_at"))
    route = re_evaluations.rule(application)
    return render(request, "honours/duties/applicant_duties.html", {
        "app": application, "rules": application.rules, "post_award": post_award, "today": today,
        "yearly": yearly, "due_words": obligations.due_words(yearly) if yearly else "", "reports": reports,
        "revisits": list(application.revisits.order_by("-planned_on", "-pk")),
        "revisit_rule": obligations.revisit_rule(application),
        "live": live, "live_status": certificates.status_label(live, today) if live else "",
        "route": route, "re_evaluations": [{"re": r, "step": re_evaluations.current_step(r),
                                            "records": list(r.records.all())} for r in re_list],
        "may_request": re_evaluations.may_request(application, today) if route else None,
        "accept": REPORT_ACCEPT, "limit": documents.megabytes(documents.max_file_bytes()),
        "step_names": {s.key: s.name for s in route.steps} if route else {},
    })


@require_POST
@requires()
def report_upload(request, pk):
    """The winner's own users hand in a yearly report (PDF or Word; late is taken and marked)."""
    report = (YearlyReport.objects.select_related("application__cycle__rule_set", "application__cycle__city",
                                                  "application__organisation", "application__individual")
              .filter(pk=pk).first())
    access.require(request.user, "applicant.yearly_report", report)
    try:
        obligations.submit_report(report, request.FILES.get("file"), request.user)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        if report.is_late:
            messages.warning(request, _("%(year)s年度自评报告已报送（逾期报送，已标注）。") % {"year": report.year})
        else:
            messages.success(request, _("%(year)s年度自评报告已报送。") % {"year": report.year})
    return redirect(_duties_url(report.application_id, "reports"))


@require_POST
@requires()
def re_evaluation_request(request, pk):
    """The winner's own users ask for a 复评 where the rules provide one and the time has come."""
    application = _winner(request, pk)
    try:
        re_evaluations.request(application, request.user, request.POST.get("note", ""))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("复评申请已提交，评审办公室将按程序办理。"))
    return redirect(_duties_url(application.pk, "re-evaluation"))
