"""The office's lists from the shared cache, until any of the portal's own data changes (issue 13, P2).

Why: an office queue page is looked at far more often than the applications change, and building it (the stage
counts over every application of the city, one page of rows with their deadlines, the filters) was most of its
time. A queue page's body (the same for every office user of the city: portal/office/views.py queue) and the side
bars' counts (side_tabs: every office page with the side bar, the office home) are kept under a key made of what
they depend on (the city, the stage, the filters and page in the query, the language, today's date) and of one
version (a token that changes).

The version changes whenever a row of our own apps (cities, awards, reviews, honours) is saved or deleted, whenever
application rows are written in bulk (awards.signals.applications_updated), and again when that change is
committed, so a list built from the data as it was between the write and the commit is read no more. It is read
from the shared cache on every request (never remembered by a process), so the next request after a change,
whichever process answers it, builds the list anew. Nothing is kept longer than ENTRY_SECONDS, or past midnight.

Who may see a list is asked before the cache is (the views' permission checks): the cache only spares the building.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

from awards import signals
from portal.shared.page_cache import new_version, seconds_to_midnight

OWN_APPS = ("cities", "awards", "reviews", "honours")  # whose rows the office's lists are built from
VERSION_KEY = "officecache:v"
ENTRY_SECONDS = 300  # a list is built anew at least this often, whatever happens
_MISSING = object()


def version() -> str:
    """The current version: one cache read."""
    found = cache.get(VERSION_KEY)
    if found is None:  # never set, or the cache was cleared
        cache.add(VERSION_KEY, new_version(), None)
        found = cache.get(VERSION_KEY)
    return found


def bump() -> None:
    """A new version (page_cache.new_version: a token, not a counter): every list kept so far is read no more."""
    cache.set(VERSION_KEY, new_version(), None)


def _key(parts: tuple, current: str) -> str:
    language = translation.get_language() or ""
    where = hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()
    return f"officecache:{current}:{language}:{timezone.localdate().isoformat()}:{where}"


def fetch(parts: tuple, build: Callable[[], Any]) -> Any:
    """The value kept under `parts` (a tuple of what it depends on besides the language and the day), or what
    build() returns, then kept. Two cache reads when it is kept (the version, the value)."""
    key = _key(parts, version())
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = build()
        cache.set(key, found, min(ENTRY_SECONDS, seconds_to_midnight()))
    return found


# -- hearing of changes ------------------------------------------------------------------------
def _after_commit() -> None:
    """bump, as registered with on_commit (its own function: _changed looks for it among the waiting callbacks)."""
    bump()


def _changed(sender=None, **kwargs) -> None:
    """Bump now, and once more when the writer's transaction commits (registered once per transaction)."""
    bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(entry[1] is _after_commit for entry in connection.run_on_commit):
        transaction.on_commit(_after_commit)


def _links_changed(sender, **kwargs) -> None:
    if sender._meta.app_label in OWN_APPS:  # a many-to-many table of our own
        _changed()


def connect() -> None:
    """Hear of every save and delete of our own apps' rows, of their many-to-many links and of bulk application
    updates (called once, from PortalConfig.ready)."""
    for label in OWN_APPS:
        for model in apps.get_app_config(label).get_models():
            uid = f"office_cache.{label}.{model.__name__}"
            post_save.connect(_changed, sender=model, weak=False, dispatch_uid=f"{uid}.save")
            post_delete.connect(_changed, sender=model, weak=False, dispatch_uid=f"{uid}.delete")
    m2m_changed.connect(_links_changed, weak=False, dispatch_uid="office_cache.links")
    signals.applications_updated.connect(_changed, weak=False, dispatch_uid="office_cache.applications_updated")
