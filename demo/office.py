"""Demo data for the office side of intake, on top of the base demo (awards.demo) and awards.demo_intake.

Per city: the application waiting in eligibility gets a half-filled checklist; the one still with its
recommender is recommended and then gets a supplement request (一次性告知, two items) with its
补正通知书; one notice is marked as an e-mail that failed, for the 邮件发送失败 page. Idempotent.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from awards.domain import eligibility, lifecycle, publicity, supplements
from awards.models import Application, Cycle, EligibilityCheck, Notice, SupplementRequest
from awards.workflow import Status
from cities.models import City
from cities.schema import Role


def _recommend(application: Application, office: User, today: datetime.date) -> None:
    """Walk an application from its first stage to eligibility, as the base demo does."""
    rules = application.rules
    while application.status != Status.ELIGIBILITY:
        stage = rules.stage(application.status)
        by_recommender = stage.actor == Role.RECOMMENDER
        actor = application.recommender.group.user_set.first() if by_recommender else office
        if stage.advance_after_period:
            publicity.publish(
                cycle=application.cycle, stage=application.status, applications=[application], actor=actor,
                recommender=application.recommender if by_recommender else None,
                starts_on=today - datetime.timedelta(days=30),
            )
        lifecycle.perform(application, "advance", actor, reason="材料齐全，同意推荐")


def build_city(city: City, today: datetime.date) -> list[tuple[str, str]]:
    cycle = Cycle.objects.filter(city=city, year=today.year).first()
    office = User.objects.filter(username=f"{city.code}_office").first()
    if cycle is None or office is None:
        return []
    apps = cycle.applications.filter(organisation__isnull=False).select_related("recommender").order_by("pk")

    waiting = apps.filter(status=Status.ELIGIBILITY).first()
    if waiting and not EligibilityCheck.objects.filter(application=waiting).exists():
        lines = eligibility.checklist(waiting.rules, waiting.applicant_kind)
        half = {line.field: ("meets", "") for line in lines[: len(lines) // 2]}
        eligibility.save_check(waiting, office, half)

    if not SupplementRequest.objects.filter(application__cycle=cycle).exists():
        first_stage = cycle.rules.stages_for("organisation")[0].kind.value
        candidate = apps.filter(status=first_stage, recommender__isnull=False).first()
        if candidate:
            _recommend(candidate, office, today)
            supplements.request(
                candidate, office,
                ["近三年经审计的财务报告（2023—2025年度）", "首席质量官任命文件及质量管理体系认证证书"],
                "请在补正期限内一并提交。",
            )

    refused = apps.filter(status=Status.INELIGIBLE).first()
    if refused:
        recipient = refused.organisation.group.user_set.first()
        if recipient:
            Notice.objects.get_or_create(
                event_key=f"demo:failed-email:{refused.pk}", recipient=recipient,
                defaults={
                    "application": refused,
                    "subject": f"【{city.name}{refused.rules.title_of(refused.award_kind)}】您的申报{refused.reference}：不予受理",
                    "body": "（演示数据：该通知的邮件经多次重试仍未发出。）",
                    "email_status": Notice.EmailStatus.FAILED,
                    "email_attempts": 6,
                    "email_error": "SMTPRecipientsRefused: 550 mailbox unavailable（演示）",
                },
            )
    return [(office.username, f"{city.name}评审办公室：资格审查清单、补正、受理/不予受理通知书、邮件失败重发")]


def build_demo(today: datetime.date | None = None) -> list[tuple[str, str]]:
    today = today or timezone.localdate()
    logins = []
    for city in City.objects.order_by("code"):
        with transaction.atomic():
            logins += build_city(city, today)
    return logins
