"""The PostgreSQL half of `core.models.AppendOnly`: a trigger per table that refuses UPDATE and DELETE from any
client, for migrations to add (`migrations.RunPython(*append_only_triggers(function, tables))`). Migrations
depend on this text: change it only by adding, never by editing what an applied migration ran."""

from __future__ import annotations

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only';
END;
$$ LANGUAGE plpgsql;
"""
CREATE_TRIGGER = """
CREATE TRIGGER {table}_no_change
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
"""
DROP_TRIGGER = "DROP TRIGGER IF EXISTS {table}_no_change ON {table};"


def append_only_triggers(function: str, tables: list[str]):
    """(forwards, backwards) for migrations.RunPython: on PostgreSQL, the shared trigger function `function` and
    one trigger per table; elsewhere nothing (the ORM refuses the change there)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(CREATE_FUNCTION.format(function=function))
            for table in tables:
                schema_editor.execute(CREATE_TRIGGER.format(table=table, function=function))

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table in tables:
                schema_editor.execute(DROP_TRIGGER.format(table=table))

    return forwards, backwards
