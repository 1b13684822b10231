"""The city government's decision on the proposed winners (政府审定), recorded by the office.

- `awaiting(city)`: the city's applications at 政府审定, with what a list shows.
- `record(...)`: the decision for one application or the whole list at once — its document number (文号), date,
  the decision file, and per application approved (→ 获奖) or not (→ 未获奖, with the reason the applicant is
  told). The approving body and the article come from the cycle's rules (bodies.approver and the 政府审定
  stage's article). For each application a DecisionLine is written first, then `lifecycle.perform` moves it
  (honours.checks lets 政府审定 pass only with such a line), and the line keeps the audit entry. The winners then
  get their certificate and ledger lines, and the decision its public announcement (表彰公告).
Who may record: the office of the city (the permission rows registered below).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.domain import access, documents, lifecycle
from awards.models import Application, Cycle, PublicityEntry
from awards.workflow import Status, staff_label
from cities.models import City
from core.errors import InvalidInput, TransitionDenied
from core.i18n import long_date

from ..models import Certificate, DecisionLine, GovernmentDecision
from . import announcements, certificates, ledger

FILE_TYPES = {"pdf", "jpg", "png"}
NUMBER_MAX = GovernmentDecision._meta.get_field("document_number").max_length
REASON_MAX = 1000

Line = tuple[Application, bool, str]


# -- who may ------------------------------------------------------------------------------------
def office_of_city(user, city) -> access.Verdict:
    """The approval pages of one city: its office only."""
    if city is None or not access.is_office(user, city):
        return access.refuse(_("只有本市评审办公室可以录入政府审定决定。"))
    return access.ALLOWED


def office_of_decision(user, decision) -> access.Verdict:
    """A decision's file: the office of its city; anyone else, as if there were none."""
    if decision is None or not access.is_office(user, decision.cycle.city_id):
        return access.hide(_("没有这份审定决定。"))
    return access.ALLOWED


access.register("office.approval", office_of_city)
access.register("office.decision", office_of_decision)


# -- reading ------------------------------------------------------------------------------------
def awaiting(city: City):
    """The city's applications at 政府审定, oldest cycle first, by award kind (one query)."""
    return (Application.objects.for_office(city).at_stage(Status.GOVERNMENT_APPROVAL).with_rules()
            .select_related("organisation", "individual", "recommender")
            .order_by("cycle__year", "cycle_id", "award_kind", "stage_entered_at", "pk"))


def decisions_of(city: City):
    """The city's recorded decisions, newest first, with their lines' applications (a fixed number of queries)."""
    return (GovernmentDecision.objects.filter(cycle__city=city)
            .select_related("cycle", "recorded_by")
            .prefetch_related("lines__application__organisation", "lines__application__individual",
                              "announcements"))


def publicity_ended(applications: list[Application]) -> datetime.date | None:
    """The last day of the latest 拟奖名单公示 these applications were on (None if there was none)."""
    days = (PublicityEntry.objects.filter(application__in=applications, publicity__stage=Status.PUBLICITY)
            .values_list("publicity__ends_on", flat=True))
    return max(days, default=None)


# -- recording ----------------------------------------------------------------------------------
def _check_file(uploaded_file) -> str:
    """The decision file: a PDF or an image (by content), within the size limit. Returns its type."""
    if uploaded_file is None:
        raise InvalidInput(_("请上传市政府的审定决定文件（PDF 或 jpg/png 图片）。"))
    name = getattr(uploaded_file, "name", "") or _("未命名文件")
    size = uploaded_file.size or 0
    if size == 0:
        raise InvalidInput(_("“%(name)s”是空文件（0 字节），未上传。") % {"name": name})
    limit = documents.max_file_bytes()
    if size > limit:
        raise InvalidInput(_("“%(name)s”大小为%(size)s，超过单个文件上限%(limit)s，未上传。")
                           % {"name": name, "size": documents.megabytes(size), "limit": documents.megabytes(limit)})
    try:
        kind = documents.sniff(uploaded_file)
    except documents.UploadRefused as exc:
        raise InvalidInput(_("“%(name)s”：%(error)s") % {"name": name, "error": exc.message}) from None
    if kind not in FILE_TYPES:
        raise InvalidInput(_("“%(name)s”是%(type)s文件；审定决定文件须为 PDF 或 jpg/png 图片。")
                           % {"name": name, "type": documents.TYPE_LABELS[kind]})
    return kind


def _check_lines(cycle: Cycle, lines: list[Line]) -> list[tuple[Application, bool, str]]:
    """Each application once, of this cycle and at 政府审定, not decided before; a reason where not approved."""
    if not lines:
        raise InvalidInput(_("请至少选择一份申报。"))
    seen, checked, problems = set(), [], []
    current = {a.pk: a for a in Application.objects.filter(pk__in=[a.pk for a, _ok, _r in lines])
               .select_related("organisation", "individual")}
    decided = set(DecisionLine.objects.filter(application__in=current).values_list("application_id", flat=True))
    for application, approved, reason in lines:
        reason = (reason or "").strip()
        fresh = current.get(application.pk)
        if application.pk in seen:
            problems.append(_("%(ref)s在本次决定中重复出现。") % {"ref": application.reference})
            continue
        seen.add(application.pk)
        if fresh is None or fresh.cycle_id != cycle.pk:
            problems.append(_("%(ref)s不是%(cycle)s的申报。") % {"ref": application.reference, "cycle": cycle})
        elif application.pk in decided:
            problems.append(_("%(ref)s（%(name)s）的政府审定决定已经录入，不能重复录入。")
                            % {"ref": application.reference, "name": fresh.applicant_name})
        elif fresh.status != Status.GOVERNMENT_APPROVAL:
            problems.append(_("%(ref)s（%(name)s）当前处于“%(state)s”阶段，不在政府审定阶段。")
                            % {"ref": application.reference, "name": fresh.applicant_name,
                               "state": staff_label(fresh.status, cycle.rules)})
        elif not approved and not reason:
            problems.append(_("%(ref)s（%(name)s）审定未通过，须填写理由（将告知申报人）。")
                            % {"ref": application.reference, "name": fresh.applicant_name})
        elif len(reason) > REASON_MAX:
            problems.append(_("%(ref)s的理由不能超过%(n)s个字。") % {"ref": application.reference, "n": REASON_MAX})
        if application.status != fresh.status:
            application.refresh_from_db()
        checked.append((application, bool(approved), reason))
    if problems:
        raise InvalidInput("\n".join(problems))
    return checked


def _check_date(decided_on, applications: list[Application]) -> datetime.date:
    if not isinstance(decided_on, datetime.date):
        raise InvalidInput(_("请填写审定日期。"))
    today = timezone.localdate()
    if decided_on > today:
        raise InvalidInput(_("审定日期（%(date)s）不能晚于今天。") % {"date": long_date(decided_on)})
    ended = publicity_ended(applications)
    if ended is not None and decided_on <= ended:
        raise InvalidInput(_("审定日期（%(date)s）须在拟奖名单公示期满（%(end)s）之后。")
                           % {"date": long_date(decided_on), "end": long_date(ended)})
    return decided_on


def _reason(decision: GovernmentDecision, approved: bool, reason: str) -> str:
    """What the audit trail keeps and the applicant reads."""
    said = {"number": decision.document_number, "date": long_date(decision.decided_on), "reason": reason}
    if approved:
        text = _("经政府审定（%(number)s，%(date)s），审定通过。") % said
        return f"{text}{reason}" if reason else text
    return _("经政府审定（%(number)s，%(date)s），未予通过：%(reason)s") % said


def record(*, cycle: Cycle, actor, document_number: str, decided_on: datetime.date, uploaded_file,
           lines: list[Line]) -> GovernmentDecision:
    """Record the government's decision for the listed applications of one cycle (see the module's doc).
    Raises InvalidInput / TransitionDenied (nothing is recorded then)."""
    if not access.is_office(actor, cycle.city_id):
        raise TransitionDenied(_("只有本市评审办公室可以录入政府审定决定。"))
    document_number = (document_number or "").strip()
    if not document_number:
        raise InvalidInput(_("请填写审定决定的文号。"))
    if len(document_number) > NUMBER_MAX:
        raise InvalidInput(_("文号不能超过%(n)s个字。") % {"n": NUMBER_MAX})
    checked = _check_lines(cycle, lines)
    decided_on = _check_date(decided_on, [a for a, _ok, _r in checked])
    _check_file(uploaded_file)
    rules = cycle.rules
    article = rules.stage(Status.GOVERNMENT_APPROVAL).article
    try:
        with transaction.atomic():
            decision = GovernmentDecision(
                cycle=cycle, document_number=document_number, decided_on=decided_on,
                approver=rules.bodies.approver.value, article=article,
                original_name=(uploaded_file.name or "")[:255], recorded_by=actor,
            )
            decision.file.save(uploaded_file.name or "decision", uploaded_file, save=False)
            decision.save()
            winners = []
            for application, approved, reason in checked:
                line = DecisionLine.objects.create(decision=decision, application=application, approved=approved,
                                                   reason=reason)
                line.audit_entry = lifecycle.perform(application, "advance" if approved else "stop", actor,
                                                     reason=_reason(decision, approved, reason), article=article)
                line.save(update_fields=["audit_entry"])
                if approved:
                    winners.append(application)
            for application in winners:
                certificates.issue(application, reason=Certificate.Reason.AWARD, decision=decision, actor=actor)
                ledger.grant_award(application, on=decided_on, actor=actor,
                                   again_only=ledger.is_repeat_winner(application))
            announcements.publish_award(decision)
    except IntegrityError:
        raise InvalidInput(_("这些申报的政府审定决定刚刚已被他人录入，请刷新页面后查看。")) from None
    return decision
