"""The public pages' cache: anonymous GETs served from the shared cache, per language, until what they show changes.

Why: during a 公示 the public pages get the load, and each costs queries and a template render. A page marked
with `@cached_page(kind, …)` is stored, for a visitor with no session cookie, under a key made of the path and
query, the language, today's date (Asia/Shanghai) and the version of each kind of data it shows. Saving such data
bumps its kind's version (`connect`, wired in PortalConfig.ready; the domain floors know nothing of this), so the
next request builds a new key and the old entries are never read again; the lifecycle's on-commit signals bump
again once the change is committed. The date in the key (and a lifetime that
ends at the next midnight) lets a publicity that ends by its dates show as ended on time.

`PageCacheMiddleware` sits right after WhiteNoise, before sessions and authentication, so a hit costs one cache
read (the versions are read at most once a second per process) and no query. Stored pages carry no CSRF token
and set no cookie; they get an ETag, Last-Modified and `Cache-Control: public, max-age, s-maxage`, so a reverse
proxy or CDN may keep them too (for s-maxage only: it hears of no change).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import secrets
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from awards import signals

PUBLICITY = "publicity"  # publicities opened, closed, their entries, objections and their outcomes
AWARDS = "awards"  # applications' states (the winners), decisions, announcements
CERTIFICATES = "certificates"  # issued, superseded, revoked
RULES = "rules"  # cities, rule-file versions (load_cities), cycles, calendars
KINDS = (PUBLICITY, AWARDS, CERTIFICATES, RULES)

# Models whose saving or deleting changes what the public pages show, by kind: (app label, model name).
WATCHED = {
    PUBLICITY: [("awards", "Publicity"), ("awards", "PublicityEntry"), ("awards", "Objection"),
                ("awards", "ObjectionStep")],
    AWARDS: [("awards", "Application"), ("awards", "Organisation"), ("awards", "Individual"),
             ("honours", "GovernmentDecision"), ("honours", "DecisionLine"), ("honours", "Announcement")],
    CERTIFICATES: [("honours", "Certificate")],
    RULES: [("cities", "City"), ("cities", "RuleSet"), ("cities", "CalendarOverride"), ("awards", "Cycle")],
}

STORE_SECONDS = 600  # in our own cache, which hears of every change (at most until the next midnight)
SHARED_SECONDS = 60  # s-maxage: a proxy or CDN hears of no change, so it keeps a page one minute at most
# max-age: a browser asks again each time (a 304 when nothing changed), because the language chosen by the link
# lives in a cookie that the cached copy does not vary on: a kept copy would show the old language after a switch
BROWSER_SECONDS = 0
VERSIONS_SECONDS = 1.0  # a process reads the versions again after this long
_seen = {"at": float("-inf"), "versions": {}}  # the versions this process read last, and when
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage: a message waits to be shown


def cached_page(*kinds: str):
    """Mark a public view as cacheable for anonymous visitors; `kinds` are the data it shows."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown page-cache kinds: {sorted(unknown)}")

    def mark(view):
        view.page_cache_kinds = tuple(kinds)
        return view

    return mark


def _version_key(kind: str) -> str:
    return f"pagecache:v:{kind}"


def new_version() -> str:
    """A version no earlier one had: a random token, not a counter. The file cache's incr is no atomic operation, so
    two bumps at once could both give the same next number, and a page built between them would stay readable."""
    return secrets.token_hex(8)


def bump(*kinds: str) -> None:
    """A new version for each kind: every stored page showing it is read no more."""
    for kind in kinds:
        value = new_version()
        cache.set(_version_key(kind), value, None)
        _seen["versions"][_version_key(kind)] = value  # this process sees its own change at once


def versions(kinds: tuple[str, ...]) -> str:
    """The current versions of these kinds. All kinds are read in one cache read at most once per
    VERSIONS_SECONDS per process (another process's change shows here that much later at most)."""
    now = time.monotonic()
    if now - _seen["at"] > VERSIONS_SECONDS:
        _seen["versions"] = cache.get_many([_version_key(kind) for kind in KINDS])
        _seen["at"] = now
    found = _seen["versions"]
    return ".".join(str(found.get(_version_key(kind), 0)) for kind in kinds)


def connect() -> None:
    """Bump a kind whenever one of its models is saved or deleted, and every kind when the lifecycle's signals say
    a change was committed (called once, from PortalConfig.ready)."""
    signals.transition_done.connect(_committed, weak=False, dispatch_uid="page_cache.transition_done")
    signals.objection_resolved.connect(_committed, weak=False, dispatch_uid="page_cache.objection_resolved")

    for kind, models in WATCHED.items():
        for label, name in models:
            model = apps.get_model(label, name)
            receiver = functools.partial(_changed, kind=kind)
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"page_cache.save.{label}.{name}")
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"page_cache.del.{label}.{name}")


def _changed(sender, kind: str, **kwargs) -> None:
    bump(kind)


def _committed(sender, **kwargs) -> None:
    """A status change or an objection's outcome, committed: bump again, so that a page another request rendered
    between the save (the first bump) and the commit, from the data as it was, is read no more."""
    bump(*KINDS)


@functools.lru_cache(maxsize=2048)
def kinds_of(path: str) -> tuple[str, ...] | None:
    """The kinds the view at this path shows, or None when it is no cached page."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_kinds", None)


def seconds_to_midnight(now: datetime.datetime | None = None) -> int:
    """Until the next midnight in the portal's time zone: a date on a page changes meaning then."""
    now = timezone.localtime(now)
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(),
                                         tzinfo=now.tzinfo)
    return max(1, int((midnight - now).total_seconds()))


def is_anonymous(request) -> bool:
    """No session (never signed in here) and no message waiting to be shown."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and MESSAGES_COOKIE not in cookies


def page_key(request, kinds: tuple[str, ...]) -> str:
    language = translation.get_language_from_request(request)
    today = timezone.localdate().isoformat()
    where = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"pagecache:p:{language}:{today}:{versions(kinds)}:{where}"


def _cache_control(response, ttl: int) -> None:
    shared = min(SHARED_SECONDS, ttl)
    response.headers["Cache-Control"] = f"public, max-age={min(BROWSER_SECONDS, shared)}, s-maxage={shared}"


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.headers.get("Cache-Control", "")
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    return b"csrfmiddlewaretoken" not in response.content


def _strip_cookie_vary(response) -> None:
    """The session was only looked at (the header asks whether someone is signed in): nothing depends on it."""
    vary = [v.strip() for v in response.headers.get("Vary", "").split(",") if v.strip()]
    kept = [v for v in vary if v.lower() != "cookie"]
    if kept:
        response.headers["Vary"] = ", ".join(kept)
    elif "Vary" in response.headers:
        del response.headers["Vary"]


class PageCacheMiddleware:
    """Serve and store the anonymous GETs of the pages marked `cached_page` (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        kinds = kinds_of(request.path_info) if request.method == "GET" and is_anonymous(request) else None
        if kinds is None:
            return self.get_response(request)
        key = page_key(request, kinds)
        entry = cache.get(key)
        if entry is not None:
            return self._answer(request, entry, hit=True)
        response = self.get_response(request)
        if not _storable(request, response):
            return response
        _strip_cookie_vary(response)
        ttl = min(STORE_SECONDS, seconds_to_midnight())
        headers = {k: v for k, v in response.headers.items() if k.lower() not in {"set-cookie", "cache-control"}}
        entry = {"content": response.content, "headers": headers, "expires": time.time() + ttl,
                 "etag": '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"',
                 "modified": time.time()}
        cache.set(key, entry, ttl)
        return self._answer(request, entry, hit=False, response=response)

    def _answer(self, request, entry: dict, *, hit: bool, response=None):
        if response is None:
            response = HttpResponse(entry["content"])
            for name, value in entry["headers"].items():
                response.headers[name] = value
        response.headers["ETag"] = entry["etag"]
        response.headers["Last-Modified"] = http_date(entry["modified"])
        response.headers["X-Page-Cache"] = "hit" if hit else "miss"
        _cache_control(response, max(1, int(entry["expires"] - time.time())))
        return get_conditional_response(request, etag=entry["etag"], last_modified=int(entry["modified"]),
                                        response=response)
