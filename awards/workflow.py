"""The application lifecycle described as data.

States are the union of every city's stages (cities.schema.StageKind) plus a draft, the supplement
loop and the ends. Each state has a staff-facing and an applicant-facing name; a city's rule file may
give its own wording per stage, in Chinese like its measures, shown when the portal is read in Chinese (in
another language the portal's translated name is shown instead). Code never compares against a translated
string: identifiers are the English values below.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cities.schema import CityRules, Role, Stage, StageKind


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    RECOMMENDATION = StageKind.RECOMMENDATION.value, _("推荐单位审核")
    LOCAL_PUBLICITY = StageKind.LOCAL_PUBLICITY.value, _("推荐单位公示")
    ELIGIBILITY = StageKind.ELIGIBILITY.value, _("资格审查")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("待补正材料")
    DOCUMENT_REVIEW = StageKind.DOCUMENT_REVIEW.value, _("资料评审")
    HEARING = StageKind.HEARING.value, _("陈述答辩")
    SITE_REVIEW = StageKind.SITE_REVIEW.value, _("现场评审")
    SATISFACTION_SURVEY = StageKind.SATISFACTION_SURVEY.value, _("满意度测评")
    PUBLIC_COMMENT = StageKind.PUBLIC_COMMENT.value, _("公开征求意见")
    RANKING = StageKind.RANKING.value, _("综合评价")
    COMMITTEE_DECISION = StageKind.COMMITTEE_DECISION.value, _("评委会审议")
    PUBLICITY = StageKind.PUBLICITY.value, _("拟奖名单公示")
    GOVERNMENT_APPROVAL = StageKind.GOVERNMENT_APPROVAL.value, _("政府审定")
    AWARDED = "awarded", _("获奖")
    NOT_SELECTED = "not_selected", _("未获奖")
    INELIGIBLE = "ineligible", _("不予受理")
    WITHDRAWN = "withdrawn", _("已撤回")
    REVOKED = "revoked", _("已撤销")


class ObjectionOutcome(models.TextChoices):
    """What became of an objection to a publicity (公示异议)."""

    OPEN = "open", _("待处理")
    SUSTAINED = "sustained", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


STAGE_STATES = [s.value for s in StageKind]
IN_PROGRESS_STATES = [*STAGE_STATES, Status.SUPPLEMENT_REQUESTED]
END_STATES = [Status.AWARDED, Status.NOT_SELECTED, Status.INELIGIBLE, Status.WITHDRAWN, Status.REVOKED]

# What the applicant reads for each state: plain words about where things stand.
APPLICANT_LABELS = {
    Status.DRAFT: _("草稿（尚未提交）"),
    Status.RECOMMENDATION: _("推荐单位正在审核"),
    Status.LOCAL_PUBLICITY: _("推荐单位公示中"),
    Status.ELIGIBILITY: _("正在进行资格审查"),
    Status.SUPPLEMENT_REQUESTED: _("请按补正通知补充材料"),
    Status.DOCUMENT_REVIEW: _("专家正在评审申报材料"),
    Status.HEARING: _("等待陈述答辩"),
    Status.SITE_REVIEW: _("等待现场评审"),
    Status.SATISFACTION_SURVEY: _("正在开展满意度测评"),
    Status.PUBLIC_COMMENT: _("评审结果公开征求意见中"),
    Status.RANKING: _("正在综合评价"),
    Status.COMMITTEE_DECISION: _("等待评审委员会审议"),
    Status.PUBLICITY: _("拟奖名单公示中"),
    Status.GOVERNMENT_APPROVAL: _("等待市人民政府审定"),
    Status.AWARDED: _("已获奖"),
    Status.NOT_SELECTED: _("未获奖"),
    Status.INELIGIBLE: _("不予受理"),
    Status.WITHDRAWN: _("已撤回"),
    Status.REVOKED: _("奖项已撤销"),
}


def _in_source_language() -> bool:
    """Whether the portal is being read in its source language (Chinese), the language of the cities' wording."""
    language = get_language()
    return language is None or language.split("-")[0] == settings.LANGUAGE_CODE.split("-")[0]


def staff_label(status: str, rules: CityRules | None = None) -> str:
    stage = rules.stage(status) if rules and status in STAGE_STATES else None
    if stage and stage.staff_name and _in_source_language():
        return stage.staff_name
    return str(Status(status).label)


def applicant_label(status: str, rules: CityRules | None = None) -> str:
    stage = rules.stage(status) if rules and status in STAGE_STATES else None
    if stage and stage.applicant_name and _in_source_language():
        return stage.applicant_name
    return str(APPLICANT_LABELS[Status(status)])


def route(rules: CityRules, applicant_kind: str) -> list[Stage]:
    """The stages this kind of applicant passes in this city, in the city's order."""
    return rules.stages_for(applicant_kind)


def next_state(rules: CityRules, applicant_kind: str, current: str) -> str:
    stages = [s.kind.value for s in route(rules, applicant_kind)]
    if current == Status.DRAFT:
        return stages[0]
    position = stages.index(current)
    return stages[position + 1] if position + 1 < len(stages) else Status.AWARDED.value


# Permission codename per role: what `user.has_perm(codename, application)` checks for the actor of a stage.
ROLE_PERMISSIONS = {
    Role.APPLICANT: "awards.act_as_applicant",
    Role.RECOMMENDER: "awards.act_as_recommender",
    Role.OFFICE: "awards.act_as_office",
    Role.COMMITTEE: "awards.act_as_committee",
    Role.EXPERT: "awards.act_as_expert",
    Role.PANEL_LEADER: "awards.act_as_expert",
}
