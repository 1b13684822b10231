"""Celery tasks, and the receivers that queue them when the lifecycle says something happened.

The notices are an outbox: their rows are written in the transaction of the change (awards.domain.notices), and
these tasks only e-mail them. Each task is safe to run twice (a notice is claimed before it is e-mailed), and
queuing never raises into a request: with the broker down the notice stays PENDING and the beat task
`requeue_undelivered` queues it again later. The receivers are connected when this module loads (awards.apps
imports it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import shared_task
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from . import signals
from .domain import complaints, notices, publicity
from .models import AuditEntry, Notice

log = logging.getLogger(__name__)

# One quick retry (which also revives a pooled connection the broker closed), not Celery's default of three with
# back-off: a request must not wait on a broker that is down.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def publish(task, *args) -> bool:
    """Queue one task; never raises. False (logged) when the broker cannot take it: what it was to do stays
    recorded in the database, and requeue_undelivered queues it again once the broker is back."""
    try:
        task.apply_async(args=args, retry=True, retry_policy=PUBLISH_RETRY)
    except Exception:  # broker down, connection refused or reset, a timeout: the outbox row stays PENDING
        log.warning("could not queue %s%r; left for requeue_undelivered", task.name, args, exc_info=True)
        return False
    return True


def queue_emails(notice_ids: Iterable[int]) -> int:
    """Queue the e-mail of each notice; stops at the first broker failure (the rest wait for the beat task).
    Returns how many were queued."""
    queued = 0
    for pk in notice_ids:
        if not publish(send_notice_email, pk):
            break
        queued += 1
    return queued


def email_later(pending: list[Notice]) -> None:
    """Queue the e-mail of notices made outside a transition (notices.tell), once the transaction commits."""
    ids = [n.pk for n in pending]
    if ids:
        transaction.on_commit(lambda: queue_emails(ids))


@shared_task
def notify_transition(audit_entry_id: int) -> int:
    """Make sure one transition's notices exist (lifecycle.perform writes them) and queue their e-mail."""
    entry = AuditEntry.objects.select_related("application__cycle__rule_set").get(pk=audit_entry_id)
    pending = notices.notices_for_transition(entry)
    return queue_emails(n.pk for n in pending)


@shared_task(bind=True, acks_late=True)
def send_notice_email(self, notice_id: int) -> str:
    """E-mail one notice, at most once: claimed first, so a second run (a redelivered message, the beat's
    requeue, a retry) does nothing. A transport failure is retried with back-off, then marked failed for staff."""
    if not notices.claim_email(notice_id):
        return "already"
    notice = Notice.objects.select_related("recipient").get(pk=notice_id)
    try:
        return notices.email_claimed(notice)
    except Exception as exc:  # any transport failure: email_claimed released the claim or marked it failed
        if notices.attempts_used_up(notice.email_attempts):
            log.error("notice %s: e-mail failed after %s tries: %s", notice_id, notice.email_attempts, exc)
            return "failed"
        raise self.retry(exc=exc, countdown=notices.retry_delay(notice.email_attempts), max_retries=None) from exc


@shared_task(bind=True, max_retries=5, acks_late=True)
def email_objection_outcome(self, objection_id: int) -> str:
    """Tell an objector with an e-mail contact the outcome of the objection (safe to run twice)."""
    try:
        return publicity.email_objection_outcome(objection_id)
    except Exception as exc:  # transport failure: the claim was released; try again later
        raise self.retry(exc=exc, countdown=min(3600, 60 * 2**self.request.retries)) from exc


@shared_task(bind=True, max_retries=5, acks_late=True)
def email_complaint_answer(self, complaint_id: int) -> str:
    """Tell a complainant with an e-mail contact the answer to the complaint (safe to run twice)."""
    try:
        return complaints.email_answer(complaint_id)
    except Exception as exc:  # transport failure: the claim was released; try again later
        raise self.retry(exc=exc, countdown=min(3600, 60 * 2**self.request.retries)) from exc


@shared_task
def close_due_publicities() -> list[int]:
    closed = publicity.close_due()
    if closed:
        log.info("closed publicities %s", closed)
    return closed


@shared_task
def requeue_undelivered() -> int:
    """Beat: queue again every e-mail that should have gone by now (notices still PENDING, objection outcomes not
    yet e-mailed). Running it twice queues twice, and still each e-mail goes once (the tasks claim first)."""
    now = timezone.now()
    queued = queue_emails(notices.undelivered(now))
    for pk in publicity.outcome_emails_due(now):
        if not publish(email_objection_outcome, pk):
            break
        queued += 1
    if queued:
        log.info("requeued %s undelivered e-mails", queued)
    return queued


@receiver(signals.transition_done, dispatch_uid="awards.tasks.queue_transition_notices")
def queue_transition_notices(sender, entry, **kwargs):
    """The transition's notices were written with it: queue their e-mail."""
    queue_emails(Notice.objects.filter(audit_entry=entry, email_status=Notice.EmailStatus.PENDING)
                 .order_by("pk").values_list("pk", flat=True))


@receiver(signals.objection_resolved, dispatch_uid="awards.tasks.queue_objection_outcome_email")
def queue_objection_outcome_email(sender, objection, **kwargs):
    if publicity.looks_like_email(objection.contact):
        publish(email_objection_outcome, objection.pk)


@receiver(signals.complaint_answered, dispatch_uid="awards.tasks.queue_complaint_answer")
def queue_complaint_answer(sender, complaint, notice_ids=(), **kwargs):
    """The complainant's inbox notice (signed in) or the e-mail to the address given."""
    queue_emails(notice_ids)
    if complaint.filed_by_id is None and complaints.looks_like_email(complaint.contact):
        publish(email_complaint_answer, complaint.pk)


@receiver(signals.notices_written, dispatch_uid="awards.tasks.queue_written_notices")
def queue_written_notices(sender, notice_ids=(), **kwargs):
    """Notices written outside a transition (an objection's next step for another body): queue their e-mail."""
    queue_emails(notice_ids)
