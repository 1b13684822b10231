"""Records nobody can rewrite: the append-only tables refuse the portal's own database role, the audit trail's hash
chain shows an edited or removed row, the admin deletes no record and no user with a history, and a superuser
is no applicant and no expert."""

import io
import os
import threading

import psycopg2
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from awards.domain import access, lifecycle
from awards.models import AuditEntry, Objection, PublicityEntry
from cities.schema import Role
from core.errors import TransitionDenied
from core.models import AppendOnly
from tests import factories as f
from tests.builders.intake import in_local_publicity

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles and triggers: PostgreSQL")
APP_ROLE = os.environ.get("PORTAL_APP_ROLE", "portal_app")


def append_only_models():
    return [m for m in apps.get_models() if issubclass(m, AppendOnly)]


def _dummy(field):
    """A value of the column's type; foreign keys point nowhere (inserted with the FK triggers off)."""
    if field.is_relation:
        return 1
    kind = field.get_internal_type()
    if kind in ("DateTimeField",):
        return timezone.now()
    if kind == "DateField":
        return timezone.localdate()
    if kind == "BooleanField":
        return False
    if kind == "JSONField":
        return {}
    if kind in ("CharField", "TextField", "SlugField", "EmailField", "FileField", "ImageField"):
        return "x"
    return 1


def _one_row_each():
    """One row in every append-only table, written as the owner with triggers (also FK checks) switched off."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            for model in append_only_models():
                values = {field.attname: _dummy(field) for field in model._meta.concrete_fields
                          if not field.primary_key}
                model.objects.bulk_create([model(**values)])
        finally:
            cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def app_role_cursor(transactional_db):
    """A cursor of the portal's database role (granted by `grant_app_role`, as in production and CI)."""
    call_command("grant_app_role", role=APP_ROLE)
    settings = connection.settings_dict
    conn = psycopg2.connect(dbname=settings["NAME"], user=APP_ROLE, host=settings["HOST"] or "127.0.0.1",
                            port=settings["PORT"] or 5432)
    conn.autocommit = True
    try:
        yield conn.cursor()
    finally:
        conn.close()


def _refused(cursor, statement) -> str:
    with pytest.raises(psycopg2.Error) as caught:
        cursor.execute(statement)
    return str(caught.value)


def test_every_append_only_model_is_known():
    tables = {m._meta.db_table for m in append_only_models()}
    assert {"awards_auditentry", "awards_documentaccess", "reviews_committeevote", "reviews_committeetally",
            "reviews_shortlist", "reviews_shortlistentry", "reviews_rankingweights", "honours_ledgerentry"} <= tables
    assert len(tables) >= 13


@postgres_only
def test_the_portal_role_cannot_update_delete_or_truncate_any_append_only_table(app_role_cursor):
    _one_row_each()
    cursor = app_role_cursor
    for model in append_only_models():
        table = model._meta.db_table
        cursor.execute(f"SELECT count(*) FROM {table}")  # the role reads …
        assert cursor.fetchone()[0] == 1, table
        assert "append-only" in _refused(cursor, f"UPDATE {table} SET id = id"), table  # … but never rewrites
        assert "append-only" in _refused(cursor, f"DELETE FROM {table}"), table
        assert "permission denied" in _refused(cursor, f"TRUNCATE {table}"), table
        assert "must be owner" in _refused(cursor, f"ALTER TABLE {table} DISABLE TRIGGER ALL"), table
        assert "must be owner" in _refused(cursor, f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}"), table
        cursor.execute(f"SELECT count(*) FROM {table}")
        assert cursor.fetchone()[0] == 1, table
    assert "permission denied" in _refused(cursor, "SET session_replication_role = replica")
    assert "permission denied" in _refused(cursor, "CREATE TABLE sneaky (i int)")


@postgres_only
def test_the_portal_role_owns_nothing_and_is_no_superuser(app_role_cursor):
    cursor = app_role_cursor
    cursor.execute("SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = %s",
                   [APP_ROLE])
    assert cursor.fetchone() == (False, False, False, False)
    cursor.execute("SELECT count(*) FROM pg_tables WHERE tableowner = %s", [APP_ROLE])
    assert cursor.fetchone()[0] == 0


# -- the audit chain --------------------------------------------------------------------------------------
def _three_entries():
    cycle = f.cycle_for("jinan", published=timezone.localdate())
    apps_ = [f.application_for(cycle) for _ in range(3)]
    for app in apps_:
        lifecycle.perform(app, "submit", f.member(app.organisation))
    return list(AuditEntry.objects.order_by("pk"))


def _verify() -> str:
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def _owner_sql(statement, params):
    """Raw SQL as the owner, the append-only trigger switched off for it (what a tamperer with the owner could do)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks: ALTER TABLE needs none
            cursor.execute("ALTER TABLE awards_auditentry DISABLE TRIGGER awards_auditentry_no_change")
        cursor.execute(statement, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE awards_auditentry ENABLE TRIGGER awards_auditentry_no_change")


def test_each_entry_chains_to_the_previous_one(cities):
    first, second, third = _three_entries()
    assert first.previous_hash == "" and len(first.chain_hash) == 64
    assert second.previous_hash == first.chain_hash
    assert third.previous_hash == second.chain_hash
    assert _verify().startswith("OK")


def test_the_verifier_names_the_first_edited_entry(cities):
    first, second, third = _three_entries()
    _owner_sql("UPDATE awards_auditentry SET reason = %s WHERE id = %s", ["事后改写", second.pk])
    with pytest.raises(CommandError) as caught:
        _verify()
    assert f"#{second.pk}" in str(caught.value) and "被改动" in str(caught.value)
    assert caught.value.returncode == 1


def test_the_verifier_notices_a_removed_entry(cities):
    first, second, third = _three_entries()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM awards_notice WHERE audit_entry_id = %s", [second.pk])
    _owner_sql("DELETE FROM awards_auditentry WHERE id = %s", [second.pk])
    with pytest.raises(CommandError) as caught:
        _verify()
    assert f"#{third.pk}" in str(caught.value)


def test_a_stored_entry_cannot_be_saved_again(cities):
    entry = _three_entries()[0]
    entry.reason = "改"
    with pytest.raises(PermissionError):
        entry.save()


# -- the admin keeps the records ---------------------------------------------------------------------------
@pytest.fixture
def root(db):
    return f.UserFactory(username="root", is_staff=True, is_superuser=True)


def test_the_admin_deletes_no_objection_and_no_publicity_entry(client, root, cities):
    _app, _cast, _user, notice, objection = in_local_publicity()
    entry = notice.entries.get()
    client.force_login(root)
    for url in (reverse("admin:awards_objection_delete", args=[objection.pk]),
                reverse("admin:awards_publicityentry_delete", args=[entry.pk]),
                reverse("admin:awards_publicity_delete", args=[notice.pk])):
        assert client.post(url, {"post": "yes"}).status_code == 403, url
    assert Objection.objects.filter(pk=objection.pk).exists()
    assert PublicityEntry.objects.filter(pk=entry.pk).exists()


def test_a_user_with_a_history_is_not_deleted_and_told_why_in_chinese(client, root, cities):
    entry = _three_entries()[0]
    member = entry.actor
    client.force_login(root)
    response = client.post(reverse("admin:auth_user_delete", args=[member.pk]), {"post": "yes"}, follow=True)
    assert get_user_model().objects.filter(pk=member.pk).exists()
    page = response.content.decode()
    assert "不能删除该用户" in page and "审计记录" in page
    response = client.post(reverse("admin:auth_user_changelist"),
                           {"action": "delete_selected", "_selected_action": [member.pk], "post": "yes"})
    assert get_user_model().objects.filter(pk=member.pk).exists()
    assert "不能删除该用户" in response.content.decode()


def test_a_user_without_a_history_can_be_deleted(client, root, db):
    nobody = f.UserFactory(username="nobody")
    client.force_login(root)
    client.post(reverse("admin:auth_user_delete", args=[nobody.pk]), {"post": "yes"})
    assert not get_user_model().objects.filter(pk=nobody.pk).exists()


# -- a superuser is nobody's applicant or expert ---------------------------------------------------------
def test_a_superuser_does_not_act_as_applicant(root, cities):
    cycle = f.cycle_for("wuhan", published=timezone.localdate())
    app = f.application_for(cycle)
    assert not access.check(root, "applicant.application", app)
    assert "submit" not in lifecycle.available_actions(app, root)
    with pytest.raises(TransitionDenied):
        lifecycle.perform(app, "submit", root)
    entry = lifecycle.perform(app, "submit", f.member(app.organisation))
    assert entry.actor_role == Role.APPLICANT.value and entry.actor != root


def test_a_superuser_is_no_expert_but_keeps_the_roles_granted_to_everyone_else(root, cities):
    cycle = f.cycle_for("wuhan", published=timezone.localdate())
    app = f.application_for(cycle)
    lifecycle.perform(app, "submit", f.member(app.organisation))
    assert not access.holds(root, Role.EXPERT, app)
    assert not access.holds(root, Role.APPLICANT, app)
    assert access.holds(f.member(app.organisation), Role.APPLICANT, app)


@postgres_only
def test_concurrent_writers_chain_one_after_another(transactional_db, cities):
    """Eight submissions at once (eight connections): the advisory lock makes every entry chain to the one before."""
    cycle = f.cycle_for("qujing", published=timezone.localdate())
    work = [(app, f.member(app.organisation)) for app in (f.application_for(cycle) for _ in range(8))]
    barrier = threading.Barrier(len(work))
    errors = []

    def submit(app, member):
        try:
            barrier.wait()
            lifecycle.perform(app, "submit", member)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=pair) for pair in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    entries = list(AuditEntry.objects.order_by("pk"))
    assert len(entries) == 8
    assert len({e.previous_hash for e in entries}) == 8  # no fork: no two entries share a predecessor
    assert _verify().startswith("OK")
