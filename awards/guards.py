"""Conditions on transitions. Each reads the application's pinned rules and says, in Chinese, why not.

Conditions that belong to other apps (the expert review, the ranking) are registered in awards.checks instead.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import ObjectionOutcome, Status


def guard(message):
    def decorate(func):
        func.message = message
        return func

    return decorate


@guard(_("本周期不在申报期内（申报截止日期已过或尚未开始），或退回修改的期限已过。"))
def cycle_open(application) -> bool:
    today = timezone.localdate()
    if is_returned(application):
        # Submitted in time and returned for correction: it may come back until the return's deadline.
        return application.stage_deadline is None or today <= application.stage_deadline
    cycle = application.cycle
    return cycle.call_published_on <= today <= cycle.applications_close_on


def is_returned(application) -> bool:
    """A draft that was submitted before and returned by the recommender for correction."""
    return application.submitted_at is not None and application.status == Status.DRAFT


@guard(_("该城市本周期不设此奖项，或奖项与申报类型不符。"))
def award_kind_offered(application) -> bool:
    try:
        award = application.rules.award_kind(application.award_kind)
    except KeyError:
        return False
    return award.applicant_kind == application.applicant_kind


@guard(_("本阶段须待公示（征求意见）期满后方可进入下一阶段。"))
def period_over_if_required(application) -> bool:
    stage = application.rules.stage(application.status)
    if stage is None or not stage.advance_after_period:
        return True
    deadline = application.stage_deadline
    return deadline is not None and timezone.localdate() > deadline


@guard(_("本阶段尚有未处理的异议，须先处理异议。"))
def no_open_objection(application) -> bool:
    return not application.publicity_entries.filter(
        publicity__stage=application.status, objections__outcome=ObjectionOutcome.OPEN,
    ).exists()
