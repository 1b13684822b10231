"""The audit trail's hash chain: each entry carries sha256(its content + the previous entry's chain hash).

Editing, inserting or deleting a row breaks the chain at that row (or the next one);
`manage.py verify_audit_chain` walks the chain in insertion order (pk) and names the first broken entry.
Pure functions over plain values, so the migration that hashes the existing rows uses the same code.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

# The fields an entry's hash covers, in this order. Adding a field means a new chain version: never reorder.
CONTENT_FIELDS = ("application_id", "action", "actor_id", "actor_role", "from_state", "to_state", "reason",
                  "article", "rule_version", "created_at")

# pg_advisory_xact_lock key ("audit" as a 64-bit number): held from choosing the previous entry until commit.
LOCK_KEY = 0x6175646974


def content_of(entry) -> dict:
    """The hashed values of an AuditEntry (or of a historical model's row in a migration)."""
    return {name: getattr(entry, name) for name in CONTENT_FIELDS}


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def entry_hash(content: dict, previous_hash: str) -> str:
    """sha256 over the canonical JSON of the content fields and the previous entry's chain hash."""
    values = [[name, _plain(content.get(name))] for name in CONTENT_FIELDS]
    payload = json.dumps({"previous": previous_hash or "", "content": values}, ensure_ascii=False,
                         separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def lock(connection) -> None:
    """Serialise the writers of the chain until the current transaction ends (PostgreSQL; SQLite has one writer)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def first_break(rows) -> tuple[object, str] | None:
    """`rows`: the entries in chain order (pk). The first entry whose link or hash does not match, and why."""
    previous = ""
    for row in rows:
        if (row.previous_hash or "") != previous:
            return row, "previous"
        if row.chain_hash != entry_hash(content_of(row), row.previous_hash):
            return row, "content"
        previous = row.chain_hash
    return None
