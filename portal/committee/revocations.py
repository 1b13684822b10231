"""The deciding body's pages for revocation cases: the cases waiting for its step, and the case page where it records
its proposal or decision (e.g. Jinan: 市质量强市领导小组 proposes; Chenzhou: 评委会 decides), in its own role.

Who: members of a city's committee group (access: committee.revocations, committee.revocation), for that city's
cases only; another city's case is 404, anyone else 403 (the office works on its own pages,
portal.office.revocations). The work is done in honours.domain.revocation.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from awards.domain import access
from cities.schema import Role
from honours.domain import re_evaluation, revocation
from portal.decorators import requires
from portal.shared.casework import case_context, case_rows, record
from portal.shared.pages import PAGE_SIZE


@require_GET
@requires("committee.revocations")
def case_list(request):
    """Committee members: the cases of their cities waiting for the committee's step, those it has decided, and
    the 复评 whose current step is the committee's."""
    cities = access.cities_with(request.user, {Role.COMMITTEE})
    decided = Paginator(revocation.decided_by_committee(cities), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "honours/revocations/committee_list.html", {
        "awaiting": case_rows(revocation.awaiting_committee(cities)), "decided_rows": case_rows(decided.object_list),
        "decided": decided, "re_evaluations": re_evaluation.awaiting_role(cities, Role.COMMITTEE),
    })


@require_http_methods(["GET", "POST"])
@requires("committee.revocations")
def case(request, pk):
    """Committee members of the case's city: the case; POST records the committee's step (its proposal or
    decision). A step the office records is refused here."""
    found = revocation.case_detail(pk)
    access.require(request.user, "committee.revocation", found)
    if request.method == "POST":
        record(request, found, Role.COMMITTEE)
        return redirect("committee:revocation_case", pk=found.pk)
    return render(request, "honours/revocations/committee_case.html",
                  case_context(found, request.user, Role.COMMITTEE))
