"""Notices, a transactional outbox: the inbox rows are written in the caller's transaction (lifecycle.perform
writes a transition's notices with its audit entry); their e-mail is sent afterwards by Celery
(awards.tasks.send_notice_email), which first claims the row with a conditional UPDATE, so a notice is e-mailed
at most once however often its task runs. A PENDING notice is still to e-mail; the beat task
awards.tasks.requeue_undelivered queues again whatever stayed PENDING (a broker that was down, a lost message).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone
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


# The event key's ending of a to-do notice: done once the application left the state it was sent for
# (awards.domain.todo.with_notice_state; the inbox shows it 已处理).
TO_DO_KEY = ":to-do"


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
    return _deliver(entry, f"audit:{entry.pk}{TO_DO_KEY}", _next_actors(application, entry.to_state), subject, lines)


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


# The e-mail of a notice is being sent: claimed by one task (see claim_email). A notice left SENDING by a killed
# worker shows as delayed in the office's list and is not sent again on its own (at most once), only when the
# office asks (mail_failures.resend).
SENDING = Notice.EmailStatus.SENDING


def claim_email(notice_id: int) -> bool:
    """Take the right to e-mail one notice: PENDING → SENDING, counting the attempt. False if another task holds
    it, or it is sent, failed for good, or has no address: the caller then does nothing."""
    return bool(Notice.objects.filter(pk=notice_id, email_status=Notice.EmailStatus.PENDING).update(
        email_status=SENDING, email_attempts=F("email_attempts") + 1))


def email_claimed(notice: Notice) -> str:
    """Send one claimed notice by e-mail and record it SENT (or NO_ADDRESS). On a transport failure the claim is
    released to PENDING, or FAILED once the attempts are used up (for staff to see), and the error re-raised."""
    address = notice.recipient.email
    if not address:
        Notice.objects.filter(pk=notice.pk, email_status=SENDING).update(email_status=Notice.EmailStatus.NO_ADDRESS)
        return "no_address"
    try:
        send_mail(notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
    except Exception as exc:  # any transport failure: release the claim, the task retries
        final = attempts_used_up(notice.email_attempts)
        Notice.objects.filter(pk=notice.pk, email_status=SENDING).update(
            email_error=f"{type(exc).__name__}: {exc}"[:2000],
            email_status=Notice.EmailStatus.FAILED if final else Notice.EmailStatus.PENDING,
        )
        raise
    Notice.objects.filter(pk=notice.pk, email_status=SENDING).update(
        email_status=Notice.EmailStatus.SENT, email_error="")
    return "sent"


def attempts_used_up(attempts: int) -> bool:
    """The first try and NOTICE_EMAIL_MAX_RETRIES retries."""
    return attempts > settings.NOTICE_EMAIL_MAX_RETRIES


def retry_delay(attempts: int) -> int:
    """Seconds before the next try after `attempts` tries (exponential back-off, at most an hour)."""
    return min(3600, settings.NOTICE_EMAIL_RETRY_SECONDS * 2 ** max(0, attempts - 1))


def delay_minutes() -> int:
    return settings.NOTICE_EMAIL_DELAYED_MINUTES


def undelivered(now=None, limit: int = 500) -> list[int]:
    """PENDING notices whose e-mail should have gone by now: older than NOTICE_EMAIL_DELAYED_MINUTES plus the
    back-off of the tries already made (a notice waiting for its retry is left to it)."""
    now = now or timezone.now()
    grace = timedelta(minutes=delay_minutes())
    rows = (Notice.objects.filter(email_status=Notice.EmailStatus.PENDING, created_at__lt=now - grace)
            .order_by("pk").values_list("pk", "created_at", "email_attempts")[:limit])
    due = []
    for pk, created_at, attempts in rows:
        backoff = sum(retry_delay(n) for n in range(1, attempts + 1))
        if created_at + grace + timedelta(seconds=backoff) < now:
            due.append(pk)
    return due


def delayed(queryset, now=None):
    """Of these notices, those whose e-mail is late: PENDING or stuck in SENDING for longer than
    NOTICE_EMAIL_DELAYED_MINUTES."""
    now = now or timezone.now()
    return queryset.filter(email_status__in=[Notice.EmailStatus.PENDING, SENDING],
                           created_at__lt=now - timedelta(minutes=delay_minutes()))
