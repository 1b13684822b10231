"""Slim models: data and invariants only. Use cases live in awards.domain."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from cities.models import City, RuleSet
from cities.schema import ApplicantKind, CityRules, MeasureStanding, Role
from core.industry import IndustrySection  # the 20 sections (GB/T 4754) live in core.industry
from core.models import AppendOnly

from . import audit_chain, guards, signals
from .credit_code import validate_credit_code
from .workflow import END_STATES, IN_PROGRESS_STATES, STAGE_STATES, ObjectionOutcome, Status, next_state


class CityRoleGroup(models.Model):
    """A role within one city (office, committee, supervisor, a recommender unit). Users join the group."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="role_groups", verbose_name=_("城市"))
    role = models.CharField(_("角色"), max_length=20, choices=[(r.value, r.value) for r in Role])
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="city_role", verbose_name=_("用户组"))

    class Meta:
        verbose_name = _("城市角色组")
        verbose_name_plural = _("城市角色组")

    def __str__(self):
        return self.group.name


class RecommenderUnit(models.Model):
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="recommenders", verbose_name=_("城市"))
    kind = models.CharField(_("推荐单位类别"), max_length=50, help_text=_("城市规则文件中的推荐单位类别代码"))
    name = models.CharField(_("名称"), max_length=100)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="recommender_unit")

    class Meta:
        verbose_name = _("推荐单位")
        verbose_name_plural = _("推荐单位")
        ordering = ["city", "name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("单位名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    city = models.ForeignKey(City, on_delete=models.PROTECT, verbose_name=_("注册地"))
    legal_person = models.BooleanField(_("具有法人资格"), default=True)
    founded_on = models.DateField(_("成立日期"))
    is_sme = models.BooleanField(_("中小企业"), default=False)
    industry = models.CharField(_("所属行业"), max_length=100, blank=True)
    industry_section = models.CharField(
        _("行业门类（GB/T 4754）"), max_length=1, blank=True, choices=IndustrySection.choices,
        help_text=_("国民经济行业分类的门类字母 A–T；用于按一、二、三产业分组评审"),
    )
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="organisation")

    class Meta:
        verbose_name = _("申报单位")
        verbose_name_plural = _("申报单位")

    def __str__(self):
        return self.name


class Individual(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="individual")
    name = models.CharField(_("姓名"), max_length=50)
    city = models.ForeignKey(City, on_delete=models.PROTECT, verbose_name=_("工作所在城市"))
    employer = models.CharField(_("工作单位"), max_length=200, blank=True)
    is_citizen = models.BooleanField(_("中华人民共和国公民"), default=True)
    quality_work_since = models.DateField(_("从事质量工作起始日期"))
    heads_organisation = models.BooleanField(_("为所在组织负责人"), default=False)

    class Meta:
        verbose_name = _("申报个人")
        verbose_name_plural = _("申报个人")

    def __str__(self):
        return self.name


class Cycle(models.Model):
    """One evaluation of one city: a year or a 届, with the rules pinned when it opened."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("城市"))
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, verbose_name=_("适用规则版本"))
    name = models.CharField(_("名称"), max_length=50)
    year = models.PositiveIntegerField(_("评定年度"))
    term = models.PositiveIntegerField(_("届次"), default=1)
    call_published_on = models.DateField(_("申报公告发布日期"))
    applications_close_on = models.DateField(_("申报截止日期"))
    close_date_unconfirmed = models.BooleanField(_("截止日期所在年度节假日未确认"), default=False)
    # set_by_office: no measure limits the 自评报告's length; the office sets it per cycle (default 50,000).
    self_assessment_max_chars = models.PositiveIntegerField(
        _("在线自评报告总字数上限"), default=50000,
        help_text=_("办法未规定，由评审办公室设定；在线填写的自评报告各部分合计不超过此字数"))

    class Meta:
        verbose_name = _("评定周期")
        verbose_name_plural = _("评定周期")
        ordering = ["city", "-year"]
        constraints = [models.UniqueConstraint(fields=["city", "year"], name="one_cycle_per_city_year")]

    def __str__(self):
        return f"{self.city.name}{self.name}"

    @property
    def rules(self) -> CityRules:
        return self.rule_set.rules

    @property
    def measure_standing(self) -> MeasureStanding:
        """Where the governing text stood on the day the call was published (in force, draft, expired)."""
        return self.rules.measure.standing_on(self.call_published_on)


class MeasureConfirmation(AppendOnly):
    """Append-only: the office confirmed opening a cycle under a text that is a draft or not in force, and why."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="measure_confirmations",
                              verbose_name=_("周期"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("确认人"))
    actor_role = models.CharField(_("操作角色"), max_length=20)
    standing = models.CharField(_("办法状态"), max_length=20)
    measure_title = models.CharField(_("依据文本"), max_length=200)
    reason = models.TextField(_("理由"))
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    rule_version = models.PositiveIntegerField(_("规则版本"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)

    class Meta:
        verbose_name = _("开启周期确认记录")
        verbose_name_plural = _("开启周期确认记录")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.cycle}: {self.measure_title}"


class ApplicationQuerySet(models.QuerySet):
    """The rows a page may show, by who is looking (awards.domain.access answers for one row)."""

    def for_applicant(self, user):
        """The applications of the user's organisations and the user's own (as an individual)."""
        return self.filter(models.Q(organisation__group__user=user) | models.Q(individual__user=user))

    def for_recommender(self, user):
        """Sent to one of the user's recommender units and reached it (submitted at least once)."""
        return self.filter(recommender__group__user=user, submitted_at__isnull=False)

    def for_office(self, cities):
        """Submitted applications of one city or several (drafts are the applicant's own business)."""
        found = self.filter(cycle__city=cities) if isinstance(cities, City) else self.filter(cycle__city__in=cities)
        return found.exclude(status=Status.DRAFT)

    def at_stage(self, *statuses):
        return self.filter(status__in=statuses)

    def with_rules(self):
        """Each row's cycle, its city and pinned rule set in the same query. The rule set's content is left
        in the database: the parsed rules are shared per version (cities.models.parsed_rules)."""
        return self.select_related("cycle__rule_set", "cycle__city").defer("cycle__rule_set__content")

    def update(self, **kwargs):
        """QuerySet.update, which sends no post_save: it tells awards.signals.applications_updated instead, so
        whoever keeps a copy of application rows (the office's lists, portal/office/data_cache.py) hears of it."""
        changed = super().update(**kwargs)
        signals.applications_updated.send(sender=Application)
        return changed


class Application(ConcurrentTransitionMixin, models.Model):
    """One application for one award kind. Its status changes only through awards.domain.lifecycle."""

    reference = models.CharField(_("申报编号"), max_length=30, unique=True)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="applications", verbose_name=_("周期"))
    award_kind = models.CharField(_("奖项"), max_length=50)
    applicant_kind = models.CharField(
        _("申报类型"), max_length=20, choices=[(k.value, k.value) for k in ApplicantKind]
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="applications",
        verbose_name=_("申报单位"),
    )
    individual = models.ForeignKey(
        Individual, null=True, blank=True, on_delete=models.PROTECT, related_name="applications",
        verbose_name=_("申报个人"),
    )
    recommender = models.ForeignKey(
        RecommenderUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="applications",
        verbose_name=_("推荐单位"),
    )
    status = FSMField(_("状态"), default=Status.DRAFT, choices=Status.choices, protected=True, db_index=True)
    stopped_at_stage = models.CharField(_("止步阶段"), max_length=30, blank=True, choices=Status.choices)
    stage_entered_at = models.DateTimeField(_("进入当前阶段时间"), null=True, blank=True)
    stage_deadline = models.DateField(_("当前阶段期限"), null=True, blank=True)
    stage_deadline_unconfirmed = models.BooleanField(_("期限所在年度节假日未确认"), default=False)
    form_data = models.JSONField(_("申报表内容"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        ordering = ["-created_at"]
        permissions = [
            ("act_as_applicant", _("以申报人身份操作")),
            ("act_as_recommender", _("以推荐单位身份操作")),
            ("act_as_office", _("以评审办公室身份操作")),
            ("act_as_committee", _("以评审委员会委员身份操作")),
            ("act_as_expert", _("以评审专家身份操作")),
            ("view_confidential", _("查看商业秘密、技术秘密材料")),
        ]
        # The office's queues (awards.domain.queues): a city's cycles, one stage, soonest deadline first; the stage
        # counts read the first two columns. Found by the queue query at 10,000 rows (bench/office_queue.py).
        indexes = [
            models.Index(fields=["cycle", "status", "stage_deadline", "submitted_at"], name="application_queue"),
            models.Index(fields=["status", "stage_deadline"], name="application_stage_deadline"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(applicant_kind="organisation", organisation__isnull=False, individual__isnull=True)
                    | models.Q(applicant_kind="individual", individual__isnull=False, organisation__isnull=True)
                ),
                name="applicant_matches_kind",
            ),
            # nobody holds two live applications for one award kind in one cycle (an award won counts as live)
            models.UniqueConstraint(
                fields=["cycle", "award_kind", "organisation"],
                condition=~models.Q(status__in=[Status.WITHDRAWN, Status.INELIGIBLE, Status.NOT_SELECTED]),
                name="one_live_application_per_kind_organisation",
            ),
            models.UniqueConstraint(
                fields=["cycle", "award_kind", "individual"],
                condition=~models.Q(status__in=[Status.WITHDRAWN, Status.INELIGIBLE, Status.NOT_SELECTED]),
                name="one_live_application_per_kind_individual",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.applicant_name}"

    @property
    def applicant_name(self) -> str:
        applicant = self.organisation if self.organisation_id else self.individual if self.individual_id else None
        return applicant.name if applicant else ""

    @property
    def rules(self) -> CityRules:
        return self.cycle.rules

    @property
    def award(self):
        return self.rules.award_kind(self.award_kind)

    def clean(self):
        if not self.cycle_id:  # the form already says the cycle is required
            return
        try:
            award = self.cycle.rules.award_kind(self.award_kind)
        except KeyError:
            raise ValidationError({"award_kind": _("该城市没有此奖项。")}) from None
        if award.applicant_kind != self.applicant_kind:
            raise ValidationError({"award_kind": _("奖项与申报类型不符。")})

    # -- transitions: called only by awards.domain.lifecycle.perform --------------------------
    def _next(self):
        return next_state(self.rules, self.applicant_kind, self.status)

    @transition(field=status, source=Status.DRAFT, target=RETURN_VALUE(*STAGE_STATES),
                conditions=[guards.cycle_open, guards.award_kind_offered])
    def submit(self):
        return self._next()

    @transition(field=status, source=STAGE_STATES, target=RETURN_VALUE(*STAGE_STATES, Status.AWARDED),
                conditions=[guards.period_over_if_required, guards.no_open_objection])
    def advance(self):
        return self._next()

    @transition(field=status, source=[Status.RECOMMENDATION, Status.LOCAL_PUBLICITY], target=Status.DRAFT)
    def return_to_applicant(self):
        pass

    @transition(field=status, source=Status.ELIGIBILITY, target=Status.SUPPLEMENT_REQUESTED)
    def request_supplement(self):
        pass

    @transition(field=status, source=Status.SUPPLEMENT_REQUESTED, target=Status.ELIGIBILITY)
    def answer_supplement(self):
        pass

    @transition(field=status, source=[Status.ELIGIBILITY, Status.SUPPLEMENT_REQUESTED], target=Status.INELIGIBLE)
    def refuse(self):
        pass

    @transition(field=status, source=[s for s in STAGE_STATES if s != Status.ELIGIBILITY],
                target=Status.NOT_SELECTED)
    def stop(self):
        self.stopped_at_stage = self.status

    @transition(field=status, source=[Status.DRAFT, *IN_PROGRESS_STATES], target=Status.WITHDRAWN)
    def withdraw(self):
        self.stopped_at_stage = self.status

    @transition(field=status, source=Status.AWARDED, target=Status.REVOKED)
    def revoke(self):
        pass

    @property
    def is_final(self) -> bool:
        return self.status in END_STATES


class AuditEntry(AppendOnly):
    """Append-only: who moved which application from where to where, when, why, on which article."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="audit_trail", verbose_name=_("申报")
    )
    action = models.CharField(_("操作"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("操作人"),
        help_text=_("为空表示系统自动处理"),
    )
    actor_role = models.CharField(_("操作角色"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=30, choices=Status.choices)
    to_state = models.CharField(_("新状态"), max_length=30, choices=Status.choices)
    reason = models.TextField(_("理由"), blank=True)
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    rule_version = models.PositiveIntegerField(_("规则版本"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    previous_hash = models.CharField(_("上一条记录的链哈希"), max_length=64, blank=True, editable=False)
    chain_hash = models.CharField(_("链哈希"), max_length=64, blank=True, editable=False,
                                  help_text=_("本条内容与上一条链哈希的 SHA-256（manage.py verify_audit_chain 校验）"))

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application.reference}: {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        """On create: chain to the latest entry, under a lock so that concurrent writers chain one after another.

        On PostgreSQL a transaction-scoped advisory lock serialises the writers until each one commits; SQLite
        allows one writer at a time anyway. The time is stamped under the lock, so chain order is time order.
        """
        if self.pk is not None:
            super().save(*args, **kwargs)  # refused by AppendOnly
            return
        with transaction.atomic(using=kwargs.get("using") or "default"):
            audit_chain.lock(transaction.get_connection(kwargs.get("using") or "default"))
            last = AuditEntry.objects.order_by("-pk").values_list("chain_hash", flat=True).first()
            self.created_at = timezone.now()
            self.previous_hash = last or ""
            self.chain_hash = audit_chain.entry_hash(audit_chain.content_of(self), self.previous_hash)
            super().save(*args, **kwargs)


class Notice(models.Model):
    """A message to one user: shown in the portal inbox and sent by e-mail (both by Celery tasks)."""

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")  # claimed by one task (awards.domain.notices.claim_email)
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")
        NO_ADDRESS = "no_address", _("无邮箱地址")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.CASCADE)
    audit_entry = models.ForeignKey(AuditEntry, null=True, blank=True, on_delete=models.PROTECT)
    event_key = models.CharField(_("事件标识"), max_length=100, help_text=_("同一事件对同一用户只通知一次"))
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    email_status = models.CharField(
        _("邮件状态"), max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveIntegerField(_("发送尝试次数"), default=0)
    email_error = models.TextField(_("最近一次发送错误"), blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event_key", "recipient"], name="one_notice_per_event_and_user")
        ]

    def __str__(self):
        return self.subject


class Publicity(models.Model):
    """A public list (公示 / 推荐单位公示 / 公开征求意见) with start and end computed from the rules."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="publicities", verbose_name=_("周期"))
    stage = models.CharField(_("阶段"), max_length=30, choices=Status.choices)
    recommender = models.ForeignKey(
        RecommenderUnit, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("推荐单位"),
        help_text=_("推荐单位在本地公示时填写"),
    )
    title = models.CharField(_("标题"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    end_unconfirmed = models.BooleanField(_("结束日期所在年度节假日未确认"), default=False)
    article = models.CharField(_("依据条款"), max_length=50)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("发布人"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结束处理时间"), null=True, blank=True)
    applications = models.ManyToManyField(Application, through="PublicityEntry", related_name="publicities")

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_on"]

    def __str__(self):
        return self.title


class PublicityEntry(models.Model):
    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="publicity_entries")
    summary = models.TextField(_("公示内容"), blank=True)

    class Meta:
        verbose_name = _("公示条目")
        verbose_name_plural = _("公示条目")
        constraints = [
            models.UniqueConstraint(fields=["publicity", "application"], name="one_entry_per_application")
        ]

    def __str__(self):
        return self.summary


class Objection(models.Model):
    Outcome = ObjectionOutcome

    entry = models.ForeignKey(PublicityEntry, on_delete=models.PROTECT, related_name="objections")
    name = models.CharField(_("异议人"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("异议内容"))
    filed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    outcome = models.CharField(_("处理结果"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    resolution = models.TextField(_("处理意见"), blank=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("处理人"),
    )
    outcome_emailed_at = models.DateTimeField(_("处理结果邮件发送时间"), null=True, blank=True)
    reference = models.CharField(_("受理编号"), max_length=20, unique=True, null=True, blank=True,
                                 help_text=_("提出时告知异议人，凭编号在公开页面查询处理进度"))

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["filed_at"]

    def __str__(self):
        return f"{self.name}：{self.text[:20]}"


class ObjectionStep(AppendOnly):
    """One step of handling an objection to a 公示 (awards.domain.objections), recorded in the role of the body
    the city's rules name: the investigation's findings, a proposal (sustain → cancel / dismiss), a decision."""

    class Kind(models.TextChoices):
        INVESTIGATION = "investigation", _("调查核实")
        PROPOSAL = "proposal", _("提出处理意见")
        DECISION = "decision", _("作出决定")

    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="steps", verbose_name=_("异议"))
    kind = models.CharField(_("环节"), max_length=20, choices=Kind.choices)
    sustain = models.BooleanField(_("认定异议成立"))
    text = models.TextField(_("意见"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("录入人"))
    actor_role = models.CharField(_("角色"), max_length=20, choices=[(r.value, r.value) for r in Role])
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("异议处理环节")
        verbose_name_plural = _("异议处理环节")
        ordering = ["created_at", "pk"]


class Complaint(models.Model):
    """A complaint about the award's process (投诉举报) from anyone, to the body the city's rules name
    (awards.domain.complaints): investigated and answered; the complainant follows it by its reference."""

    class State(models.TextChoices):
        OPEN = "open", _("已受理")
        INVESTIGATING = "investigating", _("调查核实中")
        ANSWERED = "answered", _("已答复")

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("城市"))
    reference = models.CharField(_("受理编号"), max_length=20, unique=True)
    name = models.CharField(_("投诉人"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("投诉内容"))
    filed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("提出人账号"))
    received_by = models.CharField(_("受理角色"), max_length=20, choices=[(r.value, r.value) for r in Role])
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.OPEN)
    findings = models.TextField(_("调查核实情况"), blank=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("答复人"))
    answer_emailed_at = models.DateTimeField(_("答复邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-filed_at", "-pk"]

    def __str__(self):
        return self.reference


class ComplaintStep(AppendOnly):
    """One step of handling a complaint (taken up for investigation, answered), with who, in which role, the
    article."""

    class Kind(models.TextChoices):
        INVESTIGATION = "investigation", _("开始调查核实")
        ANSWER = "answer", _("答复")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="steps", verbose_name=_("投诉"))
    kind = models.CharField(_("环节"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("内容"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("录入人"))
    actor_role = models.CharField(_("角色"), max_length=20, choices=[(r.value, r.value) for r in Role])
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("投诉处理环节")
        verbose_name_plural = _("投诉处理环节")
        ordering = ["created_at", "pk"]


# ---------------------------------------------------------------- intake (applicants, documents, recommenders)
def document_upload_path(instance, filename):
    """Stored under MEDIA_ROOT/applications/<pk>/ with a random name; the original name is kept in the row."""
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """A file attached to an application (自评报告, evidence...). Checked by content, served by a permission view."""

    class Kind(models.TextChoices):
        SELF_ASSESSMENT = "self_assessment", _("自评报告")
        EVIDENCE = "evidence", _("证明材料")
        SUPPLEMENT = "supplement", _("补正材料")

    class Secret(models.TextChoices):
        NONE = "", _("不涉密")
        TRADE = "trade", _("商业秘密")
        TECHNICAL = "technical", _("技术秘密")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="documents", verbose_name=_("申报")
    )
    kind = models.CharField(_("材料类别"), max_length=20, choices=Kind.choices)
    secret_kind = models.CharField(_("保密标注"), max_length=20, choices=Secret.choices, blank=True, default="")
    file = models.FileField(_("文件"), upload_to=document_upload_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=255)
    file_type = models.CharField(_("文件类型"), max_length=10, help_text=_("按文件内容识别：pdf、docx、xlsx、jpg…"))
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    removed_at = models.DateTimeField(_("删除时间"), null=True, blank=True, help_text=_("申报人在提交前删除"))
    section_key = models.CharField(_("自评报告部分"), max_length=40, blank=True, default="",
                                   help_text=_("在线自评报告中所附的评分条款编号（空：不属于某一部分）"))

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_confidential(self) -> bool:
        return bool(self.secret_kind)


class DocumentAccess(AppendOnly):
    """Append-only: who opened which document, when (every opening of a confidential one is recorded)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="accesses", verbose_name=_("材料"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("查阅人"))
    opened_at = models.DateTimeField(_("查阅时间"), auto_now_add=True, db_index=True)
    confidential = models.BooleanField(_("涉密材料"), default=False)
    granted = models.BooleanField(_("准予查阅"), default=True, help_text=_("否：查阅被拒绝（同样留存记录）"))

    class Meta:
        verbose_name = _("材料查阅记录")
        verbose_name_plural = _("材料查阅记录")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return f"{self.user} → {self.document}"


class MembershipRequest(models.Model):
    """A second person asking to join an organisation already registered: an existing member decides."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REJECTED = "rejected", _("已拒绝")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="membership_requests", verbose_name=_("申报单位")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_requests",
        verbose_name=_("申请人"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("审批人"),
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("加入单位申请")
        verbose_name_plural = _("加入单位申请")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], condition=models.Q(outcome="pending"), name="one_pending_join_request"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"


class Revocation(models.Model):
    """Why an award was revoked: the ground's key from the rules (post_award.revocation_grounds), e.g. fraud."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="revocation", verbose_name=_("申报")
    )
    ground = models.CharField(_("撤销情形"), max_length=50, help_text=_("城市规则文件中的撤销情形代码"))
    article = models.CharField(_("依据条款"), max_length=50)
    revoked_on = models.DateField(_("撤销日期"))
    audit_entry = models.OneToOneField(AuditEntry, on_delete=models.PROTECT, verbose_name=_("审计记录"))

    class Meta:
        verbose_name = _("奖项撤销")
        verbose_name_plural = _("奖项撤销")

    def __str__(self):
        return f"{self.application.reference}：{self.ground}"


class Declaration(AppendOnly):
    """申报承诺: one statement the applicant signed when submitting — an exclusion of the city's rules (不存在…情形),
    or the pledge that everything is true — with the exact text and its article, who signed and when. Each
    submission (a returned application submitted again) signs anew; the office reads the latest."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("申报")
    )
    key = models.CharField(_("条目代码"), max_length=60)
    text = models.TextField(_("承诺内容"))
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("签署人")
    )
    signed_at = models.DateTimeField(_("签署时间"), default=timezone.now)
    rule_version = models.PositiveIntegerField(_("规则版本"))

    class Meta:
        verbose_name = _("申报承诺")
        verbose_name_plural = _("申报承诺")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.application.reference} {self.article} {self.text[:20]}"


# ---------------------------------------------------------------- office intake (eligibility, supplements, notices)
class EligibilityCheck(models.Model):
    """The office's working record of the eligibility checklist for one application (lines from the rules)."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="eligibility_check", verbose_name=_("申报")
    )
    rule_version = models.PositiveIntegerField(_("规则版本"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("审查人")
    )
    updated_at = models.DateTimeField(_("最近保存时间"), auto_now=True)

    class Meta:
        verbose_name = _("资格审查记录")
        verbose_name_plural = _("资格审查记录")

    def __str__(self):
        return _("%(ref)s 资格审查") % {"ref": self.application.reference}


class EligibilityCheckLine(models.Model):
    """One line of the checklist: a condition or an exclusion of the city's rules, with the officer's finding."""

    class Section(models.TextChoices):
        CONDITION = "condition", _("申报条件")
        EXCLUSION = "exclusion", _("不得申报的情形")

    class Verdict(models.TextChoices):
        MEETS = "meets", _("符合")
        NOT_MET = "not_met", _("不符合")
        NOT_APPLICABLE = "na", _("不适用")

    check_record = models.ForeignKey(
        EligibilityCheck, on_delete=models.CASCADE, related_name="lines", verbose_name=_("资格审查记录")
    )
    section = models.CharField(_("类别"), max_length=20, choices=Section.choices)
    key = models.CharField(_("条目代码"), max_length=60)
    text = models.TextField(_("条目内容"))
    article = models.CharField(_("依据条款"), max_length=50)
    verdict = models.CharField(_("审查结论"), max_length=10, choices=Verdict.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("资格审查条目")
        verbose_name_plural = _("资格审查条目")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["check_record", "section", "key"], name="one_line_per_checklist_item")
        ]

    def __str__(self):
        return f"{self.article} {self.text[:20]}"


class SupplementRequest(models.Model):
    """一次性告知: everything the office asks the applicant to supply, in one request, with its deadline."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="supplement_requests", verbose_name=_("申报")
    )
    audit_entry = models.OneToOneField(
        AuditEntry, on_delete=models.PROTECT, related_name="supplement_request", verbose_name=_("审计记录")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("要求补正人")
    )
    requested_at = models.DateTimeField(_("要求补正时间"), auto_now_add=True)
    note = models.TextField(_("补充说明"), blank=True)
    deadline = models.DateField(_("补正期限"), null=True, blank=True)
    deadline_unconfirmed = models.BooleanField(_("期限所在年度节假日未确认"), default=False)
    deadline_citation = models.CharField(_("期限依据"), max_length=100, blank=True)
    answered_at = models.DateTimeField(_("补正提交时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("补正提交人"),
    )
    answer_note = models.TextField(_("补正说明"), blank=True)
    answer_audit_entry = models.OneToOneField(
        AuditEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="supplement_answer",
        verbose_name=_("补正审计记录"),
    )

    class Meta:
        verbose_name = _("补正要求")
        verbose_name_plural = _("补正要求")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return _("%(ref)s 补正要求") % {"ref": self.application.reference}


class SupplementItem(models.Model):
    request = models.ForeignKey(
        SupplementRequest, on_delete=models.CASCADE, related_name="items", verbose_name=_("补正要求")
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("需补正的内容"))
    response = models.TextField(_("申报人答复"), blank=True)

    class Meta:
        verbose_name = _("补正事项")
        verbose_name_plural = _("补正事项")
        ordering = ["request", "position"]
        constraints = [models.UniqueConstraint(fields=["request", "position"], name="one_item_per_position")]

    def __str__(self):
        return f"{self.position}. {self.text[:30]}"


def formal_notice_path(instance, filename):
    return f"formal_notices/{instance.city_id}/{instance.year}/{filename}"


class FormalNotice(models.Model):
    """A formal notice (受理 / 补正 / 不予受理通知书) as a PDF, served only through a permission-checked view."""

    class Kind(models.TextChoices):
        ACCEPTANCE = "acceptance", _("受理通知书")
        SUPPLEMENT = "supplement", _("补正通知书")
        REFUSAL = "refusal", _("不予受理通知书")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="formal_notices", verbose_name=_("申报")
    )
    audit_entry = models.OneToOneField(
        AuditEntry, on_delete=models.PROTECT, related_name="formal_notice", verbose_name=_("审计记录")
    )
    kind = models.CharField(_("文书类别"), max_length=20, choices=Kind.choices)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+", verbose_name=_("城市"))
    year = models.PositiveIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("流水号"))
    number = models.CharField(_("文号"), max_length=60, unique=True)
    issued_on = models.DateField(_("印发日期"))
    article = models.CharField(_("依据条款"), max_length=100)
    file = models.FileField(_("文件"), upload_to=formal_notice_path, max_length=200)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("正式文书")
        verbose_name_plural = _("正式文书")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["city", "year", "kind", "serial"], name="one_serial_per_city_year_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class NoticeResend(models.Model):
    """Append-only: staff queued a failed notice e-mail again (重新发送)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="resends", verbose_name=_("通知"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人")
    )
    requested_at = models.DateTimeField(_("操作时间"), auto_now_add=True)
    previous_error = models.TextField(_("此前的发送错误"), blank=True)

    class Meta:
        verbose_name = _("通知重新发送记录")
        verbose_name_plural = _("通知重新发送记录")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return _("%(notice)s 重新发送") % {"notice": self.notice}

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("this log is append-only")
        super().save(*args, **kwargs)


class NumberSequence(models.Model):
    """The last serial handed out per city, year and kind of number (文号); taken under a row lock."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+", verbose_name=_("城市"))
    year = models.IntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=30)
    last = models.PositiveIntegerField(_("最后流水号"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        constraints = [models.UniqueConstraint(fields=["city", "year", "kind"], name="one_sequence_per_city_year_kind")]

    def __str__(self):
        return f"{self.city_id}/{self.year}/{self.kind}: {self.last}"


# ---------------------------------------------------------------- the self-assessment report written online
class SelfAssessmentSection(models.Model):
    """One part of the 自评报告 written online: the text for one item of the award's score sheet.

    `version` grows with every save; a save names the version it was typed on, so a stale tab never overwrites
    newer text (awards.domain.self_assessment)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="self_assessment",
                                    verbose_name=_("申报"))
    item_key = models.CharField(_("评分条款"), max_length=40)
    category = models.CharField(_("类目"), max_length=100, blank=True)
    title = models.CharField(_("条款名称"), max_length=200)
    points = models.PositiveIntegerField(_("分值"), default=0)
    position = models.PositiveIntegerField(_("顺序"), default=0)
    text = models.TextField(_("内容"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)
    updated_at = models.DateTimeField(_("保存时间"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("保存人"))

    class Meta:
        verbose_name = _("自评报告部分")
        verbose_name_plural = _("自评报告部分")
        ordering = ["application", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "item_key"], name="one_section_per_item")]

    def __str__(self):
        return f"{self.application_id}/{self.item_key}"


class SelfAssessmentRevision(AppendOnly):
    """Append-only: each saved text of a section (the history; nothing typed and saved is ever lost)."""

    section = models.ForeignKey(SelfAssessmentSection, on_delete=models.PROTECT, related_name="revisions",
                                verbose_name=_("自评报告部分"))
    version = models.PositiveIntegerField(_("版本"))
    text = models.TextField(_("内容"), blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("保存人"))
    saved_at = models.DateTimeField(_("保存时间"), default=timezone.now, editable=False)
    stale = models.BooleanField(_("未采用（过期页面）"), default=False,
                                help_text=_("另一页面已保存了更新的内容，此文本未覆盖它，仅留存"))

    class Meta:
        verbose_name = _("自评报告修改记录")
        verbose_name_plural = _("自评报告修改记录")
        ordering = ["section", "version", "pk"]
