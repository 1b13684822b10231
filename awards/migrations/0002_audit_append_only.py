"""On PostgreSQL the database itself refuses to change or delete audit records."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION awards_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER awards_auditentry_no_change
    BEFORE UPDATE OR DELETE ON awards_auditentry
    FOR EACH ROW EXECUTE FUNCTION awards_auditentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS awards_auditentry_no_change ON awards_auditentry;
DROP FUNCTION IF EXISTS awards_auditentry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
