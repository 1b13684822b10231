"""On PostgreSQL the database itself refuses to change or delete document access log rows."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION awards_documentaccess_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the document access log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER awards_documentaccess_no_change
    BEFORE UPDATE OR DELETE ON awards_documentaccess
    FOR EACH ROW EXECUTE FUNCTION awards_documentaccess_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS awards_documentaccess_no_change ON awards_documentaccess;
DROP FUNCTION IF EXISTS awards_documentaccess_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("awards", "0004_office_intake")]

    operations = [migrations.RunPython(forwards, backwards)]
