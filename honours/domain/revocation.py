"""Revocation cases (撤销): opened by the office on a ground of the city's rule file, carried through the steps of
that ground's procedure (post_award.revocation_procedures), each recorded in the role of the body the rules name.

- `grounds_for(application)`: the grounds that may be used against this award (the applicant's kind; a ground
  limited to some years after the award — Ordos 第二十八条 — only within them).
- `open_case`: the office of the city, an awarded application, one open case per application.
- `next_step(case)`: the step of the procedure not yet recorded. `record_step`: only the role the step names
  (office or committee of the city) records it, with notes and evidence (checked by content). A step that does not
  agree closes the case (不予撤销); the winner, never told of the case, is not told either. The last step
  (`revocation`, the government's decision) needs its 文号 and date; then the award is revoked through the
  lifecycle (awards.domain.offering.revoke_award, whose notice tells the winner the ground and article), the
  certificate is marked revoked, what the ground reclaims is written to the ledger and the public notice the
  ground names (公告, 通报, 曝光 — or none) is published as an Announcement.
Every step is an append-only RevocationCaseStep (who, role, body, article, when). Nothing here names a city or a
ground: everything is read from the application's pinned rules.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.domain import access, documents, notices, offering
from awards.models import Application, AuditEntry
from awards.tasks import email_later
from awards.workflow import Status
from cities.schema import PublicNoticeKind, RevocationGround, RevocationStep, RevocationStepKind, Role
from core.errors import InvalidInput, TransitionConflict, TransitionDenied, TransitionNotAllowed
from core.i18n import join_list, long_date

from ..models import Announcement, ReEvaluation, ReEvaluationRecord, RevocationCase, RevocationCaseStep
from . import certificates, ledger

SUMMARY_MAX = 5000
NOTE_MAX = 5000

# What agreeing and not agreeing mean at each kind of step (the buttons and the record's wording).
OUTCOME_LABELS = {
    RevocationStepKind.INVESTIGATION: (gettext_lazy("查证属实，继续办理"), gettext_lazy("查无实据，不予撤销")),
    RevocationStepKind.PROPOSAL: (gettext_lazy("提请撤销"), gettext_lazy("不予提请，结案")),
    RevocationStepKind.DECISION: (gettext_lazy("决定撤销（取消获奖资格）"), gettext_lazy("不予撤销")),
    RevocationStepKind.REVOCATION: (gettext_lazy("决定撤销奖项"), gettext_lazy("不予撤销")),
}
ROLE_NAMES = {Role.OFFICE: gettext_lazy("评审办公室"), Role.COMMITTEE: gettext_lazy("评审委员会（审议机构）")}


def outcome_label(kind: RevocationStepKind | str, agreed: bool) -> str:
    return str(OUTCOME_LABELS[RevocationStepKind(kind)][0 if agreed else 1])


def role_name(role: Role | str) -> str:
    return str(ROLE_NAMES.get(Role(role), role))


# -- grounds -----------------------------------------------------------------------------------
def awarded_on(application: Application) -> datetime.date:
    """The day of the award: the government's decision where one is recorded, else the day the application became
    获奖 (its audit entry), else the end of the cycle's year."""
    line = getattr(application, "decision_line", None)  # none recorded: the accessor's error is an AttributeError
    if line is not None:
        return line.decision.decided_on
    entry = (AuditEntry.objects.filter(application=application, to_state=Status.AWARDED)
             .order_by("-created_at").first())
    if entry is not None:
        return timezone.localtime(entry.created_at).date()
    return datetime.date(application.cycle.year, 12, 31)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _within(ground: RevocationGround, award_day: datetime.date, today: datetime.date) -> bool:
    return ground.within_years is None or today <= _add_years(award_day, ground.within_years.value)


def grounds_for(application: Application, today: datetime.date | None = None) -> list[RevocationGround]:
    """The city's revocation grounds that apply to this award: for its kind of applicant, and within the years a
    ground is limited to after the award."""
    today = today or timezone.localdate()
    grounds = [g for g in application.rules.post_award.revocation_grounds
               if application.applicant_kind in g.applies_to]
    if any(g.within_years for g in grounds):
        award_day = awarded_on(application)
        grounds = [g for g in grounds if _within(g, award_day, today)]
    return grounds


def _ground_refusal(application: Application, key: str, today: datetime.date) -> str:
    rules = application.rules
    ground = rules.post_award.ground(key)
    measure = f"《{rules.measure.title}》"
    if ground is None:
        return _("请选择%(measure)s规定的撤销情形。") % {"measure": measure}
    if application.applicant_kind not in ground.applies_to:
        return _("“%(ground)s”（%(measure)s%(article)s）不适用于此类获奖者。") % {
            "ground": ground.text, "measure": measure, "article": ground.article}
    award_day = awarded_on(application)
    return _("依%(measure)s%(article)s，“%(ground)s”仅适用于获奖后%(n)d年内；该奖项于%(day)s授予，已超过期限。") % {
        "measure": measure, "article": ground.within_years.citation, "ground": ground.text,
        "n": ground.within_years.value, "day": long_date(award_day)}


# -- cases -------------------------------------------------------------------------------------
def ground_of(case: RevocationCase) -> RevocationGround:
    return case.application.rules.post_award.ground(case.ground)


def procedure(case: RevocationCase) -> list[RevocationStep]:
    return case.application.rules.post_award.procedure_of(case.ground)


def _recorded(case: RevocationCase) -> list[RevocationCaseStep]:
    return list(case.steps.all())  # prefetched on list pages


def next_step(case: RevocationCase) -> RevocationStep | None:
    """The step of the ground's procedure not yet recorded (None once the case is closed)."""
    if case.state != RevocationCase.State.OPEN:
        return None
    steps = procedure(case)
    done = len(_recorded(case))
    return steps[done] if done < len(steps) else None


def may_record(user, case: RevocationCase, step: RevocationStep | None) -> bool:
    """Only the role the step names, in the case's city: the office, or the committee (the deciding body)."""
    if step is None:
        return False
    city = case.application.cycle.city_id
    if step.by == Role.COMMITTEE:
        return access.is_committee(user, city)
    return access.is_office(user, city)


def open_case(application: Application, *, ground, summary: str, actor, revisit=None) -> RevocationCase:
    """The office opens a case against an award on one of the grounds that apply to it."""
    key = getattr(ground, "key", ground) or ""
    if not access.is_office(actor, application.cycle.city_id):
        raise TransitionDenied(_("只有本市评审办公室可以立案撤销奖项。"))
    if application.status != Status.AWARDED:
        raise TransitionNotAllowed(_("只有已获奖的申报可以立案撤销（当前状态：%(state)s）。")
                                   % {"state": Status(application.status).label})
    today = timezone.localdate()
    chosen = next((g for g in grounds_for(application, today) if g.key == key), None)
    if chosen is None:
        raise InvalidInput(_ground_refusal(application, key, today))
    if not application.rules.post_award.procedure_of(chosen.key):
        raise InvalidInput(_("规则文件未规定该撤销情形的办理程序，不能立案。"))
    summary = (summary or "").strip()
    if not summary:
        raise InvalidInput(_("请填写案情摘要。"))
    if len(summary) > SUMMARY_MAX:
        raise InvalidInput(_("案情摘要不超过%(n)d字。") % {"n": SUMMARY_MAX})
    if revisit is not None and revisit.application_id != application.pk:
        raise InvalidInput(_("回访记录不属于该获奖申报。"))
    if RevocationCase.objects.filter(application=application, state=RevocationCase.State.OPEN).exists():
        raise InvalidInput(_already_open())
    try:
        with transaction.atomic():
            case = RevocationCase.objects.create(
                application=application, ground=chosen.key, article=chosen.article, summary=summary,
                opened_by=actor, revisit=revisit,
            )
    except IntegrityError:  # two people opened one at the same moment
        raise InvalidInput(_already_open()) from None
    _tell_next(case, actor_role=Role.OFFICE)
    return case


def _already_open() -> str:
    return _("该获奖申报已有正在办理的撤销案件，请在该案件中继续办理。")


def _check_evidence(evidence) -> str:
    """The evidence file's type by content; refused (InvalidInput) when empty, too large or not a document."""
    name = getattr(evidence, "name", "") or _("未命名文件")
    size = evidence.size or 0
    if size == 0:
        raise InvalidInput(_("“%(name)s”是空文件（0 字节），未上传。") % {"name": name})
    if size > documents.max_file_bytes():
        raise InvalidInput(_("“%(name)s”大小为%(size)s，超过单个文件上限%(limit)s，未上传。") % {
            "name": name, "size": documents.megabytes(size), "limit": documents.megabytes(documents.max_file_bytes())})
    try:
        return documents.sniff(evidence)
    except InvalidInput as exc:
        raise InvalidInput(_("“%(name)s”：%(error)s") % {"name": name, "error": exc.message}) from None


def record_step(case: RevocationCase, *, actor, agreed: bool, note: str, evidence=None, document_number: str = "",
                decided_on: datetime.date | None = None, position: int | None = None) -> RevocationCaseStep:
    """Record the next step of the case in the role the rules name for it. Not agreeing closes the case (不予撤销);
    the agreed last step revokes the award, marks the certificate revoked, reclaims, and publishes the notice.
    `position`: how many steps were recorded when the form was shown; a form sent twice, or from a stale page,
    is refused instead of recording the step after it."""
    note = (note or "").strip()
    document_number = (document_number or "").strip()
    today = timezone.localdate()
    with transaction.atomic():
        case = (RevocationCase.objects.select_for_update(of=("self",))
                .select_related("application__cycle__rule_set", "application__cycle__city",
                                "application__organisation", "application__individual")
                .get(pk=case.pk))
        if case.state != RevocationCase.State.OPEN:
            raise TransitionNotAllowed(_("该案件已办结（%(state)s），不能再录入。")
                                       % {"state": case.get_state_display()})
        step = next_step(case)
        if step is None:
            raise TransitionNotAllowed(_("该案件的办理环节已全部录入。"))
        if position is not None and position != len(_recorded(case)):
            raise TransitionConflict(_("该案件刚刚已录入了新的办理环节，当前待办理：“%(kind)s”（%(body)s）。"
                                       "请查看最新办理情况后再操作。") % {"kind": step.kind.label, "body": step.body})
        if not may_record(actor, case, step):
            raise TransitionDenied(_("“%(kind)s”由%(body)s作出，须由%(role)s录入。") % {
                "kind": step.kind.label, "body": step.body, "role": role_name(step.by)})
        if not note:
            raise InvalidInput(_("请填写%(kind)s意见。") % {"kind": step.kind.label})
        if len(note) > NOTE_MAX:
            raise InvalidInput(_("意见不超过%(n)d字。") % {"n": NOTE_MAX})
        final = step.kind == RevocationStepKind.REVOCATION and agreed
        if final and not (document_number and decided_on):
            raise InvalidInput(_("撤销决定须填写%(body)s的决定文号和决定日期。") % {"body": step.body})
        if decided_on and decided_on > today:
            raise InvalidInput(_("决定日期不能晚于今天。"))
        if decided_on and decided_on < timezone.localtime(case.opened_at).date():
            raise InvalidInput(_("决定日期不能早于立案日期。"))
        if len(document_number) > RevocationCaseStep._meta.get_field("document_number").max_length:
            raise InvalidInput(_("文号过长。"))
        row = RevocationCaseStep(
            case=case, kind=step.kind.value, body=step.body, agreed=bool(agreed), note=note,
            document_number=document_number, decided_on=decided_on, actor=actor, actor_role=step.by.value,
            article=step.article,
        )
        if evidence:
            _check_evidence(evidence)
            row.evidence_name = (getattr(evidence, "name", "") or "")[:255]
            row.evidence.save(row.evidence_name or "evidence", evidence, save=False)
        row.save()
        if not agreed:
            _close(case, RevocationCase.State.DISMISSED)
        elif final:
            _revoke(case, row, actor)
            _close(case, RevocationCase.State.REVOKED)
    case.refresh_from_db()
    if case.state == RevocationCase.State.OPEN:
        _tell_next(case, actor_role=step.by)
    elif case.state == RevocationCase.State.DISMISSED and step.by == Role.COMMITTEE:
        _tell_office_dismissed(case, row)
    return row


def _close(case: RevocationCase, state: str) -> None:
    case.state = state
    case.closed_at = timezone.now()
    case.save(update_fields=["state", "closed_at"])


# -- the revocation itself ---------------------------------------------------------------------
def _bar_words(application: Application, ground: RevocationGround) -> str:
    """What the fraud bar means for this winner, where the ground bars reapplying and the rules give a length."""
    post_award = application.rules.post_award
    bar = post_award.fraud_bar
    if not post_award.bars_reapplying(ground.key) or bar.value is None:
        return ""
    if bar.value.years:
        return _("依%(article)s，%(n)d年内不得申报。") % {"article": bar.citation, "n": bar.value.years}
    if bar.value.cycles:
        return _("依%(article)s，此后%(n)d届内不得申报。") % {"article": bar.citation, "n": bar.value.cycles}
    return ""


def reason_text(case: RevocationCase, row: RevocationCaseStep) -> str:
    """What the winner reads (the audit record's reason): the body, its document, the ground, the article, what is
    reclaimed and the bar on applying again."""
    application = case.application
    rules = application.rules
    ground = ground_of(case)
    parts = [_("经%(body)s决定（%(number)s，%(day)s），依据《%(measure)s》%(article)s，撤销%(cycle)s“%(award)s”。"
               "撤销情形：%(ground)s。") % {
        "body": row.body, "number": row.document_number, "day": long_date(row.decided_on),
        "measure": rules.measure.title, "article": ground.article, "cycle": application.cycle.name,
        "award": application.award.name, "ground": ground.text}]
    if ground.reclaims and ground.reclaims.value:
        parts.append(_("依%(article)s收回%(items)s。") % {
            "article": ground.reclaims.citation, "items": join_list(k.label for k in ground.reclaims.value)})
    parts.append(_bar_words(application, ground))
    return "".join(p for p in parts if p)


def _end_re_evaluations(application: Application, row: RevocationCaseStep, actor) -> None:
    """A revoked award has nothing left to re-evaluate: an open 复评 ends (称号失效), with the reason recorded."""
    for open_one in ReEvaluation.objects.select_for_update().filter(application=application,
                                                                    outcome=ReEvaluation.Outcome.OPEN):
        ReEvaluationRecord.objects.create(
            re_evaluation=open_one, step=open_one.step, passed=False, actor=actor, actor_role=row.actor_role,
            article=row.article, note=_("奖项已撤销（%(number)s），复评终止。") % {"number": row.document_number})
        open_one.outcome = ReEvaluation.Outcome.LAPSED
        open_one.decided_at = timezone.now()
        open_one.save(update_fields=["outcome", "decided_at"])


def _revoke(case: RevocationCase, row: RevocationCaseStep, actor) -> None:
    application = case.application
    ground = ground_of(case)
    _end_re_evaluations(application, row, actor)
    offering.revoke_award(application, ground=ground.key, actor=actor, reason=reason_text(case, row),
                          on=row.decided_on)
    certificates.mark_revoked(application, on=row.decided_on, article=ground.article)
    if ground.reclaims and ground.reclaims.value:
        ledger.reclaim(application, kinds=ground.reclaims.value, on=row.decided_on, article=ground.reclaims.citation,
                       actor=actor, note=ground.reclaims.note or _("撤销奖项后收回"))
    publish_notice(case, row)


def notice_kind_of(ground: RevocationGround) -> PublicNoticeKind | None:
    """How the rules make this revocation public (公告, 通报, 曝光), or None where they name no public notice."""
    if ground.public_notice is None or ground.public_notice.value is None:
        return None
    return PublicNoticeKind(ground.public_notice.value)


def publish_notice(case: RevocationCase, row: RevocationCaseStep) -> Announcement | None:
    """The public notice of the revocation the ground's public_notice names; none where its value is null."""
    application = case.application
    rules = application.rules
    ground = ground_of(case)
    kind = notice_kind_of(ground)
    if kind is None:
        return None
    title = _("关于撤销%(winner)s%(cycle)s%(city)s%(award)s的%(kind)s") % {
        "winner": application.applicant_name, "cycle": application.cycle.name, "city": rules.name,
        "award": _award_words(application), "kind": kind.label}
    lines = [
        _("%(winner)s于%(cycle)s获得%(award)s。经查，该%(who)s存在以下情形：%(ground)s。") % {
            "winner": application.applicant_name, "cycle": application.cycle.name,
            "award": certificates.award_title(application), "ground": ground.text,
            "who": _("单位") if application.organisation_id else _("个人")},
        _("依据《%(measure)s》%(article)s，经%(body)s决定（%(number)s，%(day)s），撤销其%(award)s称号。") % {
            "measure": rules.measure.title, "article": ground.article, "body": row.body,
            "number": row.document_number, "day": long_date(row.decided_on),
            "award": certificates.award_title(application)},
    ]
    if ground.reclaims and ground.reclaims.value:
        lines.append(_("依%(article)s收回%(items)s。") % {
            "article": ground.reclaims.citation, "items": join_list(k.label for k in ground.reclaims.value)})
    bar = _bar_words(application, ground)
    if bar:
        lines.append(bar)
    lines.append(_("特此%(kind)s。") % {"kind": kind.label})
    return Announcement.objects.create(
        city=application.cycle.city, cycle=application.cycle, kind=Announcement.Kind.REVOCATION,
        notice_kind=kind.value, title=title[:200], body="\n".join(lines), document_number=row.document_number,
        published_on=row.decided_on, article=ground.public_notice.citation, application=application,
    )


def _award_words(application: Application) -> str:
    """The award after the city's name (市长质量奖, 质量贡献奖…)."""
    rules = application.rules
    name = certificates.award_title(application)
    return name[len(rules.name):] if name.startswith(rules.name) else name


# -- who is told -------------------------------------------------------------------------------
def _users_of(case: RevocationCase, role: Role):
    return list(access.city_group(case.application.cycle.city, role).user_set.filter(is_active=True).order_by("pk"))


def _tell_next(case: RevocationCase, *, actor_role: Role) -> None:
    """A to-do notice for the other role when the next step is theirs (office ↔ committee)."""
    step = next_step(case)
    if step is None or step.by == actor_role:
        return
    application = case.application
    done = len(_recorded(case))
    subject = _("【待办】撤销案件：%(name)s（%(ref)s）待%(kind)s") % {
        "name": application.applicant_name, "ref": application.reference, "kind": step.kind.label}
    lines = [
        _("撤销情形：%(ground)s（%(article)s）。") % {"ground": ground_of(case).text, "article": case.article},
        _("下一环节：%(kind)s，由%(body)s作出（%(article)s），请在门户中录入。") % {
            "kind": step.kind.label, "body": step.body, "article": step.article},
    ]
    pending = notices.tell(_users_of(case, step.by), event_key=f"revocation:{case.pk}:step:{done}",
                           subject=subject, lines=lines, application=application)
    email_later(pending)


def _tell_office_dismissed(case: RevocationCase, row: RevocationCaseStep) -> None:
    application = case.application
    pending = notices.tell(
        _users_of(case, Role.OFFICE), event_key=f"revocation:{case.pk}:dismissed",
        subject=_("撤销案件已结案：%(name)s（%(ref)s）不予撤销") % {
            "name": application.applicant_name, "ref": application.reference},
        lines=[_("%(body)s意见：%(note)s") % {"body": row.body, "note": row.note}], application=application)
    email_later(pending)


# -- rows for pages ----------------------------------------------------------------------------
def _cases():
    return (RevocationCase.objects
            .select_related("application__cycle__rule_set", "application__cycle__city", "application__organisation",
                            "application__individual", "opened_by")
            .defer("application__cycle__rule_set__content")
            .prefetch_related(Prefetch("steps", queryset=RevocationCaseStep.objects.select_related("actor"))))


def cases_of_city(city):
    """A city's cases, open first then closed, newest first (steps prefetched)."""
    return _cases().filter(application__cycle__city=city).order_by("-opened_at", "-pk")


def case_detail(pk: int) -> RevocationCase | None:
    return _cases().filter(pk=pk).first()


def awaiting_committee(cities) -> list[RevocationCase]:
    """Open cases of these cities whose next step the committee records."""
    open_cases = _cases().filter(application__cycle__city__in=cities, state=RevocationCase.State.OPEN)
    return [c for c in open_cases.order_by("opened_at", "pk") if (s := next_step(c)) and s.by == Role.COMMITTEE]


def decided_by_committee(cities):
    """Cases of these cities in which the committee recorded a step."""
    return (_cases().filter(application__cycle__city__in=cities, steps__actor_role=Role.COMMITTEE.value)
            .distinct().order_by("-opened_at", "-pk"))


def awarded_without_case(city):
    """The city's awarded applications with no open case (where the office may open one)."""
    return (Application.objects.with_rules().for_office(city).at_stage(Status.AWARDED)
            .select_related("organisation", "individual")
            .exclude(revocation_cases__state=RevocationCase.State.OPEN)
            .order_by("-cycle__year", "reference"))


# -- who may see what (registered in the permission table) ---------------------------------------
def office_case(user, case) -> access.Verdict:
    """A case of a city whose office the user belongs to."""
    if case is None or not access.is_office(user, case.application.cycle.city_id):
        return access.hide(_("没有这个撤销案件。"))
    return access.ALLOWED


def committee_pages(user, _obj=None) -> access.Verdict:
    """Members of a city's committee (the deciding body)."""
    if not access.cities_with(user, {Role.COMMITTEE}):
        return access.refuse(_("只有评审委员会（审议机构）成员可以使用此页面。"))
    return access.ALLOWED


def committee_case(user, case) -> access.Verdict:
    """A case of a city whose committee the user belongs to."""
    if case is None or not access.is_committee(user, case.application.cycle.city_id):
        return access.hide(_("没有这个撤销案件。"))
    return access.ALLOWED


def case_evidence(user, row) -> access.Verdict:
    """The evidence of a step: the office and the committee of the case's city."""
    if row is None or not row.evidence:
        return access.hide(_("没有这份证据材料。"))
    city = row.case.application.cycle.city_id
    if not (access.is_office(user, city) or access.is_committee(user, city)):
        return access.hide(_("没有这份证据材料。"))
    return access.ALLOWED


access.register("office.revocation", office_case)
access.register("committee.revocations", committee_pages)
access.register("committee.revocation", committee_case)
access.register("revocation.evidence", case_evidence)
