"""The office's pages for winners' duties: yearly reports (the overdue queue and the consequence the rules name,
reports handed in), revisits (plan, findings, correction), certificates expiring soon, and the office's steps of
复评.

Who: signed-in members of the city's office group, for that city's winners only (office.pages, office.city,
office.yearly_report, office.winner, office.revisit, office.re_evaluation); another city's row is 404, anyone else
403. A report's file: the office of its city and the winner (honours.yearly_report_file).
The work is done in honours.domain.duties and honours.domain.re_evaluation.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.domain import access, documents
from core.errors import InvalidInput, TransitionError
from core.i18n import long_date
from honours.domain import certificates, duties
from honours.domain import re_evaluation as re_evaluations
from honours.models import Revisit, YearlyReport
from portal.decorators import requires
from portal.files import open_stored, serve
from portal.office.views import PAGE_SIZE, _application, _city
from portal.shared.casework import load_re_evaluation, re_evaluation_page
from portal.shared.pages import yes_no

CONTENT_TYPES = {
    "pdf": "application/pdf", "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _overview_url(city, anchor: str = "") -> str:
    return reverse("office:duties", args=[city.code]) + (f"#{anchor}" if anchor else "")


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        raise InvalidInput(_("请填写有效的日期（年-月-日）。")) from None


@require_GET
@requires("office.pages")
def overview(request, city):
    """The city's office: overdue yearly reports (with the consequence form), reports handed in, revisits planned or
    awaiting correction (and the form to plan one), certificates expiring soon, and open 复评."""
    city = _city(request, city)
    today = timezone.localdate()
    rules = city.current_rules().rules
    overdue = list(duties.overdue(city, today))
    handed_in = Paginator(duties.handed_in(city), PAGE_SIZE).get_page(request.GET.get("page"))
    revisits = list(duties.revisits_open(city))
    winners = [a for a in duties.winners(city).order_by("cycle__year", "reference") if duties.revisit_rule(a)]
    expiring = [{"certificate": c, "status": certificates.status_label(c, today),
                 "may_re_evaluate": bool(re_evaluations.rule(c.application))}
                for c in duties.expiring(city, today)]
    open_re = [{"re": r, "step": re_evaluations.current_step(r),
                "office_step": re_evaluations.may_record(request.user, r)}
               for r in duties.open_re_evaluations(city).prefetch_related("records")]
    return render(request, "honours/duties/office_overview.html", {
        "city": city, "today": today, "rules": rules, "overdue": overdue, "handed_in": handed_in,
        "revisits": revisits, "winners": winners, "expiring": expiring, "open_re": open_re,
        "text_max": duties.TEXT_MAX, "visitors_max": duties.VISITORS_MAX,
        "due_words": duties.due_words(rules.post_award.yearly_self_assessment)
        if rules.post_award.yearly_self_assessment else "",
    })


@require_POST
@requires("office.pages")
def report_consequence(request, pk):
    """The office of the report's city: record the consequence the rules name for a missed report."""
    report = (YearlyReport.objects.select_related("application__cycle__rule_set", "application__cycle__city",
                                                  "application__organisation", "application__individual")
              .filter(pk=pk).first())
    access.require(request.user, "office.yearly_report", report)
    city = report.application.cycle.city
    try:
        duties.record_consequence(report, request.user, request.POST.get("note", ""))
    except TransitionError as exc:
        messages.error(request, exc.message)
        return redirect(_overview_url(city, f"report-{report.pk}"))
    messages.success(request, _("已记录处理结果：%(what)s（%(article)s），限期至%(date)s改正，已通知获奖者。") % {
        "what": report.consequence, "article": report.consequence_article,
        "date": long_date(report.correct_by)})
    return redirect(_overview_url(city, "overdue"))


@require_GET
@requires()
def report_file(request, pk):
    """The report as handed in: the office of its city and the winner's own users."""
    report = YearlyReport.objects.select_related("application__cycle", "application__organisation",
                                                 "application__individual").filter(pk=pk).first()
    access.require(request.user, "honours.yearly_report_file", report)
    handle = open_stored(report.file)
    kind = documents.detect(handle)  # checked on the way in; the type comes from the content, not the name
    return serve(report.file, handle=handle, filename=report.original_name or str(report.year),
                 content_type=CONTENT_TYPES.get(kind, "application/octet-stream"))


@require_POST
@requires("office.pages")
def revisit_plan(request, pk):
    """The office of an awarded application's city: plan a revisit on a day, with the visiting experts."""
    application = _application(request, pk)
    access.require(request.user, "office.winner", application)
    city = application.cycle.city
    try:
        visit = duties.plan_revisit(application, on=_date(request.POST.get("planned_on")),
                                    visitors=request.POST.get("visitors", ""), actor=request.user)
    except TransitionError as exc:
        messages.error(request, exc.message)
        return redirect(_overview_url(city, "revisits"))
    messages.success(request, _("已安排%(date)s回访%(name)s，已通知获奖者。") % {
        "date": long_date(visit.planned_on), "name": application.applicant_name})
    return redirect(_overview_url(city, "revisits"))


def _revisit(request, pk) -> Revisit:
    visit = (Revisit.objects.select_related("application__cycle__rule_set", "application__cycle__city",
                                            "application__organisation", "application__individual", "planned_by")
             .filter(pk=pk).first())
    access.require(request.user, "office.revisit", visit)
    return visit


@require_http_methods(["GET", "POST"])
@requires("office.pages")
def revisit(request, pk):
    """The office of the winner's city: a revisit, its findings (satisfactory or correct by a deadline) and,
    after a decline, whether it was corrected (not corrected in time opens a revocation case where the rules say)."""
    visit = _revisit(request, pk)
    application = visit.application
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            if step == "findings":
                duties.record_findings(visit, satisfactory=yes_no(request, "satisfactory"),
                                       findings=request.POST.get("findings", ""), actor=request.user)
                visit.refresh_from_db()
                messages.success(request, _("已录入回访意见：%(outcome)s，已通知获奖者。") % {
                    "outcome": visit.get_outcome_display()})
            elif step == "correction":
                visit, case = duties.record_correction(visit, corrected=yes_no(request, "corrected"),
                                                       note=request.POST.get("note", ""), actor=request.user)
                messages.success(request, _("已记录整改结果：%(outcome)s。") % {"outcome": visit.get_outcome_display()})
                if case is not None:
                    messages.info(request, _("已依%(article)s立案撤销，请在“撤销案件”中继续办理。") % {
                        "article": case.article})
            else:
                raise InvalidInput(_("请选择要录入的事项。"))
        except TransitionError as exc:
            messages.error(request, exc.message)
        return redirect(reverse("office:revisit", args=[visit.pk]))
    rule = duties.revisit_rule(application)
    return render(request, "honours/duties/office_revisit.html", {
        "visit": visit, "application": application, "city": application.cycle.city, "rule": rule,
        "ground": application.rules.post_award.ground(rule.uncorrected_ground) if rule and rule.uncorrected_ground
        else None,
        "cases": list(visit.revocation_cases.all()), "today": timezone.localdate(), "text_max": duties.TEXT_MAX,
    })


@require_http_methods(["GET", "POST"])
@requires("office.pages")
def re_evaluation(request, pk):
    """The office of the winner's city: a 复评 and the steps the rules give the office."""
    return re_evaluation_page(request, load_re_evaluation(request, pk, "office.re_evaluation"), template_side="office")
