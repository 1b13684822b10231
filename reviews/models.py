"""Slim models of the expert review: the pool, panels, assignments, sheets, consensus and other stage inputs.

Use cases live in reviews.domain. Who may see an application is decided by guardian object permissions
granted in reviews.domain.panels when an assigned expert has declared no conflict and signed the pledge.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.models import Application, Cycle, Publicity, PublicityEntry
from cities.models import City
from cities.schema import StageKind
from core.models import AppendOnly

EXPERT_STAGE_CHOICES = [(kind.value, kind.panel_words) for kind in StageKind.scored_by_experts()]


class Expert(models.Model):
    """One person in a city's expert pool (评审专家库). Experts are users."""

    class Sector(models.TextChoices):
        PRIMARY = "primary", _("第一产业")
        SECONDARY = "secondary", _("第二产业")
        TERTIARY = "tertiary", _("第三产业")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profiles")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="experts", verbose_name=_("城市"))
    name = models.CharField(_("姓名"), max_length=50)
    field = models.CharField(_("专业领域"), max_length=100)
    industry = models.CharField(_("熟悉行业"), max_length=100)
    industry_sections = models.CharField(
        _("熟悉行业门类（GB/T 4754）"), max_length=20, blank=True,
        help_text=_("门类字母，如 C 或 CD（core.industry）；为空的旧记录按“熟悉行业”名称推测"),
    )
    sector = models.CharField(_("所属产业"), max_length=20, choices=Sector.choices)
    is_industry_expert = models.BooleanField(_("行业专家"), default=False)
    active = models.BooleanField(_("在库"), default=True)
    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["city", "name"]
        constraints = [models.UniqueConstraint(fields=["user", "city"], name="one_expert_profile_per_city")]

    def __str__(self):
        return self.name


class Employment(models.Model):
    """Where an expert works or worked, with years (end_year empty = works there now)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="employments")
    employer = models.CharField(_("工作单位"), max_length=200)
    credit_code = models.CharField(_("单位统一社会信用代码"), max_length=18, blank=True)
    start_year = models.PositiveIntegerField(_("起始年份"))
    end_year = models.PositiveIntegerField(_("截止年份"), null=True, blank=True, help_text=_("空表示现任职"))

    class Meta:
        verbose_name = _("工作经历")
        verbose_name_plural = _("工作经历")
        ordering = ["-start_year"]

    def __str__(self):
        return f"{self.employer} {self.start_year}–{self.end_year or _('至今')}"


class DeclaredRelation(models.Model):
    """A relation the expert declared to an organisation (shareholding, consultancy, family member...)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="relations")
    organisation_name = models.CharField(_("单位名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    relation = models.CharField(_("关系说明"), max_length=200)

    class Meta:
        verbose_name = _("申报的利害关系")
        verbose_name_plural = _("申报的利害关系")

    def __str__(self):
        return f"{self.organisation_name}：{self.relation}"


class Panel(models.Model):
    """A review group for one expert stage of one cycle, with a leader where the rules ask for one."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="panels", verbose_name=_("周期"))
    stage = models.CharField(_("评审阶段"), max_length=30, choices=EXPERT_STAGE_CHOICES)
    name = models.CharField(_("评审组名称"), max_length=100)
    grouping = models.CharField(
        _("行业/产业"), max_length=100, blank=True, help_text=_("城市规则要求按行业或产业分组时填写")
    )
    sections = models.CharField(
        _("所评行业门类（GB/T 4754）"), max_length=20, blank=True,
        help_text=_("本组评审的门类字母，如 C 或 BCDE；分配时按申报单位的门类匹配"),
    )
    created_at = models.DateTimeField(_("组建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审组")
        verbose_name_plural = _("评审组")
        ordering = ["cycle", "stage", "name"]

    def __str__(self):
        return self.name


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="memberships")
    is_leader = models.BooleanField(_("组长"), default=False)

    class Meta:
        verbose_name = _("评审组成员")
        verbose_name_plural = _("评审组成员")
        constraints = [
            models.UniqueConstraint(fields=["panel", "expert"], name="one_membership_per_panel"),
            models.UniqueConstraint(
                fields=["panel"], condition=models.Q(is_leader=True), name="one_leader_per_panel"
            ),
        ]

    def __str__(self):
        return f"{self.panel}：{self.expert}"


class Assignment(models.Model):
    """One expert on one application at one stage (via a panel). Access only after declaring and pledging."""

    class State(models.TextChoices):
        AWAITING_DECLARATION = "awaiting", _("待声明回避情况")
        ACTIVE = "active", _("评审中")
        DECLARED_CONFLICT = "declared_conflict", _("本人申报回避")
        RECUSED = "recused", _("已回避")
        DISQUALIFIED = "disqualified", _("专家被取消评审资格，任务已移交")

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="assignments")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="expert_assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.AWAITING_DECLARATION)
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    declared_at = models.DateTimeField(_("声明时间"), null=True, blank=True)
    declaration_note = models.TextField(_("回避声明说明"), blank=True)

    class Meta:
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        constraints = [
            models.UniqueConstraint(fields=["panel", "application", "expert"], name="one_assignment_per_expert")
        ]

    def __str__(self):
        return f"{self.expert} → {self.application.reference}"


class Recusal(AppendOnly):
    """Append-only: the office records that an expert steps aside for one application, and why."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="recusals")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="recusals")
    reason = models.TextField(_("回避理由"))
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回避记录")
        verbose_name_plural = _("回避记录")
        ordering = ["recorded_at"]

    def __str__(self):
        return _("%(expert)s 回避 %(ref)s") % {"expert": self.expert, "ref": self.application.reference}


class Pledge(AppendOnly):
    """Append-only. 保密承诺: signed once per cycle before the first access to any application, with the time."""

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="pledges")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="pledges")
    text = models.TextField(_("承诺内容"))
    signed_at = models.DateTimeField(_("签署时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("保密承诺")
        verbose_name_plural = _("保密承诺")
        constraints = [models.UniqueConstraint(fields=["expert", "cycle"], name="one_pledge_per_cycle")]

    def __str__(self):
        return f"{self.expert} {self.signed_at:%Y-%m-%d %H:%M}"


class ScoreSheet(models.Model):
    """One expert's own sheet for one assignment. Saved as they go; submitted once, then read-only."""

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="sheet")
    scheme = models.CharField(_("评分表"), max_length=50)
    opinion = models.TextField(_("总体意见"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("最近保存"), auto_now=True)

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")

    def __str__(self):
        return f"{self.assignment} {self.scheme}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class ItemScore(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="items")
    item_code = models.CharField(_("条款"), max_length=20)
    percent = models.PositiveSmallIntegerField(_("得分百分比"), null=True, blank=True)
    points = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    strengths = models.TextField(_("优势"), blank=True)
    opportunities = models.TextField(_("改进机会"), blank=True)
    updated_at = models.DateTimeField(_("最近保存"), null=True, blank=True)  # scoring.save_fields sets it

    class Meta:
        verbose_name = _("条款评分")
        verbose_name_plural = _("条款评分")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item_code"], name="one_score_per_item"),
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="percent_at_most_100"),
        ]

    def __str__(self):
        return f"{self.item_code}: {self.percent}%"


class Consensus(models.Model):
    """The panel's agreed result for one application at one stage, recorded by the leader: the stage result."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="consensus_results")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="consensus_results")
    stage = models.CharField(_("评审阶段"), max_length=30, choices=EXPERT_STAGE_CHOICES)
    scheme = models.CharField(_("评分表"), max_length=50)
    total = models.DecimalField(_("共识得分"), max_digits=8, decimal_places=2, null=True, blank=True)
    report = models.TextField(_("评审报告/考察意见"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("共识评分")
        verbose_name_plural = _("共识评分")
        constraints = [models.UniqueConstraint(fields=["application", "stage"], name="one_consensus_per_stage")]

    def __str__(self):
        return f"{self.application.reference} {self.stage}: {self.total}"


class ConsensusItem(models.Model):
    consensus = models.ForeignKey(Consensus, on_delete=models.CASCADE, related_name="items")
    item_code = models.CharField(_("条款"), max_length=20)
    percent = models.PositiveSmallIntegerField(_("共识百分比"))
    points = models.DecimalField(_("共识得分"), max_digits=7, decimal_places=2)
    strengths = models.TextField(_("优势"), blank=True)
    opportunities = models.TextField(_("改进机会"), blank=True)
    comment = models.TextField(_("组长说明"), blank=True)

    class Meta:
        verbose_name = _("共识条款")
        verbose_name_plural = _("共识条款")
        constraints = [models.UniqueConstraint(fields=["consensus", "item_code"], name="one_consensus_item")]

    def __str__(self):
        return f"{self.item_code}: {self.percent}%"


class SurveyResult(models.Model):
    """A customer-satisfaction survey result entered by the office (e.g. by an outside agency), with its article."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="survey_result")
    score = models.DecimalField(_("满意度指数"), max_digits=5, decimal_places=2)
    agency = models.CharField(_("测评机构"), max_length=200)
    summary = models.TextField(_("测评报告摘要"))
    article = models.CharField(_("依据条款"), max_length=50)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("录入人"))
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("满意度测评结果")
        verbose_name_plural = _("满意度测评结果")

    def __str__(self):
        return f"{self.application.reference}: {self.score}"


class PublicComment(AppendOnly):
    """A comment from the public during a public comment period (公开征求意见). Append-only."""

    publicity = models.ForeignKey(Publicity, on_delete=models.PROTECT, related_name="public_comments")
    entry = models.ForeignKey(PublicityEntry, on_delete=models.PROTECT, related_name="public_comments")
    name = models.CharField(_("姓名或单位"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("意见内容"))
    filed_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公众意见")
        verbose_name_plural = _("公众意见")
        ordering = ["filed_at"]

    def __str__(self):
        return f"{self.name}：{self.text[:20]}"


# -- the ranking, the shortlists and the committee's vote -------------------------------------------------
class RankingWeights(AppendOnly):
    """The office's weights for one award kind in one cycle, where the rule file leaves them to the office.

    Each change is a new row (who, when, why): the latest row is in force, the earlier ones are the audit.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="ranking_weights", verbose_name=_("周期"))
    award_kind = models.CharField(_("奖项"), max_length=50)
    weights = models.JSONField(_("各环节权重"), help_text=_("环节代码 → 权重（字符串形式的小数）"))
    reason = models.TextField(_("调整理由"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("调整人"))
    changed_at = models.DateTimeField(_("调整时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("综合评价权重")
        verbose_name_plural = _("综合评价权重")
        ordering = ["cycle", "award_kind", "-changed_at", "-pk"]

    def __str__(self):
        return f"{self.cycle} {self.award_kind} {self.changed_at:%Y-%m-%d %H:%M}"


class Shortlist(AppendOnly):
    """A list the office confirmed: who went on from `stage` (the site-review list, the candidate list)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="shortlists", verbose_name=_("周期"))
    stage = models.CharField(_("确认时所处阶段"), max_length=30)
    quota_key = models.CharField(_("名额"), max_length=50)
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    reason = models.TextField(_("调整说明"), blank=True, help_text=_("与系统建议名单不一致时须填写"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("确认人"))
    confirmed_at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("确认名单")
        verbose_name_plural = _("确认名单")
        ordering = ["cycle", "confirmed_at", "pk"]

    def __str__(self):
        return f"{self.cycle} {self.stage} {self.quota_key}"


class ShortlistEntry(AppendOnly):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.PROTECT, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="shortlist_entries")
    position = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    score = models.DecimalField(_("得分"), max_digits=8, decimal_places=2, null=True, blank=True)
    proposed = models.BooleanField(_("系统建议入选"))
    selected = models.BooleanField(_("确认入选"))
    outside_quota = models.BooleanField(_("不占名额"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("名单条目")
        verbose_name_plural = _("名单条目")
        ordering = ["shortlist", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["shortlist", "application"], name="one_entry_per_shortlist")]

    def __str__(self):
        return f"{self.application_id}: {_('入选') if self.selected else _('未入选')}"


class RankingSetAside(AppendOnly):
    """Append-only: the office sets one application without a consensus aside from a list of the ranking board
    (暂缓列入本轮排名), or brings it back, with the reason; the board then confirms without it."""

    class Kind(models.TextChoices):
        SET_ASIDE = "set_aside", _("暂缓列入本轮排名")
        BROUGHT_BACK = "brought_back", _("恢复参加排名")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="ranking_set_asides")
    stage = models.CharField(_("所处阶段"), max_length=30)
    kind = models.CharField(_("事项"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("理由"))
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("操作人"))
    actor_role = models.CharField(_("操作角色"), max_length=20)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("暂缓排名记录")
        verbose_name_plural = _("暂缓排名记录")
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.application_id} {self.stage} {self.kind}"


class CommitteeSitting(models.Model):
    """One meeting of the deciding body for one cycle: who was present; closed when the votes are counted."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="committee_sittings",
                              verbose_name=_("周期"))
    members_total = models.PositiveIntegerField(_("委员总数"))
    present = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="committee_sittings",
                                     verbose_name=_("出席委员"))
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("召集人"))
    opened_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("计票人"))
    closed_at = models.DateTimeField(_("计票时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评审委员会会议")
        verbose_name_plural = _("评审委员会会议")
        ordering = ["cycle", "-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["cycle"], condition=models.Q(closed_at__isnull=True),
                                    name="one_open_sitting_per_cycle")
        ]

    def __str__(self):
        return f"{self.cycle} {self.opened_at:%Y-%m-%d}"


class CommitteeVote(AppendOnly):
    """One member's vote on one candidate: cast once, never changed."""

    class Choice(models.TextChoices):
        FOR = "for", _("同意")
        AGAINST = "against", _("不同意")
        ABSTAIN = "abstain", _("弃权")

    sitting = models.ForeignKey(CommitteeSitting, on_delete=models.PROTECT, related_name="votes")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="committee_votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_votes",
                               verbose_name=_("委员"))
    choice = models.CharField(_("表决意见"), max_length=10, choices=Choice.choices)
    cast_at = models.DateTimeField(_("投票时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("委员投票")
        verbose_name_plural = _("委员投票")
        ordering = ["cast_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "member"], name="one_vote_per_member")]

    def __str__(self):
        return f"{self.member_id} → {self.application_id}: {self.choice}"


class CommitteeTally(AppendOnly):
    """The count for one candidate at the close of a sitting, and whether it passed."""

    sitting = models.ForeignKey(CommitteeSitting, on_delete=models.PROTECT, related_name="tallies")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="committee_tallies")
    present = models.PositiveIntegerField(_("出席人数"))
    votes_for = models.PositiveIntegerField(_("同意"))
    votes_against = models.PositiveIntegerField(_("不同意"))
    abstentions = models.PositiveIntegerField(_("弃权"))
    not_voted = models.PositiveIntegerField(_("未投票"))
    passed = models.BooleanField(_("通过"))

    class Meta:
        verbose_name = _("计票结果")
        verbose_name_plural = _("计票结果")
        constraints = [models.UniqueConstraint(fields=["sitting", "application"], name="one_tally_per_candidate")]

    def __str__(self):
        return f"{self.application_id}: {self.votes_for}/{self.present}"


__all__ = ["RankingWeights", "Shortlist", "ShortlistEntry", "CommitteeSitting", "CommitteeVote", "CommitteeTally"]


# -- the supervisors: a group appointed per 届 (Jinan 第九条) and its written opinions (第十六条) --------------------
def supervision_upload_path(instance, filename):
    """Stored under MEDIA_ROOT/reviews/<model>/ with a random name; the original name is kept in the row."""
    return f"reviews/{instance._meta.model_name}/{uuid.uuid4().hex}"


class SupervisorAppointment(AppendOnly):
    """One member of a 届's supervisory group (评审监督小组), appointed (聘任) by the office. Append-only; the
    group's end is its SupervisoryGroupDissolution."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="supervisor_appointments",
                              verbose_name=_("届次（周期）"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="supervisor_appointments", verbose_name=_("用户"))
    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("成员类别"), max_length=30, help_text=_("城市规则文件中的成员类别代码"))
    affiliation = models.CharField(_("工作单位或身份"), max_length=200, blank=True)
    article = models.CharField(_("依据条款"), max_length=50)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("聘任操作人"))
    appointed_at = models.DateTimeField(_("聘任时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审监督小组成员")
        verbose_name_plural = _("评审监督小组成员")
        ordering = ["appointed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["cycle", "user"], name="one_appointment_per_term")]

    def __str__(self):
        return f"{self.cycle_id}: {self.name}"


class SupervisoryGroupDissolution(AppendOnly):
    """The 届's supervisory group dissolved (解散): its members' supervisor access ends. Append-only."""

    cycle = models.OneToOneField(Cycle, on_delete=models.PROTECT, related_name="supervisory_dissolution",
                                 verbose_name=_("届次（周期）"))
    dissolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("操作人"), help_text=_("为空表示系统自动处理"))
    reason = models.TextField(_("理由"))
    article = models.CharField(_("依据条款"), max_length=50)
    dissolved_at = models.DateTimeField(_("解散时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审监督小组解散记录")
        verbose_name_plural = _("评审监督小组解散记录")

    def __str__(self):
        return f"{self.cycle_id}: {self.dissolved_at:%Y-%m-%d}"


class SupervisionOpinion(AppendOnly):
    """A written opinion (监督意见) of a member of the 届's supervisory group, with an optional file. Append-only."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="supervision_opinions",
                              verbose_name=_("届次（周期）"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("提出人"))
    concerns = models.CharField(_("监督事项"), max_length=30)
    text = models.TextField(_("监督意见"))
    file = models.FileField(_("附件"), upload_to=supervision_upload_path, max_length=200, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    written_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("监督意见")
        verbose_name_plural = _("监督意见")
        ordering = ["written_at", "pk"]

    def __str__(self):
        return f"{self.cycle_id}: {self.text[:20]}"


# -- reviewers' conduct: disqualification and the two-way ratings (issue 11) -------------------------------
class ReviewerSanction(AppendOnly):
    """Append-only: an expert disqualified for abusing the role (取消评审资格), with the ground, the reason, the
    article, who recorded it in which role, what follows (the rule file's consequences, each with its detail) and
    the assignments handed over. The expert leaves the pool (Expert.active) in the same transaction."""

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="sanctions", verbose_name=_("专家"))
    ground = models.CharField(_("情形"), max_length=100)
    reason = models.TextField(_("事实与理由"))
    article = models.CharField(_("依据条款"), max_length=50)
    decided_by = models.CharField(_("决定机关"), max_length=100)
    approval = models.CharField(_("批准情况"), max_length=200, blank=True)
    consequences = models.JSONField(_("处理措施"), default=list, help_text=_("[{kind, label, detail}]"))
    handed_over = models.JSONField(_("移交的评审任务"), default=list,
                                   help_text=_("[{assignment, application, panel, stage, sheet_set_aside}]"))
    rule_version = models.PositiveIntegerField(_("规则版本"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("记录人"))
    recorded_role = models.CharField(_("记录角色"), max_length=20)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审专家处理记录")
        verbose_name_plural = _("评审专家处理记录")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return _("%(expert)s 被取消评审资格") % {"expert": self.expert}


class ConductRating(AppendOnly):
    """Append-only: one rating of the other side of one assignment, by the applicant (of the expert) or by the
    expert (of the applicant), per aspect on the rule file's scale. One per rater side per assignment."""

    class Rater(models.TextChoices):
        APPLICANT = "applicant", _("受评单位（个人）评价评审人员")
        EXPERT = "expert", _("评审人员评价受评单位（个人）")

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="conduct_ratings")
    rater_side = models.CharField(_("评价方"), max_length=20, choices=Rater.choices)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("评价人"))
    scores = models.JSONField(_("各项评分"), help_text=_("评价项目 → 分值"))
    scale = models.PositiveSmallIntegerField(_("满分"))
    comment = models.TextField(_("评价意见"), blank=True)
    article = models.CharField(_("依据条款"), max_length=50)
    rated_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审双向评价")
        verbose_name_plural = _("评审双向评价")
        ordering = ["rated_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["assignment", "rater_side"], name="one_rating_per_side")]

    def __str__(self):
        return f"{self.assignment_id} {self.rater_side}"
