"""The expert review's say in moving an application on, registered into awards.checks when the app loads.

- A stage reviewed by a panel passes only once its leader recorded the consensus and the panel still meets the
  quorum (every declaration made, enough sheets submitted, the required industry expert).
- Where the city's rules cut a shortlist after a stage (`ranking.shortlist.after`), an application a panel reviewed
  there goes on only as a selected entry of the list the office confirmed (reviews.domain ranking confirm).
- The satisfaction survey (满意度测评) passes once its result is recorded.
Stages without a panel (or cities that do the stage outside the portal) pass the first two.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import checks

from .domain.consensus import quorum_problem
from .domain.ranking import board
from .domain.stage_inputs import SURVEY
from .models import Consensus, Panel, ShortlistEntry, SurveyResult

ADVANCE = "advance"

EXPERT_REVIEW_PENDING = gettext_lazy(
    "本环节的评审组尚未记录共识评分（评审结果），或评审组不符合规定（尚有专家未作回避声明，或已提交评分表的"
    "专家人数不足、缺少规定的行业专家），不能进入下一阶段。")


def _reviewing_panels(application):
    return Panel.objects.filter(assignments__application=application, stage=application.status).distinct()


@checks.register
def expert_review_done(application, action_name: str) -> str | None:
    if action_name != ADVANCE:
        return None
    panels = list(_reviewing_panels(application))
    if not panels:
        return None
    recorded = Consensus.objects.filter(application=application, stage=application.status).exists()
    if recorded and all(quorum_problem(panel, application) is None for panel in panels):
        return None
    return str(EXPERT_REVIEW_PENDING)


@checks.register
def selected_by_the_ranking(application, action_name: str) -> str | None:
    if action_name != ADVANCE or not board.decides_after(application.rules, application.status):
        return None
    if not _reviewing_panels(application).exists():
        return None
    if ShortlistEntry.objects.filter(application=application, shortlist__stage=application.status,
                                     selected=True).exists():
        return None
    return _("本环节之后谁进入下一阶段由排序决定，请在“综合评价”页面确认入选名单。")


@checks.register
def survey_result_recorded(application, action_name: str) -> str | None:
    if action_name != ADVANCE or application.status != SURVEY:
        return None
    if SurveyResult.objects.filter(application=application).exists():
        return None
    return _("请先录入满意度测评结果，再进入下一阶段。")
