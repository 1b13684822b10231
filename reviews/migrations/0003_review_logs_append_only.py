"""On PostgreSQL the database itself refuses to change or delete recusals, pledges and public comments.

The models refuse it too (awards.models.AppendOnly); this covers raw SQL and other clients.
"""

from django.db import migrations

TABLES = ["reviews_recusal", "reviews_pledge", "reviews_publiccomment"]

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION reviews_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only';
END;
$$ LANGUAGE plpgsql;
"""
CREATE_TRIGGER = """
CREATE TRIGGER {table}_no_change
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION reviews_log_append_only();
"""
DROP_TRIGGER = "DROP TRIGGER IF EXISTS {table}_no_change ON {table};"
DROP_FUNCTION = "DROP FUNCTION IF EXISTS reviews_log_append_only();"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION)
        for table in TABLES:
            schema_editor.execute(CREATE_TRIGGER.format(table=table))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(DROP_TRIGGER.format(table=table))
        schema_editor.execute(DROP_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_ranking_committee")]

    operations = [migrations.RunPython(forwards, backwards)]
