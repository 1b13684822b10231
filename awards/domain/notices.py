"""Notices: an inbox entry per recipient and an e-mail, both made by Celery tasks after commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from cities.schema import Role
from core.i18n import long_date

from ..models import AuditEntry, Notice
from ..workflow import Status, applicant_label, staff_label
from . import access


def notices_for_transition(entry: AuditEntry) -> list[Notice]:
    """Create (once) the inbox notices for one audit entry. Returns the notices still to e-mail."""
    application = entry.application
    rules = application.rules
    state = applicant_label(entry.to_state, rules)
    subject = _("【%(city)s%(award)s】您的申报%(ref)s：%(state)s") % {
        "city": rules.name, "award": rules.title_of(application.award_kind), "ref": application.reference,
        "state": state}
    lines = [
        _("%(name)s：") % {"name": application.applicant_name},
        _("您申报的“%(award)s”（%(cycle)s）当前状态：%(state)s。") % {
            "award": application.award.name, "cycle": application.cycle, "state": state},
    ]
    if entry.reason:
        lines.append(_("说明：%(reason)s") % {"reason": entry.reason})
    if entry.article:
        lines.append(_("依据：《%(measure)s》%(article)s。") % {
            "measure": rules.measure.title, "article": entry.article})
    if application.stage_deadline and entry.to_state == Status.SUPPLEMENT_REQUESTED:
        lines.append(_("请于%(date)s前提交补正材料。") % {"date": long_date(application.stage_deadline)})
    pending = _deliver(entry, f"audit:{entry.pk}", access.applicant_users(application), subject, lines)
    return pending + _to_do_notices(entry)


def _deliver(entry: AuditEntry, event_key: str, users, subject: str, lines: list[str]) -> list[Notice]:
    """One inbox notice per user for this event, created once (a retried task finds them); those still to e-mail."""
    body = "\n".join(lines)
    pending = []
    for user in users:
        notice, _created = Notice.objects.get_or_create(
            event_key=event_key, recipient=user,
            defaults={"application": entry.application, "audit_entry": entry, "subject": subject, "body": body},
        )
        if notice.email_status == Notice.EmailStatus.PENDING:
            pending.append(notice)
    return pending


def _next_actors(application, to_state: str):
    """The people who must act on the stage just entered: the recommender unit or the city's office."""
    stage = application.rules.stage(to_state)
    if stage is None:
        return []
    if stage.actor == Role.RECOMMENDER and application.recommender_id:
        return list(application.recommender.group.user_set.filter(is_active=True))
    if stage.actor == Role.OFFICE:
        return list(access.city_group(application.cycle.city, Role.OFFICE).user_set.filter(is_active=True))
    return []


def _to_do_notices(entry: AuditEntry) -> list[Notice]:
    """A to-do notice for whoever acts next, e.g. the office when an applicant answers a supplement request."""
    application = entry.application
    rules = application.rules
    stage_name = staff_label(entry.to_state, rules)
    subject = _("【待办】%(ref)s %(name)s：%(stage)s") % {
        "ref": application.reference, "name": application.applicant_name, "stage": stage_name}
    lines = [_("申报“%(award)s”（%(cycle)s）已进入“%(stage)s”，请及时办理。") % {
        "award": application.award.name, "cycle": application.cycle, "stage": stage_name}]
    if application.stage_deadline:
        lines.append(_("办理期限：%(date)s。") % {"date": long_date(application.stage_deadline)})
    return _deliver(entry, f"audit:{entry.pk}:to-do", _next_actors(application, entry.to_state), subject, lines)


def tell(users, *, event_key: str, subject: str, lines: list[str], application=None) -> list[Notice]:
    """Inbox notices for an event that is not a status change (a reminder, a consequence recorded, a certificate
    ready), created once per user and event; returns those still to e-mail (awards.tasks.send_notice_email)."""
    body = "\n".join(str(line) for line in lines)
    pending = []
    for user in users:
        notice, _created = Notice.objects.get_or_create(
            event_key=event_key, recipient=user,
            defaults={"application": application, "subject": str(subject), "body": body},
        )
        if notice.email_status == Notice.EmailStatus.PENDING:
            pending.append(notice)
    return pending


def email_notice(notice: Notice) -> None:
    """Send one notice by e-mail. Raises on failure so the task can retry."""
    if notice.email_status == Notice.EmailStatus.SENT:
        return
    address = notice.recipient.email
    if not address:
        Notice.objects.filter(pk=notice.pk).update(email_status=Notice.EmailStatus.NO_ADDRESS)
        return
    send_mail(notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
    Notice.objects.filter(pk=notice.pk).update(email_status=Notice.EmailStatus.SENT, email_error="")
