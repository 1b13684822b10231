from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import CalendarOverride, City, RuleSet


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "rules_link"]
    fields = ["code", "name", "province", "office_telephone", "office_address", "office_email"]

    @admin.display(description=_("规则与流程图"))
    def rules_link(self, obj):
        return format_html('<a href="/cities/{}/rules/">{}</a> · <a href="/cities/{}/workflow.svg">{}</a>',
                           obj.code, gettext("查看规则"), obj.code, gettext("流程图"))


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["city", "version", "source_file", "loaded_at", "digest"]
    list_filter = ["city"]
    readonly_fields = ["city", "version", "digest", "content", "source_file", "loaded_at", "diagram"]

    def has_add_permission(self, request):
        return False  # versions come from the rule files (manage.py load_cities)

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("流程图"))
    def diagram(self, obj):
        return format_html('<img src="/cities/{}/workflow.svg" style="max-width:100%">', obj.city.code)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note", "created_at"]
    date_hierarchy = "date"
