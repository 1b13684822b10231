"""Celery tasks of the honours app: a cycle's certificates in one job, and the winners' daily duties.

Each task is safe to run twice.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .domain import certificates, duties
from .models import CertificateBatch

log = logging.getLogger(__name__)


@shared_task
def make_certificate_batch(batch_id: int) -> str:
    """Render every live certificate of the batch's cycle to its PDF (batch.done counts up), then the zip archive.
    A failure leaves the batch FAILED with the error; running again resumes (rendered PDFs are kept)."""
    batch = CertificateBatch.objects.select_related("cycle__city").filter(pk=batch_id).first()
    if batch is None:
        return "missing"
    try:
        certificates.run_batch(batch)
    except Exception as exc:  # any failure (a font, the disk): the office sees it on the batch page
        log.exception("certificate batch %s failed", batch_id)
        certificates.fail_batch(batch_id, exc)
        return "failed"
    return "done"


def queue_batch(cycle, *, actor) -> CertificateBatch:
    """Start (or find running) the batch of a cycle; the job is queued once the transaction commits."""
    batch, created = certificates.start_batch(cycle, actor=actor)
    if created:
        transaction.on_commit(lambda: make_certificate_batch.delay(batch.pk))
    return batch


@shared_task
def duties_daily() -> dict:
    """Every day: reminders before yearly reports fall due and before awards expire, and overdue reports onto
    the office's queue (honours.domain.duties)."""
    today = timezone.localdate()
    return {
        "due_reminders": _count(duties.send_due_reminders(today)),
        "expiry_reminders": _count(duties.send_expiry_reminders(today)),
        "overdue": _count(duties.mark_overdue(today)),
    }


def _count(result) -> int:
    if result is None:
        return 0
    if isinstance(result, int):
        return result
    return len(result)
