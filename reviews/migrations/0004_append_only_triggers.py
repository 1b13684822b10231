"""On PostgreSQL the database itself refuses to change or delete the ranking and committee records.

Ranking weights, confirmed shortlists and their entries, committee votes and tallies are AppendOnly in the ORM
(core.models.AppendOnly); these triggers refuse UPDATE and DELETE from raw SQL and any other client too. With
0003 (recusals, pledges, public comments) every append-only table of this app has one. TRUNCATE is refused by
privilege: the portal's database role is not granted it (see `manage.py grant_app_role`).
"""

from django.db import migrations

TABLES = [
    "reviews_rankingweights",
    "reviews_shortlist",
    "reviews_shortlistentry",
    "reviews_committeevote",
    "reviews_committeetally",
]

# The same function as 0003 (CREATE OR REPLACE: harmless if it is already there; 0003 drops it when reversed).
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


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION)
        for table in TABLES:
            schema_editor.execute(CREATE_TRIGGER.format(table=table))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(DROP_TRIGGER.format(table=table))


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_review_logs_append_only")]

    operations = [migrations.RunPython(forwards, backwards)]
