"""The office's pages for revocation cases (撤销案件): the city's cases and its winners, opening a case on a ground of
the city's rules, a case's procedure with who records each step, recording the office's steps, the evidence.

Who: members of the city's office group (access: office.pages, office.city, office.application, office.revocation);
another city's case or application is 404, anyone else 403. The evidence of a step is also open to the city's
committee (revocation.evidence). A step the rules give to the committee (the deciding body) is recorded on the
committee's page (portal.committee.revocations), never here. The work is done in honours.domain.revocation.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards.domain import access
from awards.workflow import Status
from cities.schema import Role
from core.errors import TransitionError
from honours.domain import revocation
from honours.models import RevocationCase, RevocationCaseStep
from portal.decorators import requires
from portal.files import serve
from portal.office.views import PAGE_SIZE, _application, _city
from portal.shared.casework import case_context, case_rows, record


def _case(request, pk) -> RevocationCase:
    case = revocation.case_detail(pk)
    access.require(request.user, "office.revocation", case)
    return case


@require_GET
@requires("office.pages")
def case_list(request, city):
    """Office staff of the city: open and closed cases with the step each waits for; the winners a case may be
    opened against."""
    city = _city(request, city)
    cases = revocation.cases_of_city(city)
    closed = Paginator(cases.exclude(state=RevocationCase.State.OPEN), PAGE_SIZE).get_page(
        request.GET.get("closed_page"))
    winners = Paginator(revocation.awarded_without_case(city), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "honours/revocations/office_list.html", {
        "city": city,
        "open_rows": case_rows(cases.filter(state=RevocationCase.State.OPEN)),
        "closed_rows": case_rows(closed.object_list), "closed": closed,
        "winners": winners,
    })


@require_http_methods(["GET", "POST"])
@requires("office.pages")
def open_case(request, pk):
    """Office staff of the city: open a case against an awarded application, on a ground of the city's rules
    that applies to it (GET: the form; POST: open it)."""
    application = _application(request, pk)
    grounds = revocation.grounds_for(application)
    summary = ""
    if request.method == "POST":
        summary = request.POST.get("summary", "")
        try:
            case = revocation.open_case(application, ground=request.POST.get("ground", ""), summary=summary,
                                        actor=request.user)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已立案：%(ground)s（%(article)s）。请按程序逐步办理。")
                             % {"ground": revocation.ground_of(case).text, "article": case.article})
            return redirect("office:revocation_case", pk=case.pk)
    open_one = application.revocation_cases.filter(state=RevocationCase.State.OPEN).first()
    return render(request, "honours/revocations/open.html", {
        "application": application, "city": application.cycle.city, "rules": application.rules,
        "grounds": [{"ground": g, "steps": application.rules.post_award.procedure_of(g.key),
                     "notice": revocation.notice_kind_of(g)} for g in grounds],
        "summary": summary, "open_case": open_one, "awarded": application.status == Status.AWARDED,
        "summary_max": revocation.SUMMARY_MAX,
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@requires("office.pages")
def case(request, pk):
    """Office staff of the case's city: the case's procedure and record; POST records a step the office records
    (a committee's step is refused here: the committee records it on its own page)."""
    found = _case(request, pk)
    if request.method == "POST":
        record(request, found, Role.OFFICE)
        return redirect("office:revocation_case", pk=found.pk)
    return render(request, "honours/revocations/office_case.html", case_context(found, request.user, Role.OFFICE))


@require_GET
@requires()
def evidence(request, pk):
    """The office and the committee of the case's city: a step's evidence file."""
    row = RevocationCaseStep.objects.select_related("case__application__cycle").filter(pk=pk).first()
    access.require(request.user, "revocation.evidence", row)
    return serve(row.evidence, filename=row.evidence_name or "evidence")
