"""Django admin for the awards app, in Chinese.

Status fields are read-only here: an application's status changes only through
awards.domain.lifecycle.perform, which checks, audits and notifies. The audit trail is append-only,
so the admin can neither change nor delete it.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import (
    Application,
    AuditEntry,
    CityRoleGroup,
    Cycle,
    Declaration,
    Individual,
    Notice,
    Objection,
    Organisation,
    Publicity,
    PublicityEntry,
    RecommenderUnit,
    SelfAssessmentRevision,
    SelfAssessmentSection,
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
    list_display = ["name", "credit_code", "city", "legal_person", "is_sme", "industry", "industry_section",
                    "founded_on"]
    list_filter = ["city", "legal_person", "is_sme", "industry_section"]
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

    @admin.display(description=_("规则版本"))
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

    def has_add_permission(self, request):
        """Applications are started by their applicants in the portal (the lifecycle begins there), never here."""
        return False

    @admin.display(description=_("申报主体"))
    def applicant(self, obj):
        return obj.organisation.name if obj.organisation_id else obj.individual.name

    @admin.display(description=_("状态"), ordering="status")
    def status_label(self, obj):
        return staff_label(obj.status, obj.cycle.rule_set.rules)

    @admin.display(description=_("流程图"))
    def workflow(self, obj):
        url = reverse("public:workflow_svg", args=[obj.cycle.city.code])
        return format_html('<img src="{}" style="max-width:100%" alt="{}">', url, gettext("流程图"))


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
    can_delete = False

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

    def has_delete_permission(self, request, obj=None):
        return False  # deleting it would take its entries, objections and comments with it


@admin.register(PublicityEntry)
class PublicityEntryAdmin(admin.ModelAdmin):
    list_display = ["publicity", "application"]
    list_select_related = ["publicity", "application"]
    readonly_fields = ["publicity", "application"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ["filed_at", "entry", "name", "outcome", "resolved_at"]
    list_filter = ["outcome"]
    readonly_fields = ["entry", "name", "contact", "text", "filed_at", "outcome", "resolution", "resolved_at"]

    def has_add_permission(self, request):
        return False  # filed by the public on the publicity page; resolved through the domain code

    def has_delete_permission(self, request, obj=None):
        return False  # a record of the publicity: kept, never deleted


# ---------------------------------------------------------------- areas added by later work
# (intake and office sections are appended below)


# ---------------------------------------------------------------- office intake (eligibility, supplements, notices)
# Written by awards.domain.eligibility / supplements / formal_notices / mail_failures from the office pages;
# read-only here so that a decision, its notice and its document number cannot drift apart.
from .models import (  # noqa: E402
    EligibilityCheck,
    EligibilityCheckLine,
    FormalNotice,
    NoticeResend,
    SupplementItem,
    SupplementRequest,
)


class EligibilityCheckLineInline(admin.TabularInline):
    model = EligibilityCheckLine
    extra = 0
    fields = ["section", "text", "article", "verdict", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EligibilityCheck)
class EligibilityCheckAdmin(ReadOnlyAdmin):
    list_display = ["application", "checked_by", "updated_at", "rule_version"]
    list_filter = ["application__cycle__city"]
    list_select_related = ["application__organisation", "application__individual", "checked_by"]
    search_fields = ["application__reference"]
    inlines = [EligibilityCheckLineInline]


@admin.register(EligibilityCheckLine)
class EligibilityCheckLineAdmin(ReadOnlyAdmin):
    list_display = ["check_record", "section", "article", "verdict"]
    list_filter = ["section", "verdict"]
    list_select_related = ["check_record__application__organisation", "check_record__application__individual"]


class SupplementItemInline(admin.TabularInline):
    model = SupplementItem
    extra = 0
    fields = ["position", "text", "response"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupplementRequest)
class SupplementRequestAdmin(ReadOnlyAdmin):
    list_display = ["application", "requested_at", "deadline", "deadline_citation", "answered_at"]
    list_filter = ["application__cycle__city"]
    list_select_related = ["application__organisation", "application__individual"]
    search_fields = ["application__reference"]
    inlines = [SupplementItemInline]


@admin.register(SupplementItem)
class SupplementItemAdmin(ReadOnlyAdmin):
    list_display = ["request", "position", "text"]
    list_select_related = ["request__application__organisation", "request__application__individual"]


@admin.register(FormalNotice)
class FormalNoticeAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "application", "issued_on", "article"]
    list_filter = ["kind", "city", "year"]
    list_select_related = ["application__organisation", "application__individual"]
    search_fields = ["number", "application__reference"]
    exclude = ["file"]  # the PDF is served only by the permission-checked view (supplement:formal_notice)
    readonly_fields = ["pdf_link"]

    @admin.display(description=_("文件"))
    def pdf_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("applicant:formal_notice", args=[obj.pk]),
                           obj.get_kind_display())


@admin.register(NoticeResend)
class NoticeResendAdmin(ReadOnlyAdmin):
    list_display = ["notice", "requested_by", "requested_at"]
    list_select_related = ["notice", "requested_by"]


# ---------------------------------------------------------------- applicant intake (documents, access log, joins)
from .models import Document, DocumentAccess, MembershipRequest, Revocation  # noqa: E402


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Files are opened only through the permission-checked view (awards.domain.documents.can_open), never here."""

    list_display = ["original_name", "application", "kind", "secret_kind", "file_type", "size", "uploaded_by",
                    "uploaded_at", "removed_at"]
    list_filter = ["kind", "secret_kind", "file_type", "application__cycle__city"]
    search_fields = ["original_name", "application__reference", "sha256"]
    list_select_related = ["application", "uploaded_by"]
    fields = ["application", "kind", "secret_kind", "original_name", "file_type", "size", "sha256", "uploaded_by",
              "uploaded_at", "removed_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # uploaded by applicants through awards.domain.documents.store_upload

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentAccess)
class DocumentAccessAdmin(ReadOnlyAdmin):
    list_display = ["opened_at", "user", "document", "confidential"]
    list_filter = ["confidential", "document__application__cycle__city"]
    search_fields = ["user__username", "document__original_name", "document__application__reference"]
    list_select_related = ["user", "document"]
    date_hierarchy = "opened_at"


from .models import MeasureConfirmation  # noqa: E402


@admin.register(MeasureConfirmation)
class MeasureConfirmationAdmin(ReadOnlyAdmin):
    """The office's confirmations of opening a cycle under a draft or expired text (append-only)."""

    list_display = ["created_at", "cycle", "actor", "standing", "measure_title", "article"]
    list_filter = ["standing", "cycle__city"]
    search_fields = ["reason", "measure_title"]
    list_select_related = ["cycle__city", "actor"]
    date_hierarchy = "created_at"


@admin.register(MembershipRequest)
class MembershipRequestAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "organisation", "user", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    search_fields = ["organisation__name", "organisation__credit_code", "user__username"]
    list_select_related = ["organisation", "user", "decided_by"]


@admin.register(Revocation)
class RevocationAdmin(ReadOnlyAdmin):
    list_display = ["application", "ground", "article", "revoked_on"]
    list_filter = ["ground"]
    list_select_related = ["application"]


# ---------------------------------------------------------------- numbers (W3's NumberSequence), read-only
from .models import NumberSequence  # noqa: E402


@admin.register(NumberSequence)
class NumberSequenceAdmin(ReadOnlyAdmin):
    list_display = ["city", "year", "kind", "last"]
    list_filter = ["city", "kind"]


# ---------------------------------------------------------------- users: nobody with a history is deleted
# Audit entries, notices, documents, votes, access logs... name their user; the records are kept (at least six
# months for the logs, 网络安全法 第二十一条), so such a user is deactivated (is_active), never deleted.
from django.contrib import messages  # noqa: E402
from django.contrib.admin.utils import unquote  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.admin import UserAdmin  # noqa: E402
from django.shortcuts import redirect  # noqa: E402

RECORD_APPS = ("cities", "awards", "reviews", "honours")


def history_of(user) -> list[str]:
    """The kinds of record of this portal that name the user (their verbose names), empty if none."""
    found = set()
    for relation in type(user)._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label in RECORD_APPS and model._base_manager.filter(**{relation.field.name: user}).exists():
            found.add(str(model._meta.verbose_name))
    return sorted(found)


def _refusal(user, history) -> str:
    return gettext("用户“%(user)s”已有%(history)s等记录，这些记录须留存，不能删除该用户；"
                   "如需停止其使用，请取消“有效”以停用账号。") % {"user": user, "history": "、".join(history)}


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserWithHistoryAdmin(UserAdmin):
    """Django's user admin, but a user named in any record is never deleted (deactivate instead)."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and history_of(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, unquote(object_id))
        history = history_of(user) if user is not None else []
        if history:
            self.message_user(request, _refusal(user, history), messages.ERROR)
            return redirect("admin:auth_user_change", user.pk)
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        """The bulk delete action: users with a history are listed as protected, so nothing is deleted."""
        deletable, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refused = [_refusal(user, history) for user in objs if (history := history_of(user))]
        if refused:  # shown as the page's "protected" list, in place of Django's "no permission" for those users
            return deletable, counts, set(), [*protected, *refused]
        return deletable, counts, perms_needed, protected


# ---------------------------------------------------------------- objections by the bodies, complaints (issue 11)
from .models import Complaint, ComplaintStep, ObjectionStep  # noqa: E402


@admin.register(ObjectionStep)
class ObjectionStepAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "objection", "kind", "actor_role", "sustain", "article"]
    list_filter = ["kind", "actor_role"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    """Filed on the public form, answered on the office's page (awards.domain.complaints)."""

    list_display = ["reference", "city", "filed_at", "state", "answered_at"]
    list_filter = ["city", "state"]
    search_fields = ["reference"]


@admin.register(ComplaintStep)
class ComplaintStepAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "complaint", "kind", "actor_role", "article"]


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    """The declarations (申报承诺) an applicant signed at submission (append-only)."""

    list_display = ["signed_at", "application", "key", "article", "signed_by"]
    list_filter = ["application__cycle__city"]
    search_fields = ["application__reference", "text"]
    list_select_related = ["application", "signed_by"]
    date_hierarchy = "signed_at"


@admin.register(SelfAssessmentSection)
class SelfAssessmentSectionAdmin(ReadOnlyAdmin):
    """The online 自评报告's sections (the applicant writes them; read-only here)."""

    list_display = ["application", "item_key", "title", "version", "updated_at", "updated_by"]
    list_filter = ["application__cycle__city"]
    search_fields = ["application__reference", "text"]
    list_select_related = ["application", "updated_by"]


@admin.register(SelfAssessmentRevision)
class SelfAssessmentRevisionAdmin(ReadOnlyAdmin):
    """Every saved text of a section, and a stale tab's text that was kept, not applied (append-only)."""

    list_display = ["saved_at", "section", "version", "stale", "saved_by"]
    list_filter = ["stale"]
    search_fields = ["section__application__reference", "text"]
    list_select_related = ["section", "saved_by"]
