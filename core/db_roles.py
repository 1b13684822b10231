"""Two database roles: the owner of the tables runs the migrations, the portal runs as a role that only reads and
writes rows (SELECT, INSERT, UPDATE, DELETE; no TRUNCATE, ALTER, DROP, no disabling the append-only triggers).

- `DATABASE_URL` is the portal's role (web, Celery worker and beat).
- `MIGRATION_DATABASE_URL` (optional) is the owner: `manage.py migrate` and `manage.py grant_app_role` switch the
  default connection to it for the length of the command. Unset (SQLite, a developer's database, the tests), both
  run as `DATABASE_URL`.
- `manage.py grant_app_role`, run as the owner after the migrations, creates or updates the portal's role (its
  name and password are those of `DATABASE_URL`) and grants it the row privileges, now and for tables to come.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dj_database_url
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# The owner's credentials and server; the database stays the connection's own (under the tests: the test database).
CONNECTION_KEYS = ("USER", "PASSWORD", "HOST", "PORT")


def owner_url() -> str:
    return getattr(settings, "MIGRATION_DATABASE_URL", "") or ""


@contextmanager
def as_owner(alias: str = DEFAULT_DB_ALIAS) -> Iterator[object]:
    """The `alias` connection, as the owner role of MIGRATION_DATABASE_URL while inside (unchanged if unset)."""
    connection = connections[alias]
    url = owner_url()
    if not url:
        yield connection
        return
    owner = dj_database_url.parse(url)
    saved = {key: connection.settings_dict.get(key) for key in CONNECTION_KEYS}
    connection.close()
    connection.settings_dict.update({key: owner.get(key) for key in CONNECTION_KEYS})
    try:
        yield connection
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def app_role_sql(role: str, database: str) -> list[str]:
    """The grants of the portal's role (identifiers already quoted). Run by the owner of the tables."""
    return [
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {role}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"REVOKE CREATE ON SCHEMA public FROM {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
