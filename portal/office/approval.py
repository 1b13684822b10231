"""The office's pages for the government's decision (政府审定): the city's applications awaiting it, recording the
decision (文号, date, the decision file, and per application approved or not, with the reason) for one
application or the whole list at once, the decisions recorded before, and a decision's file.

Who: signed-in members of the city's office group (access: office.pages, then office.approval for the city,
office.decision for a decision's file). Another city's office gets 403 on the pages, 404 on a file; anyone else
403. The work is done in honours.domain.approval.record (every status change through lifecycle.perform).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.domain import access, documents
from awards.models import Application
from awards.workflow import Status, staff_label
from cities.models import City
from core.errors import InvalidInput, TransitionError
from honours.domain import approval
from honours.models import GovernmentDecision
from portal.decorators import requires
from portal.files import open_stored, serve
from portal.office.views import side_tabs

PAGE_SIZE = 20
APPROVE, REJECT = "approve", "reject"
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def _city(request, code: str) -> City:
    """One of the user's office cities, by code; any other code is 403."""
    city = next((c for c in access.office_cities(request.user) if c.code == code), None)
    access.require(request.user, "office.approval", city)
    return city


def _page(request, city: City, *, posted=None, error: str = "", status: int = 200):
    """The queue by cycle, the form (with what was typed, after an error) and the decisions recorded before."""
    posted = posted or {}
    verdicts, reasons, selected = posted.get("verdicts", {}), posted.get("reasons", {}), posted.get("selected")
    cycles = []
    for application in approval.awaiting(city):
        if not cycles or cycles[-1]["cycle"].pk != application.cycle_id:
            cycles.append({"cycle": application.cycle, "rows": []})
        rules = application.rules
        cycles[-1]["rows"].append({
            "application": application,
            "award": rules.award_kind(application.award_kind).name,
            "checked": selected is None or application.pk in selected,
            "approved": verdicts.get(application.pk, APPROVE) == APPROVE,
            "reason": reasons.get(application.pk, ""),
        })
    for group in cycles:
        rules = group["cycle"].rules
        group["stage"] = rules.stage(Status.GOVERNMENT_APPROVAL)
        group["stage_label"] = staff_label(Status.GOVERNMENT_APPROVAL, rules)
        group["approver"] = rules.bodies.approver
        group["measure"] = rules.measure.title
    decisions = Paginator(approval.decisions_of(city), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(request, "honours/approval/queue.html", {
        "city": city, "cycles": cycles, "decisions": decisions, "error": error,
        **side_tabs(city, today),  # every stage of the city's flow and the duties after the award (views.side_tabs)
        "document_number": posted.get("document_number", ""), "decided_on": posted.get("decided_on", ""),
        "today": today, "limit": documents.megabytes(documents.max_file_bytes()),
        "approve": APPROVE, "reject": REJECT, "number_max": approval.NUMBER_MAX, "reason_max": approval.REASON_MAX,
    }, status=status)


@require_GET
@requires("office.pages")
def queue(request, city):
    """Office staff of the city: the applications at 政府审定 with the form to record the decision, and the
    decisions recorded before with their files."""
    return _page(request, _city(request, city))


def _selected(request) -> list[int]:
    ids = []
    for value in request.POST.getlist("applications"):
        value = value.strip()
        if not (value.isascii() and value.isdigit() and len(value) < 12):
            raise InvalidInput(_("所选申报无效，请刷新页面后重新选择。"))
        ids.append(int(value))
    return ids


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(_("请按“年-月-日”填写审定日期。") if text.strip() else _("请填写审定日期。")) from None


@require_POST
@requires("office.pages")
def record(request, city):
    """Office staff of the city: record the government's decision for the checked applications (one or all)."""
    city = _city(request, city)
    posted = {"document_number": request.POST.get("document_number", ""),
              "decided_on": request.POST.get("decided_on", ""), "selected": set(), "verdicts": {}, "reasons": {}}
    try:
        ids = _selected(request)
        posted["selected"] = set(ids)
        for pk in ids:
            posted["verdicts"][pk] = request.POST.get(f"verdict_{pk}", "")
            posted["reasons"][pk] = request.POST.get(f"reason_{pk}", "")
        if not ids:
            raise InvalidInput(_("请至少勾选一份申报。"))
        found = {a.pk: a for a in Application.objects.for_office(city).with_rules()
                 .select_related("organisation", "individual").filter(pk__in=ids)}
        if len(found) != len(set(ids)):
            raise InvalidInput(_("所选申报中有不属于本市的申报，请刷新页面后重新选择。"))
        if len({a.cycle_id for a in found.values()}) > 1:
            raise InvalidInput(_("一次只能录入同一评定周期的审定决定，请按周期分别录入。"))
        if any(posted["verdicts"][pk] not in (APPROVE, REJECT) for pk in ids):
            raise InvalidInput(_("请为每份勾选的申报选择审定结果：通过或不通过。"))
        lines = [(found[pk], posted["verdicts"][pk] == APPROVE, posted["reasons"][pk]) for pk in ids]
        decision = approval.record(
            cycle=found[ids[0]].cycle, actor=request.user, document_number=posted["document_number"],
            decided_on=_date(posted["decided_on"]), uploaded_file=request.FILES.get("file"), lines=lines,
        )
    except TransitionError as error:
        return _page(request, city, posted=posted, error=error.message, status=400)
    approved = sum(1 for _a, ok, _r in lines if ok)
    messages.success(request, _("已录入审定决定（%(number)s）：%(approved)s份审定通过（获奖），%(rejected)s份未通过；"
                                "已通知申报人。") % {"number": decision.document_number, "approved": approved,
                                                 "rejected": len(lines) - approved})
    return redirect("office:approval", city=city.code)


@require_GET
@requires("office.pages")
def decision_file(request, pk):
    """Office staff of the decision's city: the decision file as uploaded (PDF or image)."""
    decision = GovernmentDecision.objects.select_related("cycle").filter(pk=pk).first()
    access.require(request.user, "office.decision", decision)
    handle = open_stored(decision.file)
    kind = documents.detect(handle) or "pdf"
    return serve(decision.file, handle=handle, filename=decision.original_name or f"decision-{decision.pk}.{kind}",
                 content_type=CONTENT_TYPES.get(kind, "application/octet-stream"))
