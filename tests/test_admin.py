"""The Django admin covers every model, in Chinese, and keeps the audit trail read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from awards.domain import lifecycle
from awards.models import Application, AuditEntry

from . import factories as f


@pytest.fixture
def superuser(db):
    return f.UserFactory(username="root", is_staff=True, is_superuser=True)


def test_every_model_is_registered(cities):
    from django.apps import apps

    ours = [m for app in ("cities", "awards", "reviews") for m in apps.get_app_config(app).get_models()]
    missing = [m._meta.label for m in ours if m not in admin.site._registry]
    assert missing == []


def test_every_changelist_and_add_page_opens_in_chinese(client, superuser, cities):
    cycle = f.cycle_for("jinan", published=timezone.localdate())
    app = f.application_for(cycle)
    lifecycle.perform(app, "submit", f.member(app.organisation))
    client.force_login(superuser)
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
        assert "质量奖管理平台" in response.content.decode()
    response = client.get(reverse("admin:awards_application_change", args=[app.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "审计记录" in page and "流程图" in page


def test_audit_trail_cannot_be_changed_or_deleted_in_admin(client, superuser, cities):
    cycle = f.cycle_for("wuhan", published=timezone.localdate())
    app = f.application_for(cycle)
    lifecycle.perform(app, "submit", f.member(app.organisation))
    entry = AuditEntry.objects.get(application=app)
    client.force_login(superuser)
    response = client.post(reverse("admin:awards_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    response = client.post(reverse("admin:awards_application_change", args=[app.pk]), {"status": "awarded"})
    assert Application.objects.get(pk=app.pk).status != "awarded"
