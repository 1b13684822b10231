"""Slim models of the ranking and the committee's decision. Use cases live in reviews.domain.

Every row here is a record of something done (weights set, a list confirmed, a vote cast, a count):
append-only, like the audit trail. Status changes of applications go through awards lifecycle.perform.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.models import AppendOnly, Application, Cycle


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
