"""Demo data for the office side of intake, on top of the base demo (demo.base) and demo.intake.

Per city: the application waiting in eligibility gets a half-filled checklist; the one still with its
recommender is recommended and then gets a supplement request (一次性告知, two items) with its
补正通知书; one notice is marked as an e-mail that failed, for the 邮件发送失败 page. Idempotent.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from awards.domain import eligibility, supplements
from awards.models import Cycle, EligibilityCheck, Notice, SupplementRequest
from awards.workflow import Status
from cities.models import City
from demo.base import PUBLICITY_AGO, RECOMMENDED, each_city
from demo.walk import Cast, walk_to


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
            walk_to(candidate, Status.ELIGIBILITY, cast=Cast(office=office), since=today - PUBLICITY_AGO,
                    reason=RECOMMENDED)
            supplements.request(
                candidate, office,
                ["近三年经审计的财务报告（2023—2025年度）", "首席质量官任命文件及质量管理体系认证证书"],
                "请在补正期限内一并提交。",
            )

    refused = apps.filter(status=Status.INELIGIBLE).first()
    if refused:
        recipient = refused.organisation.group.user_set.first()
        award = refused.rules.title_of(refused.award_kind)
        if recipient:
            Notice.objects.get_or_create(
                event_key=f"demo:failed-email:{refused.pk}", recipient=recipient,
                defaults={
                    "application": refused,
                    "subject": f"【{city.name}{award}】您的申报{refused.reference}：不予受理",
                    "body": "（演示数据：该通知的邮件经多次重试仍未发出。）",
                    "email_status": Notice.EmailStatus.FAILED,
                    "email_attempts": 6,
                    "email_error": "SMTPRecipientsRefused: 550 mailbox unavailable（演示）",
                },
            )
    return [(office.username, f"{city.name}评审办公室：资格审查清单、补正、受理/不予受理通知书、邮件失败重发")]


def build_demo(today: datetime.date | None = None) -> list[tuple[str, str]]:
    return each_city(build_city, today)
