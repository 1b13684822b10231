"""The API's responses, cached like the public pages: the serialised body in the shared cache under a key made of
the path and query, language, today's date and the page cache's version of each kind of data it shows
(portal/shared/page_cache.py), so a change is seen at once; `Cache-Control: public, s-maxage` lets a proxy keep it
for a minute too (it hears of no change)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation
from pydantic import TypeAdapter

from portal.shared import page_cache

JSON = "application/json; charset=utf-8"


def cache_control(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = (f"public, max-age={page_cache.BROWSER_SECONDS}, "
                                 f"s-maxage={page_cache.SHARED_SECONDS}")
    return response


def _key(request, kinds: tuple[str, ...]) -> str:
    raw = "|".join((request.get_full_path(), translation.get_language() or "", timezone.localdate().isoformat(),
                    page_cache.versions(kinds)))
    return "api:v1:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(request, kinds: tuple[str, ...], build: Callable[[], bytes], content_type: str = JSON,
           filename: str = "") -> HttpResponse:
    """The body `build` makes, from the cache when nothing it shows has changed. `build` raises (a 404) rather than
    return an error body, so errors are never stored."""
    key = _key(request, kinds)
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, page_cache.STORE_SECONDS)
    response = HttpResponse(body, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return cache_control(response)


def json_of(schema, value) -> bytes:
    """`value` validated by `schema` (a ninja Schema, or a list of one) and serialised: what the OpenAPI says."""
    return TypeAdapter(schema).dump_json(TypeAdapter(schema).validate_python(value))
