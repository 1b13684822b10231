"""Notice e-mails that failed after every retry: listed for the city's office, and sent again on request."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cities.models import City
from core.errors import InvalidInput, TransitionDenied

from ..models import Notice, NoticeResend
from ..tasks import send_notice_email
from . import access


def failed_for(city: City) -> QuerySet:
    return (
        Notice.objects.filter(email_status=Notice.EmailStatus.FAILED, application__cycle__city=city)
        .select_related("recipient", "application")
        .order_by("-created_at", "-pk")
    )


def resend(notice: Notice, actor) -> NoticeResend:
    """Queue the e-mail again (the Celery task retries on its own as before). Logged, append-only."""
    if notice.application_id is None or not access.is_office(actor, notice.application.cycle.city_id):
        raise TransitionDenied(_("您无权重新发送该通知。"))
    if notice.email_status != Notice.EmailStatus.FAILED:
        raise InvalidInput(_("该通知的邮件并非发送失败状态，无需重新发送。"))
    with transaction.atomic():
        log = NoticeResend.objects.create(notice=notice, requested_by=actor, previous_error=notice.email_error)
        Notice.objects.filter(pk=notice.pk).update(email_status=Notice.EmailStatus.PENDING)
        transaction.on_commit(lambda: send_notice_email.delay(notice.pk))
    return log
