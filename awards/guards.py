"""Conditions on transitions. Each reads the application's pinned rules and says, in Chinese, why not."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def guard(message):
    def decorate(func):
        func.message = message
        return func

    return decorate


@guard(_("本周期不在申报期内（申报截止日期已过或尚未开始）。"))
def cycle_open(application) -> bool:
    today = timezone.localdate()
    cycle = application.cycle
    return cycle.call_published_on <= today <= cycle.applications_close_on


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
    from .models import Objection

    return not Objection.objects.filter(
        entry__application=application,
        entry__publicity__stage=application.status,
        outcome=Objection.Outcome.OPEN,
    ).exists()


@guard(_("本环节的评审组尚未记录共识评分（评审结果），不能进入下一阶段。"))
def expert_review_done(application) -> bool:
    """Where a panel reviews the application at this stage, its leader must have recorded the consensus.

    Stages without an expert panel assigned (or cities that do the stage outside the portal) pass.
    """
    from django.apps import apps

    assignment = apps.get_model("reviews", "Assignment")
    consensus = apps.get_model("reviews", "Consensus")
    reviewed = assignment.objects.filter(application=application, panel__stage=application.status,
                                         state="active").exists()
    if not reviewed:
        return True
    return consensus.objects.filter(application=application, stage=application.status).exists()
