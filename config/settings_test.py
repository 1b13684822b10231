"""Test settings: the real settings, with a broker that never reaches a developer's running worker."""

import os
from urllib.parse import urlsplit, urlunsplit

# Tests run in "test" mode whatever the database (CI uses PostgreSQL): local static files and mail, a key of
# their own (var/secret_key), no HTTPS redirects. tests/test_deploy.py checks the production mode.
os.environ["DJANGO_ENV"] = "test"

from .settings import *  # noqa: E402, F403
from .settings import REDIS_URL  # noqa: E402


def _worker_redis_url(url: str, worker: str) -> str:
    """Under pytest-xdist (PYTEST_XDIST_WORKER gw0, gw1, …) each worker process gets its own Redis database, two
    apart (the production-shape test takes the one after REDIS_URL's: tests/production/harness.py), so one
    worker's Celery worker never takes a task queued by another's."""
    if not url or not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + 2 * int(worker[2:])
    return urlunsplit(parts._replace(path=f"/{number}"))


# With REDIS_URL (CI) the tests use the real Redis broker; otherwise an in-memory one.
CELERY_BROKER_URL = (os.environ.get("TEST_CELERY_BROKER_URL")
                     or _worker_redis_url(REDIS_URL, os.environ.get("PYTEST_XDIST_WORKER", "")) or "memory://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Uploaded files are never served by URL (only through permission-checked views; MEDIA_URL is None in
# the real settings). Django's live test server cannot start without a MEDIA_URL string, so tests get
# one that no page links to.
MEDIA_URL = "/never-served-media/"

# Each test process has its own cache, so counters (the objection throttle) never leak between runs.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Tests sign in with client.force_login: two-step verification is not asked (tests/security/test_login.py switches
# it on to test it).
OTP_ENFORCED = False
# Tests travel in time (a session made "now" would have expired on the travelled-to day): no idle timeout, except
# where tests/security/test_login.py sets it.
STAFF_IDLE_SECONDS = 0

# Sessions in the database whatever REDIS_URL says (production uses cached_db with Redis): tests expire and read
# session rows directly, and query counts are pinned alike on SQLite and on PostgreSQL + Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
