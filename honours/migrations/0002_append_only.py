"""On PostgreSQL the database itself refuses to change or delete the ledger, 复评 records and revocation steps."""

from django.db import migrations

TABLES = ["honours_ledgerentry", "honours_reevaluationrecord", "honours_revocationcasestep"]


def _create(table: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{table} is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_no_change
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
"""


def _drop(table: str) -> str:
    return f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}; DROP FUNCTION IF EXISTS {table}_append_only();"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(_create(table))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(_drop(table))


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
