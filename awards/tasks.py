"""Celery tasks, and the receivers that queue them when the lifecycle says something happened.

Each task is safe to run twice. The receivers are connected when this module loads (awards.apps imports it).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.dispatch import receiver

from . import signals
from .domain import notices, publicity
from .models import AuditEntry, Notice

log = logging.getLogger(__name__)

@shared_task
def notify_transition(audit_entry_id: int) -> int:
    entry = AuditEntry.objects.select_related("application__cycle__rule_set").get(pk=audit_entry_id)
    pending = notices.notices_for_transition(entry)
    for notice in pending:
        send_notice_email.delay(notice.pk)
    return len(pending)


@shared_task(bind=True)
def send_notice_email(self, notice_id: int) -> str:
    notice = Notice.objects.select_related("recipient").get(pk=notice_id)
    max_retries = settings.NOTICE_EMAIL_MAX_RETRIES
    try:
        notices.email_notice(notice)
    except Exception as exc:  # any transport failure: record it, retry, and show staff when we give up
        final = self.request.retries >= max_retries
        Notice.objects.filter(pk=notice_id).update(
            email_attempts=F("email_attempts") + 1,
            email_error=f"{type(exc).__name__}: {exc}",
            email_status=Notice.EmailStatus.FAILED if final else Notice.EmailStatus.PENDING,
        )
        if final:
            log.error("notice %s: e-mail failed after %s tries: %s", notice_id, self.request.retries + 1, exc)
            return "failed"
        countdown = min(3600, settings.NOTICE_EMAIL_RETRY_SECONDS * 2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown, max_retries=max_retries) from exc
    Notice.objects.filter(pk=notice_id).update(email_attempts=F("email_attempts") + 1)
    return "sent"


@shared_task(bind=True, max_retries=5)
def email_objection_outcome(self, objection_id: int) -> str:
    """Tell an objector with an e-mail contact the outcome of the objection (safe to run twice)."""
    try:
        return publicity.email_objection_outcome(objection_id)
    except Exception as exc:  # transport failure: the claim was released; try again later
        raise self.retry(exc=exc, countdown=min(3600, 60 * 2**self.request.retries)) from exc


def email_later(pending: list[Notice]) -> None:
    """Queue the e-mail of notices made outside a transition (notices.tell), once the transaction commits."""
    ids = [n.pk for n in pending]
    transaction.on_commit(lambda: [send_notice_email.delay(pk) for pk in ids])


@shared_task
def close_due_publicities() -> list[int]:
    closed = publicity.close_due()
    if closed:
        log.info("closed publicities %s", closed)
    return closed


@receiver(signals.transition_done, dispatch_uid="awards.tasks.queue_transition_notices")
def queue_transition_notices(sender, entry, **kwargs):
    notify_transition.delay(entry.pk)


@receiver(signals.objection_resolved, dispatch_uid="awards.tasks.queue_objection_outcome_email")
def queue_objection_outcome_email(sender, objection, **kwargs):
    if publicity.looks_like_email(objection.contact):
        email_objection_outcome.delay(objection.pk)
