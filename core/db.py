"""SQLite for several people at once (the embedded mode of scripts/run).

The settings open every SQLite connection with a write-ahead log, a 20-second busy timeout and
`BEGIN IMMEDIATE` transactions (config/settings.py, DATABASES). What can still fail is a writer that waited
longer than the timeout: "database is locked". `retrying` runs a write again a few times when that
happens outside any transaction; `LockRetryMiddleware` does the same for a whole view (its transactions
rolled back) and, when the database stays busy, answers with the portal's Chinese "please try again" page
instead of an error. On PostgreSQL nothing here ever triggers.
"""

from __future__ import annotations

import logging
import random
import time
from functools import wraps

from django.db import OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

ATTEMPTS = 4
BACKOFF_SECONDS = 0.2


def is_locked(error: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked" (a busy writer outlasted the timeout)."""
    return isinstance(error, OperationalError) and "is locked" in str(error)


def can_retry() -> bool:
    """Only a whole transaction can run again: not from inside an atomic block (its work would be half gone)."""
    return not connection.in_atomic_block


def pause(attempt: int) -> None:
    time.sleep(BACKOFF_SECONDS * (2**attempt) * (0.5 + random.random()))


def retrying(func):
    """Run `func` (a write that opens its own transaction) again when SQLite says the database is locked."""

    @wraps(func)
    def wrapped(*args, **kwargs):
        for attempt in range(ATTEMPTS):
            try:
                return func(*args, **kwargs)
            except OperationalError as error:
                if not is_locked(error) or not can_retry() or attempt == ATTEMPTS - 1:
                    raise
                log.warning("database is locked; retrying %s (attempt %s)", func.__qualname__, attempt + 2)
                pause(attempt)
        raise AssertionError("unreachable")

    return wrapped


class LockRetryMiddleware:
    """A view that failed with "database is locked" runs again (its transactions were rolled back; not when a
    transaction is still open around it); if the database stays busy, the user reads a Chinese page asking to
    try again (503), never a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_locked(exception):
            return None
        match = request.resolver_match
        retries = getattr(request, "_lock_retries", 0)
        if match is not None and retries < ATTEMPTS - 1 and can_retry():
            request._lock_retries = retries + 1
            log.warning("database is locked; running %s again (attempt %s)", request.path, retries + 2)
            pause(retries)
            try:
                return match.func(request, *match.args, **match.kwargs)
            except OperationalError as error:
                if is_locked(error):
                    return self.process_exception(request, error)
                raise
        log.error("database is locked after %s attempts: %s", retries + 1, request.path)
        return busy_response(request)


def busy_response(request):
    """The self-contained 500 page (no database, no context processors) with the "busy" message, as a 503."""
    body = loader.render_to_string("500.html", {"busy": True, "message": _("系统繁忙，您的操作未能保存，请稍后重试。")})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "5"
    return response
