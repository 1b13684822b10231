"""After the award: the government's decision, announcements, certificates, the ledger of what was granted and
reclaimed, yearly reports, revisits, 复评 and revocation cases. Data and invariants only; use cases live in
honours.domain. Every value they act on comes from the application's pinned rules (cities.schema.PostAward)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Application, AuditEntry, Cycle
from cities.models import City
from cities.schema import GrantKind, PublicNoticeKind, RevocationStepKind, Role
from core.models import AppendOnly


def honours_upload_path(instance, filename):
    """Stored under MEDIA_ROOT/honours/<model>/ with a random name; the original name is kept in the row."""
    return f"honours/{instance._meta.model_name}/{uuid.uuid4().hex}"


# ---------------------------------------------------------------- approval and announcement
class GovernmentDecision(models.Model):
    """The city government's decision on the proposed winners (审定): its document number, date and file."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="government_decisions",
                              verbose_name=_("周期"))
    document_number = models.CharField(_("文号"), max_length=100)
    decided_on = models.DateField(_("审定日期"))
    approver = models.CharField(_("审定机关"), max_length=200, help_text=_("城市规则文件 bodies.approver"))
    article = models.CharField(_("依据条款"), max_length=50)
    file = models.FileField(_("决定文件"), upload_to=honours_upload_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=255)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("录入人"))
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("政府审定决定")
        verbose_name_plural = _("政府审定决定")
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return f"{self.document_number}（{self.decided_on}）"


class DecisionLine(models.Model):
    """One application in a government decision: approved (获奖) or not, with the reason."""

    decision = models.ForeignKey(GovernmentDecision, on_delete=models.PROTECT, related_name="lines",
                                 verbose_name=_("审定决定"))
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="decision_line",
                                       verbose_name=_("申报"))
    approved = models.BooleanField(_("审定通过"))
    reason = models.TextField(_("理由"), blank=True)
    audit_entry = models.OneToOneField(AuditEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("审计记录"), help_text=_("写入审定明细后，状态变更的审计记录"))

    class Meta:
        verbose_name = _("审定明细")
        verbose_name_plural = _("审定明细")

    def __str__(self):
        return f"{self.decision_id}: {self.application_id} {'✓' if self.approved else '✗'}"


class Announcement(models.Model):
    """A public notice: the 表彰公告 of a cycle's winners, or the notice of a revocation (公告, 通报, 曝光)."""

    class Kind(models.TextChoices):
        AWARD = "award", _("表彰公告")
        REVOCATION = "revocation", _("撤销公告")

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="announcements", verbose_name=_("城市"))
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="announcements", verbose_name=_("周期"))
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    notice_kind = models.CharField(_("公开方式"), max_length=20, choices=[(k.value, k.label) for k in PublicNoticeKind],
                                   default=PublicNoticeKind.ANNOUNCEMENT.value)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    published_on = models.DateField(_("发布日期"))
    article = models.CharField(_("依据条款"), max_length=50)
    decision = models.ForeignKey(GovernmentDecision, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="announcements", verbose_name=_("审定决定"))
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("所涉申报"), help_text=_("撤销公告：被撤销奖项的申报"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公告")
        verbose_name_plural = _("公告")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["city", "kind", "-published_on"])]

    def __str__(self):
        return self.title


# ---------------------------------------------------------------- certificates and the ledger
class Certificate(models.Model):
    """A 荣誉证书 as issued: what it says is stored, so later rule changes do not rewrite it. Checked in public by
    its short code (the QR code opens the verification page)."""

    class Reason(models.TextChoices):
        AWARD = "award", _("获奖颁发")
        RE_EVALUATION = "re_evaluation", _("复评合格换发")
        REISSUE = "reissue", _("补发")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="certificates",
                                    verbose_name=_("申报"))
    number = models.CharField(_("证书编号"), max_length=40, unique=True)
    code = models.CharField(_("核验码"), max_length=16, unique=True)
    reason = models.CharField(_("颁发原因"), max_length=20, choices=Reason.choices, default=Reason.AWARD)
    winner_name = models.CharField(_("获奖者"), max_length=200)
    award_title = models.CharField(_("奖项名称"), max_length=100)
    cycle_name = models.CharField(_("年度或届次"), max_length=50)
    issuer = models.CharField(_("颁发机关"), max_length=200)
    issued_on = models.DateField(_("颁发日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    validity_article = models.CharField(_("有效期依据"), max_length=50, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    pdf = models.FileField(_("证书文件"), upload_to=honours_upload_path, max_length=200, blank=True)
    superseded_by = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="supersedes", verbose_name=_("换发后的证书"))
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revocation_article = models.CharField(_("撤销依据"), max_length=50, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("颁发操作人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("荣誉证书")
        verbose_name_plural = _("荣誉证书")
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return self.number


class CertificateBatch(models.Model):
    """One Celery job making every certificate of a cycle, with its progress and the archive of the PDFs."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="certificate_batches",
                              verbose_name=_("周期"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("发起人"))
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("证书总数"), default=0)
    done = models.PositiveIntegerField(_("已生成"), default=0)
    archive = models.FileField(_("证书压缩包"), upload_to=honours_upload_path, max_length=200, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("证书批量生成")
        verbose_name_plural = _("证书批量生成")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.cycle_id}: {self.done}/{self.total}"


class LedgerEntry(AppendOnly):
    """A line of the ledger of what a winner was granted (奖金, 奖杯, 奖牌, 奖章, 荣誉证书) and, after a revocation,
    what was reclaimed and when. Written once; a reclaim is a new line pointing at the grant."""

    class Direction(models.TextChoices):
        GRANT = "grant", _("授予")
        RECLAIM = "reclaim", _("收回")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="ledger",
                                    verbose_name=_("申报"))
    direction = models.CharField(_("类别"), max_length=10, choices=Direction.choices)
    item = models.CharField(_("项目"), max_length=20, choices=[(k.value, k.label) for k in GrantKind])
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    article = models.CharField(_("依据条款"), max_length=50)
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    grant = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reclaims",
                              verbose_name=_("对应授予"))
    certificate = models.ForeignKey(Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("证书"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("录入人"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("奖励台账")
        verbose_name_plural = _("奖励台账")
        ordering = ["application", "created_at", "pk"]

    def __str__(self):
        return f"{self.get_direction_display()} {self.get_item_display()} {self.amount or ''}".strip()


# ---------------------------------------------------------------- winners' duties
class YearlyReport(models.Model):
    """A winner's yearly self-assessment report (年度自评报告) for one year: due, handed in, or missed and what the
    office recorded for it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="yearly_reports",
                                    verbose_name=_("获奖申报"))
    year = models.PositiveIntegerField(_("年度"))
    due_on = models.DateField(_("报送截止日期"))
    article = models.CharField(_("依据条款"), max_length=50)
    file = models.FileField(_("自评报告"), upload_to=honours_upload_path, max_length=200, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("报送人"))
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    consequence = models.TextField(_("处理结果"), blank=True)
    consequence_article = models.CharField(_("处理依据"), max_length=50, blank=True)
    consequence_recorded_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    consequence_note = models.TextField(_("处理说明"), blank=True)
    consequence_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("处理人"))
    correct_by = models.DateField(_("限期改正日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度自评报告")
        verbose_name_plural = _("年度自评报告")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "year"], name="one_yearly_report_per_year")]

    def __str__(self):
        return f"{self.application_id}: {self.year}"

    @property
    def is_late(self) -> bool:
        """Handed in after its due date (allowed, and marked)."""
        return self.submitted_at is not None and timezone.localdate(self.submitted_at) > self.due_on


class Revisit(models.Model):
    """A visit to a winner (巡访 / 回访): planned, its experts' findings, and a deadline to correct a decline."""

    class Outcome(models.TextChoices):
        PLANNED = "planned", _("已安排")
        SATISFACTORY = "satisfactory", _("情况良好")
        CORRECTION = "correction", _("限期整改")
        CORRECTED = "corrected", _("已整改")
        UNCORRECTED = "uncorrected", _("逾期未整改")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="revisits",
                                    verbose_name=_("获奖申报"))
    planned_on = models.DateField(_("计划日期"))
    visitors = models.CharField(_("回访专家"), max_length=300, blank=True)
    article = models.CharField(_("依据条款"), max_length=50)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices, default=Outcome.PLANNED)
    findings = models.TextField(_("回访意见"), blank=True)
    correct_by = models.DateField(_("整改期限"), null=True, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("安排人"))
    findings_recorded_at = models.DateTimeField(_("意见录入时间"), null=True, blank=True)
    correction_note = models.TextField(_("整改情况"), blank=True)
    correction_recorded_at = models.DateTimeField(_("整改结果录入时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("巡访/回访")
        verbose_name_plural = _("巡访/回访")
        ordering = ["-planned_on", "-pk"]

    def __str__(self):
        return f"{self.application_id}: {self.planned_on} {self.outcome}"


class ReEvaluation(models.Model):
    """复评 of one award: its route of steps from the rule file, ending in continues valid or lapsed."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("复评中")
        CONTINUES = "continues", _("复评合格，继续有效")
        LAPSED = "lapsed", _("复评未通过，称号失效")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="re_evaluations",
                                    verbose_name=_("获奖申报"))
    step = models.CharField(_("当前环节"), max_length=50, help_text=_("城市规则文件 re_evaluation.steps 的代码"))
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    article = models.CharField(_("依据条款"), max_length=50)
    opened_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("结论时间"), null=True, blank=True)
    certificate = models.OneToOneField(Certificate, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="re_evaluation", verbose_name=_("换发的证书"))

    class Meta:
        verbose_name = _("复评")
        verbose_name_plural = _("复评")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=models.Q(outcome="open"),
                                    name="one_open_re_evaluation")
        ]

    def __str__(self):
        return f"{self.application_id}: {self.step} {self.outcome}"


class ReEvaluationRecord(AppendOnly):
    """One step of a 复评 recorded by its actor: passed or not, with the note."""

    re_evaluation = models.ForeignKey(ReEvaluation, on_delete=models.PROTECT, related_name="records",
                                      verbose_name=_("复评"))
    step = models.CharField(_("环节"), max_length=50)
    passed = models.BooleanField(_("通过"))
    note = models.TextField(_("意见"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("录入人"))
    actor_role = models.CharField(_("角色"), max_length=20, choices=[(r.value, r.value) for r in Role])
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("复评记录")
        verbose_name_plural = _("复评记录")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.re_evaluation_id}: {self.step} {'+' if self.passed else '-'}"


# ---------------------------------------------------------------- revocation
class RevocationCase(models.Model):
    """A case to revoke an award on a ground of the city's rules, through the steps of that ground's procedure."""

    class State(models.TextChoices):
        OPEN = "open", _("办理中")
        REVOKED = "revoked", _("已撤销")
        DISMISSED = "dismissed", _("不予撤销")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="revocation_cases",
                                    verbose_name=_("获奖申报"))
    ground = models.CharField(_("撤销情形"), max_length=50, help_text=_("城市规则文件 revocation_grounds 的代码"))
    article = models.CharField(_("依据条款"), max_length=50)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.OPEN)
    summary = models.TextField(_("案情摘要"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("立案人"))
    opened_at = models.DateTimeField(_("立案时间"), auto_now_add=True)
    revisit = models.ForeignKey(Revisit, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="revocation_cases", verbose_name=_("来源回访"))
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("撤销案件")
        verbose_name_plural = _("撤销案件")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=models.Q(state="open"),
                                    name="one_open_revocation_case")
        ]

    def __str__(self):
        return f"{self.application_id}: {self.ground} ({self.state})"


class RevocationCaseStep(AppendOnly):
    """One step of a case, recorded in the role of the body the rules name: notes, evidence, and for the last step
    the decision's document number and date."""

    case = models.ForeignKey(RevocationCase, on_delete=models.PROTECT, related_name="steps", verbose_name=_("案件"))
    kind = models.CharField(_("环节"), max_length=20, choices=[(k.value, k.label) for k in RevocationStepKind])
    body = models.CharField(_("机关"), max_length=200)
    agreed = models.BooleanField(_("同意撤销"))
    note = models.TextField(_("意见"))
    evidence = models.FileField(_("证据材料"), upload_to=honours_upload_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("录入人"))
    actor_role = models.CharField(_("角色"), max_length=20, choices=[(r.value, r.value) for r in Role])
    article = models.CharField(_("依据条款"), max_length=50)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("撤销案件环节")
        verbose_name_plural = _("撤销案件环节")
        ordering = ["created_at", "pk"]
