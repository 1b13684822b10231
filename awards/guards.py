"""Conditions on transitions. Each reads the application's pinned rules and says, in Chinese, why not."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    return application.submitted_at is not None and application.status == "draft"


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


@guard(_("本环节的评审组尚未记录共识评分（评审结果），或评审组不符合规定（尚有专家未作回避声明，或已提交评分表的"
         "专家人数不足、缺少规定的行业专家），不能进入下一阶段。"))
def expert_review_done(application) -> bool:
    """Where a panel reviews the application at this stage, its leader must have recorded the consensus, and the
    panel must still meet reviews.domain.consensus.quorum_problem (no declaration pending, enough submitted sheets).

    Stages without an expert panel assigned (or cities that do the stage outside the portal) pass.
    """
    from django.apps import apps

    from reviews.domain.consensus import quorum_problem

    assignment = apps.get_model("reviews", "Assignment")
    consensus = apps.get_model("reviews", "Consensus")
    panel_ids = set(assignment.objects.filter(application=application, panel__stage=application.status)
                    .values_list("panel_id", flat=True))
    if not panel_ids:
        return True
    if not consensus.objects.filter(application=application, stage=application.status).exists():
        return False
    panel_model = apps.get_model("reviews", "Panel")
    return all(quorum_problem(panel, application) is None for panel in panel_model.objects.filter(pk__in=panel_ids))
