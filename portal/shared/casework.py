"""Page helpers of the casework that two audiences share: a revocation case's page (the office and the committee
record the steps their rules give them, portal/office/revocations.py and portal/committee/revocations.py) and a
复评's page (portal/office/duties.py, portal/committee/re_evaluations.py). No views here: each audience's view
states who may use it and calls these."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.domain import access, documents
from cities.schema import RevocationStepKind, Role
from core.errors import InvalidInput, TransitionDenied, TransitionError
from honours.domain import certificates, revocation
from honours.domain import re_evaluation as re_evaluations
from honours.models import ReEvaluation, RevocationCase, RevocationCaseStep
from portal.shared.pages import yes_no


# -- revocation cases --------------------------------------------------------------------------------------------------
def case_rows(cases) -> list[dict]:
    return [{"case": c, "ground": revocation.ground_of(c), "next": revocation.next_step(c)} for c in cases]


def case_context(case: RevocationCase, user, role: Role) -> dict:
    """What both audiences' case pages show: the procedure, step by step, with what was recorded and who records
    what is still to do. `role`: the page's audience (the form shows only for a step that role records)."""
    recorded = list(case.steps.all())
    steps = []
    for index, step in enumerate(revocation.procedure(case)):
        row = recorded[index] if index < len(recorded) else None
        steps.append({
            "step": step, "row": row, "role": revocation.role_name(step.by),
            "outcome": revocation.outcome_label(row.kind, row.agreed) if row else "",
        })
    upcoming = revocation.next_step(case)
    ground = revocation.ground_of(case)
    application = case.application
    return {
        "case": case, "application": application, "rules": application.rules, "ground": ground,
        "steps": steps, "next": upcoming,
        "may_record": upcoming is not None and upcoming.by == role and revocation.may_record(user, case, upcoming),
        "next_role": revocation.role_name(upcoming.by) if upcoming else "",
        "final": upcoming is not None and upcoming.kind == RevocationStepKind.REVOCATION,
        "agree_label": revocation.outcome_label(upcoming.kind, True) if upcoming else "",
        "disagree_label": revocation.outcome_label(upcoming.kind, False) if upcoming else "",
        "notice": revocation.notice_kind_of(ground), "today": timezone.localdate(),
        "accept": documents.ACCEPT, "limits": documents.megabytes(documents.max_file_bytes()),
        "note_max": revocation.NOTE_MAX, "position": len(recorded),
    }


def parse_step(request) -> dict:
    """The posted step: agreed or not, note, evidence, document number and date (InvalidInput when malformed)."""
    outcome = request.POST.get("outcome", "")
    if outcome not in {"agree", "disagree"}:
        raise InvalidInput(_("请选择本环节的结论。"))
    decided_on = None
    raw = request.POST.get("decided_on", "").strip()
    if raw:
        try:
            decided_on = datetime.date.fromisoformat(raw)
        except ValueError:
            raise InvalidInput(_("决定日期格式不正确（例如 2026-05-20）。")) from None
    raw_position = request.POST.get("position")  # the form sends how many steps it showed as recorded
    try:
        position = int(raw_position) if raw_position is not None else None
    except ValueError:
        raise InvalidInput(_("页面已过期，请刷新后再录入。")) from None
    return {"agreed": outcome == "agree", "note": request.POST.get("note", ""),
            "evidence": request.FILES.get("evidence"), "document_number": request.POST.get("document_number", ""),
            "decided_on": decided_on, "position": position}


def record(request, case: RevocationCase, role: Role) -> RevocationCaseStep | None:
    """Record the posted step through the domain, on the page of `role` (the office's or the committee's); the
    message says what happened (or why not)."""
    upcoming = revocation.next_step(case)
    try:
        if upcoming is not None and upcoming.by != role:
            raise TransitionDenied(_("“%(kind)s”由%(body)s作出，须由%(role)s在其页面录入。") % {
                "kind": upcoming.kind.label, "body": upcoming.body, "role": revocation.role_name(upcoming.by)})
        row = revocation.record_step(case, actor=request.user, **parse_step(request))
    except TransitionError as exc:
        messages.error(request, exc.message)
        return None
    case.refresh_from_db()
    if case.state == RevocationCase.State.REVOKED:
        messages.success(request, _("奖项已撤销：证书已标注撤销，收回事项已记入台账，获奖者已收到通知。"))
    elif case.state == RevocationCase.State.DISMISSED:
        messages.success(request, _("已结案：不予撤销。"))
    else:
        messages.success(request, _("已录入“%(kind)s”。") % {"kind": row.get_kind_display()})
    return row


# -- 复评 -------------------------------------------------------------------------------------------------------------
def re_evaluation_page(request, re_evaluation: ReEvaluation, *, template_side: str):
    """GET/POST of a 复评 for the office or the committee: its route, the records, and the current step's form
    for whoever the rules name."""
    if request.method == "POST":
        try:
            re_evaluations.record_step(re_evaluation, actor=request.user, passed=yes_no(request, "passed"),
                                       note=request.POST.get("note", ""), step=request.POST.get("step") or None)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            re_evaluation.refresh_from_db()
            messages.success(request, _("已录入。当前：%(state)s") % {"state": _state_words(re_evaluation)})
        return redirect(reverse(f"{template_side}:re_evaluation", args=[re_evaluation.pk]))
    application = re_evaluation.application
    route = re_evaluations.rule(application)
    current = re_evaluations.current_step(re_evaluation)
    records = {r.step: r for r in re_evaluation.records.select_related("actor")}
    steps = [{"step": s, "record": records.get(s.key), "current": current is not None and s.key == current.key
              and re_evaluation.outcome == ReEvaluation.Outcome.OPEN,
              "role": re_evaluations.role_name(s.actor, re_evaluation)} for s in (route.steps if route else [])]
    return render(request, "honours/duties/re_evaluation.html", {
        "re": re_evaluation, "application": application, "city": application.cycle.city, "route": route,
        "steps": steps, "current": current, "side": template_side,
        "may_record": re_evaluations.may_record(request.user, re_evaluation, current),
        "current_role": re_evaluations.role_name(current.actor, re_evaluation) if current else "",
        "note_max": re_evaluations.NOTE_MAX, "live": certificates.live(application),
    })


def _state_words(re_evaluation: ReEvaluation) -> str:
    if re_evaluation.outcome != ReEvaluation.Outcome.OPEN:
        return re_evaluation.get_outcome_display()
    step = re_evaluations.current_step(re_evaluation)
    return _("待“%(step)s”") % {"step": step.name if step else re_evaluation.step}


def load_re_evaluation(request, pk, action: str) -> ReEvaluation:
    found = (ReEvaluation.objects.select_related("application__cycle__rule_set", "application__cycle__city",
                                                 "application__organisation", "application__individual",
                                                 "certificate")
             .filter(pk=pk).first())
    access.require(request.user, action, found)
    return found
