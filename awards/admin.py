"""Django admin for the awards app, in Chinese.

Status fields are read-only here: an application's status changes only through
awards.domain.lifecycle.perform, which checks, audits and notifies. The audit trail is append-only,
so the admin can neither change nor delete it.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import (
    Application,
    AuditEntry,
    CityRoleGroup,
    Cycle,
    Individual,
    Notice,
    Objection,
    Organisation,
    Publicity,
    PublicityEntry,
    RecommenderUnit,
)
from .workflow import staff_label


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that are written by the domain code only (audit trail, notices)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CityRoleGroup)
class CityRoleGroupAdmin(admin.ModelAdmin):
    list_display = ["city", "role", "group"]
    list_filter = ["city", "role"]
    list_select_related = ["city", "group"]


@admin.register(RecommenderUnit)
class RecommenderUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "kind"]
    list_filter = ["city", "kind"]
    search_fields = ["name"]
    list_select_related = ["city"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "city", "legal_person", "is_sme", "industry", "founded_on"]
    list_filter = ["city", "legal_person", "is_sme"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["city"]


@admin.register(Individual)
class IndividualAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "employer", "quality_work_since"]
    list_filter = ["city"]
    search_fields = ["name", "employer"]
    list_select_related = ["city"]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "year", "term", "call_published_on", "applications_close_on", "rule_version"]
    list_filter = ["city", "year"]
    list_select_related = ["city", "rule_set"]
    readonly_fields = ["rule_set"]

    @admin.display(description="规则版本")
    def rule_version(self, obj):
        return f"v{obj.rule_set.version}"


class AuditInline(admin.TabularInline):
    model = AuditEntry
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "actor_role", "action", "from_state", "to_state", "reason", "article"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "applicant", "cycle", "award_kind", "status_label", "stage_deadline", "submitted_at"]
    list_filter = ["cycle__city", "status", "applicant_kind"]
    search_fields = ["reference", "organisation__name", "organisation__credit_code", "individual__name"]
    list_select_related = ["cycle__city", "cycle__rule_set", "organisation", "individual"]
    readonly_fields = ["status", "stopped_at_stage", "stage_entered_at", "stage_deadline",
                       "stage_deadline_unconfirmed", "submitted_at", "created_at", "updated_at", "workflow"]
    inlines = [AuditInline]

    @admin.display(description="申报主体")
    def applicant(self, obj):
        return obj.organisation.name if obj.organisation_id else obj.individual.name

    @admin.display(description="状态", ordering="status")
    def status_label(self, obj):
        return staff_label(obj.status, obj.cycle.rule_set.rules)

    @admin.display(description="流程图")
    def workflow(self, obj):
        url = reverse("cities:workflow_svg", args=[obj.cycle.city.code])
        return format_html('<img src="{}" style="max-width:100%" alt="流程图">', url)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "application", "actor", "actor_role", "action", "from_state", "to_state", "article"]
    list_filter = ["actor_role", "action", "application__cycle__city"]
    search_fields = ["application__reference", "reason"]
    list_select_related = ["application", "actor"]
    date_hierarchy = "created_at"


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "subject", "email_status", "email_attempts", "read_at"]
    list_filter = ["email_status"]
    search_fields = ["subject", "recipient__username"]
    list_select_related = ["recipient"]


class PublicityEntryInline(admin.TabularInline):
    model = PublicityEntry
    extra = 0
    fields = ["application", "summary"]
    readonly_fields = ["application"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Publicity)
class PublicityAdmin(admin.ModelAdmin):
    list_display = ["title", "cycle", "stage", "starts_on", "ends_on", "article", "closed_at"]
    list_filter = ["cycle__city", "stage"]
    list_select_related = ["cycle"]
    readonly_fields = ["cycle", "stage", "recommender", "starts_on", "ends_on", "end_unconfirmed", "article",
                       "published_by", "published_at", "closed_at"]
    inlines = [PublicityEntryInline]

    def has_add_permission(self, request):
        return False  # published from the office pages (awards.domain.publicity.publish)


@admin.register(PublicityEntry)
class PublicityEntryAdmin(admin.ModelAdmin):
    list_display = ["publicity", "application"]
    list_select_related = ["publicity", "application"]
    readonly_fields = ["publicity", "application"]

    def has_add_permission(self, request):
        return False


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ["filed_at", "entry", "name", "outcome", "resolved_at"]
    list_filter = ["outcome"]
    readonly_fields = ["entry", "name", "contact", "text", "filed_at", "outcome", "resolution", "resolved_at"]

    def has_add_permission(self, request):
        return False  # filed by the public on the publicity page; resolved through the domain code


# ---------------------------------------------------------------- areas added by later work
# (intake and office sections are appended below)
