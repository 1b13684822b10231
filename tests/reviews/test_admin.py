"""reviews.admin: panels, their members and declared relations are read-only."""

from django.contrib import admin
from django.test import RequestFactory

from reviews.models import DeclaredRelation, Panel, PanelMember

from .. import factories


def test_panels_members_and_relations_are_read_only_in_the_admin(cities):
    request = RequestFactory().get("/admin/")
    request.user = factories.UserFactory(is_staff=True, is_superuser=True)
    for model in (Panel, PanelMember, DeclaredRelation):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    for inline in admin.site._registry[Panel].get_inline_instances(request):
        assert not inline.has_add_permission(request, None) and not inline.has_change_permission(request)
