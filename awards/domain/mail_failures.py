"""Notice e-mails that failed after every retry, or are late (still queued, or claimed by a worker that died, for
longer than NOTICE_EMAIL_DELAYED_MINUTES, e.g. while the broker was down): listed for the city's office as
发送失败 / 延迟, and sent again on request."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from cities.models import City
from core.errors import InvalidInput, TransitionDenied

from ..models import Notice, NoticeResend
from ..tasks import queue_emails
from . import access
from .notices import SENDING


def _late(now) -> Q:
    cutoff = now - timedelta(minutes=settings.NOTICE_EMAIL_DELAYED_MINUTES)
    return Q(email_status__in=[Notice.EmailStatus.PENDING, SENDING], created_at__lt=cutoff)


def failed_for(city: City) -> QuerySet:
    """The city's notices whose e-mail failed for good or is late; each row says which (`delayed`)."""
    late = _late(timezone.now())
    return (
        Notice.objects.filter(Q(email_status=Notice.EmailStatus.FAILED) | late, application__cycle__city=city)
        .annotate(delayed=Case(When(late, then=Value(True)), default=Value(False), output_field=BooleanField()))
        .select_related("recipient", "application")
        .order_by("-created_at", "-pk")
    )


def resend(notice: Notice, actor) -> NoticeResend:
    """Queue the e-mail again (the Celery task retries on its own as before). Logged, append-only."""
    if notice.application_id is None or not access.is_office(actor, notice.application.cycle.city_id):
        raise TransitionDenied(_("您无权重新发送该通知。"))
    if not Notice.objects.filter(Q(email_status=Notice.EmailStatus.FAILED) | _late(timezone.now()),
                                 pk=notice.pk).exists():
        raise InvalidInput(_("该通知的邮件并非发送失败状态，无需重新发送。"))
    with transaction.atomic():
        log = NoticeResend.objects.create(notice=notice, requested_by=actor, previous_error=notice.email_error)
        # A late notice stuck in SENDING (its worker died) may have gone out already: the office asked, so again.
        Notice.objects.filter(pk=notice.pk).update(email_status=Notice.EmailStatus.PENDING)
        transaction.on_commit(lambda: queue_emails([notice.pk]))  # never raises: the beat queues it otherwise
    return log
