"""Django admin for the expert review, in Chinese.

The pool (experts and their jobs) may be kept here by the staff. Panels, their members and leader, and the
declared relations are read-only here: they change only through the office and expert pages, which check the
panel's size and conflicts (reviews.domain.panels; its declare_relation re-checks assignments). The
records of what people did (declarations, pledges, recusals, sheets, consensus, survey results, public
comments) are written by reviews.domain only and are read-only here.
"""

from django.apps import apps
from django.contrib import admin

from .models import (
    Assignment,
    CommitteeSitting,
    CommitteeTally,
    CommitteeVote,
    Consensus,
    ConsensusItem,
    DeclaredRelation,
    Employment,
    Expert,
    ItemScore,
    Panel,
    PanelMember,
    Pledge,
    PublicComment,
    RankingWeights,
    Recusal,
    ScoreSheet,
    Shortlist,
    ShortlistEntry,
    SurveyResult,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EmploymentInline(admin.TabularInline):
    model = Employment
    extra = 1


class RelationInline(ReadOnlyInline):
    model = DeclaredRelation
    fields = ["organisation_name", "credit_code", "relation"]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "field", "industry", "sector", "is_industry_expert", "active"]
    list_filter = ["city", "sector", "is_industry_expert", "active"]
    search_fields = ["name", "user__username", "employments__employer"]
    raw_id_fields = ["user"]
    inlines = [EmploymentInline, RelationInline]

    def get_readonly_fields(self, request, obj=None):
        """A disqualified expert (a ReviewerSanction on record, reviews.domain.sanctions) is not put back in the pool
        here: that would undo a decision the rules give the office or the supervisors, without a record."""
        if obj is not None and obj.sanctions.exists():
            return [*super().get_readonly_fields(request, obj), "active"]
        return super().get_readonly_fields(request, obj)


class MemberInline(ReadOnlyInline):
    model = PanelMember
    fields = ["expert", "is_leader"]


@admin.register(Panel)
class PanelAdmin(ReadOnly):
    list_display = ["name", "cycle", "stage", "grouping", "created_at"]
    list_filter = ["stage", "cycle__city"]
    inlines = [MemberInline]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly):
    list_display = ["application", "expert", "panel", "state", "assigned_at", "declared_at"]
    list_filter = ["state", "panel__stage"]


@admin.register(Recusal)
class RecusalAdmin(ReadOnly):
    list_display = ["application", "expert", "reason", "recorded_by", "recorded_at"]


@admin.register(Pledge)
class PledgeAdmin(ReadOnly):
    list_display = ["expert", "cycle", "signed_at"]


class ItemScoreInline(ReadOnlyInline):
    model = ItemScore
    fields = ["item_code", "percent", "points", "strengths", "opportunities"]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnly):
    list_display = ["assignment", "scheme", "submitted_at", "updated_at"]
    inlines = [ItemScoreInline]


class ConsensusItemInline(ReadOnlyInline):
    model = ConsensusItem
    fields = ["item_code", "percent", "points", "strengths", "opportunities", "comment"]


@admin.register(Consensus)
class ConsensusAdmin(ReadOnly):
    list_display = ["application", "stage", "total", "recorded_by", "recorded_at"]
    list_filter = ["stage"]
    inlines = [ConsensusItemInline]


@admin.register(SurveyResult)
class SurveyResultAdmin(ReadOnly):
    list_display = ["application", "score", "agency", "article", "entered_by", "entered_at"]


@admin.register(PublicComment)
class PublicCommentAdmin(ReadOnly):
    list_display = ["publicity", "entry", "name", "filed_at"]


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ["expert", "employer", "credit_code", "start_year", "end_year"]
    search_fields = ["employer", "credit_code", "expert__name"]


@admin.register(DeclaredRelation)
class DeclaredRelationAdmin(ReadOnly):
    list_display = ["expert", "organisation_name", "credit_code", "relation"]
    search_fields = ["organisation_name", "credit_code", "expert__name"]


@admin.register(PanelMember)
class PanelMemberAdmin(ReadOnly):
    list_display = ["panel", "expert", "is_leader"]


@admin.register(ItemScore)
class ItemScoreAdmin(ReadOnly):
    list_display = ["sheet", "item_code", "percent", "points"]


@admin.register(ConsensusItem)
class ConsensusItemAdmin(ReadOnly):
    list_display = ["consensus", "item_code", "percent", "points"]


# -- the ranking and committee records: read-only, since every row records something done -----------------
@admin.register(RankingWeights)
class RankingWeightsAdmin(ReadOnly):
    list_display = ["cycle", "award_kind", "weights", "changed_by", "changed_at", "reason"]
    list_filter = ["cycle__city"]


class ShortlistEntryInline(ReadOnlyInline):
    model = ShortlistEntry
    fields = ["position", "application", "score", "proposed", "selected", "outside_quota", "note"]
    readonly_fields = fields


@admin.register(Shortlist)
class ShortlistAdmin(ReadOnly):
    list_display = ["cycle", "stage", "quota_key", "confirmed_by", "confirmed_at", "article"]
    list_filter = ["cycle__city", "stage"]
    inlines = [ShortlistEntryInline]


@admin.register(ShortlistEntry)
class ShortlistEntryAdmin(ReadOnly):
    list_display = ["shortlist", "position", "application", "score", "proposed", "selected", "outside_quota"]


class CommitteeTallyInline(ReadOnlyInline):
    model = CommitteeTally
    fields = ["application", "present", "votes_for", "votes_against", "abstentions", "not_voted", "passed"]
    readonly_fields = fields


@admin.register(CommitteeSitting)
class CommitteeSittingAdmin(ReadOnly):
    list_display = ["cycle", "members_total", "opened_by", "opened_at", "closed_by", "closed_at"]
    list_filter = ["cycle__city"]
    inlines = [CommitteeTallyInline]


@admin.register(CommitteeVote)
class CommitteeVoteAdmin(ReadOnly):
    list_display = ["sitting", "application", "member", "choice", "cast_at"]
    list_filter = ["sitting__cycle__city", "choice"]


@admin.register(CommitteeTally)
class CommitteeTallyAdmin(ReadOnly):
    list_display = ["sitting", "application", "present", "votes_for", "votes_against", "abstentions", "passed"]


# Anything of this app not registered above is shown read-only rather than missing.
for _model in apps.get_app_config("reviews").get_models():
    if not admin.site.is_registered(_model):
        admin.site.register(_model, ReadOnly)
