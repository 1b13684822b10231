"""Publicity (公示), a recommender's local publicity and a public comment period: one mechanism.

A publicity lists applications that are in one stage; its end date comes from the city's period
(calendar or working days). The scheduler closes it after its last day; closing is claimed with a
conditional UPDATE, so running the task twice closes it once.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from cities.calendar import period_span
from cities.schema import Role

from .. import guards
from ..models import Application, Cycle, Objection, Publicity, PublicityEntry, RecommenderUnit
from ..workflow import ROLE_PERMISSIONS, Status, staff_label
from . import lifecycle
from .errors import InvalidInput, TransitionDenied


def publish(*, cycle: Cycle, stage: str, applications: list[Application], actor,
            recommender: RecommenderUnit | None = None, starts_on: date | None = None,
            title: str = "") -> Publicity:
    rules = cycle.rules
    stage_rule = rules.stage(stage)
    if stage_rule is None or not stage_rule.advance_after_period:
        raise InvalidInput(f"{cycle.city.name}的流程中没有“{staff_label(stage)}”公示环节。")
    if not applications:
        raise InvalidInput("公示名单不能为空。")
    role = Role.RECOMMENDER if recommender else Role.OFFICE
    for application in applications:
        if application.cycle_id != cycle.pk or application.status != stage:
            raise InvalidInput(f"{application.reference}不在“{staff_label(stage, rules)}”阶段，不能列入公示。")
        if not actor.has_perm(ROLE_PERMISSIONS[role], application):
            raise TransitionDenied(f"您无权公示申报{application.reference}。")
    period = rules.periods[stage_rule.period]
    window = period_span(starts_on or timezone.localdate(), period)
    with transaction.atomic():
        publicity = Publicity.objects.create(
            cycle=cycle, stage=stage, recommender=recommender,
            title=title or f"{cycle}{staff_label(stage, rules)}",
            starts_on=window.start, ends_on=window.end, end_unconfirmed=not window.confirmed,
            article=period.article or stage_rule.article, published_by=actor,
        )
        PublicityEntry.objects.bulk_create(
            PublicityEntry(publicity=publicity, application=a, summary=a.applicant_name) for a in applications
        )
        Application.objects.filter(pk__in=[a.pk for a in applications]).update(
            stage_deadline=window.end, stage_deadline_unconfirmed=not window.confirmed
        )
        for application in applications:
            application.stage_deadline = window.end
            application.stage_deadline_unconfirmed = not window.confirmed
    return publicity


def is_open(publicity: Publicity, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return publicity.closed_at is None and publicity.starts_on <= today <= publicity.ends_on


def file_objection(entry: PublicityEntry, *, name: str, contact: str, text: str) -> Objection:
    problems = [label for label, value in (("异议人", name), ("联系方式", contact), ("异议内容", text))
                if not (value or "").strip()]
    if problems:
        raise InvalidInput("请填写：" + "、".join(problems) + "。")
    if not is_open(entry.publicity):
        raise InvalidInput("该公示不在公示期内，不能再提出异议。")
    return Objection.objects.create(entry=entry, name=name.strip(), contact=contact.strip(), text=text.strip())


def _advance_if_due(application: Application) -> None:
    stage = application.rules.stage(application.status)
    if stage and stage.actor == Role.SYSTEM:
        lifecycle.perform(application, "advance", None, reason="公示（征求意见）期满，无未处理异议")


def resolve_objection(objection: Objection, *, sustained: bool, resolution: str, actor) -> None:
    objection = Objection.objects.select_related("entry__publicity", "entry__application").get(pk=objection.pk)
    application = objection.entry.application
    if not actor.has_perm(ROLE_PERMISSIONS[Role.OFFICE], application):
        raise TransitionDenied("您无权处理该异议。")
    if not (resolution or "").strip():
        raise InvalidInput("请填写异议处理意见。")
    if objection.outcome != Objection.Outcome.OPEN:
        raise InvalidInput("该异议已处理。")
    with transaction.atomic():
        objection.outcome = Objection.Outcome.SUSTAINED if sustained else Objection.Outcome.DISMISSED
        objection.resolution = resolution.strip()
        objection.resolved_at = timezone.now()
        objection.save()
        publicity = objection.entry.publicity
        if application.status != publicity.stage:
            return
        if sustained:
            lifecycle.perform(application, "stop", actor, reason=f"异议成立：{resolution.strip()}",
                              article=publicity.article)
        elif publicity.closed_at is not None and publicity.ends_on < timezone.localdate():
            _advance_if_due(application)


def close(publicity: Publicity) -> bool:
    """Close one publicity after its end: advance what the scheduler may advance. True if this call closed it."""
    with transaction.atomic():
        claimed = Publicity.objects.filter(pk=publicity.pk, closed_at__isnull=True).update(closed_at=timezone.now())
        if not claimed:
            return False
        entries = publicity.entries.select_related("application__cycle__rule_set")
        for entry in entries:
            application = entry.application
            if application.status == publicity.stage and not application.is_final:
                if guards.no_open_objection(application):
                    _advance_if_due(application)
    return True


def close_due(today: date | None = None) -> list[int]:
    today = today or timezone.localdate()
    due = Publicity.objects.filter(closed_at__isnull=True, ends_on__lt=today).order_by("pk")
    return [p.pk for p in due if close(p)]


__all__ = ["publish", "file_objection", "resolve_objection", "close", "close_due", "is_open", "Status"]
