"""Notices: an inbox entry per recipient and an e-mail, both made by Celery tasks after commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from cities.schema import Role

from ..models import AuditEntry, Notice
from ..workflow import Status, applicant_label, staff_label
from . import access


def notices_for_transition(entry: AuditEntry) -> list[Notice]:
    """Create (once) the inbox notices for one audit entry. Returns the notices still to e-mail."""
    application = entry.application
    rules = application.rules
    state = applicant_label(entry.to_state, rules)
    subject = f"【{rules.name}市长质量奖】您的申报{application.reference}：{state}"
    lines = [
        f"{application.applicant_name}：",
        f"您申报的“{application.award.name}”（{application.cycle}）当前状态：{state}。",
    ]
    if entry.reason:
        lines.append(f"说明：{entry.reason}")
    if entry.article:
        lines.append(f"依据：《{rules.measure.title}》{entry.article}。")
    if application.stage_deadline and entry.to_state == Status.SUPPLEMENT_REQUESTED:
        lines.append(f"请于{application.stage_deadline:%Y年%m月%d日}前提交补正材料。")
    body = "\n".join(lines)
    created = []
    for user in access.applicant_users(application):
        notice, _ = Notice.objects.get_or_create(
            event_key=f"audit:{entry.pk}", recipient=user,
            defaults={"application": application, "audit_entry": entry, "subject": subject, "body": body},
        )
        if notice.email_status == Notice.EmailStatus.PENDING:
            created.append(notice)
    created += _to_do_notices(entry)
    return created


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
    subject = f"【待办】{application.reference} {application.applicant_name}：{stage_name}"
    lines = [f"申报“{application.award.name}”（{application.cycle}）已进入“{stage_name}”，请及时办理。"]
    if application.stage_deadline:
        lines.append(f"办理期限：{application.stage_deadline:%Y年%m月%d日}。")
    body = "\n".join(lines)
    created = []
    for user in _next_actors(application, entry.to_state):
        notice, _ = Notice.objects.get_or_create(
            event_key=f"audit:{entry.pk}:to-do", recipient=user,
            defaults={"application": application, "audit_entry": entry, "subject": subject, "body": body},
        )
        if notice.email_status == Notice.EmailStatus.PENDING:
            created.append(notice)
    return created


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
