"""The open-data API (质量奖开放数据): read-only public lists, their OpenAPI document, rate limit and Chinese errors.

Who: anyone (public), like the public pages; every operation is GET. The docs page is a portal page listing the
paths and linking the OpenAPI JSON: Swagger UI needs inline and CDN scripts, which the site's CSP (script-src 'self')
forbids.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.throttling import AnonRateThrottle

from portal.decorators import public
from portal.security import client_ip

from . import caching

VERSION = "1.0"
RATE = getattr(settings, "PORTAL_API_RATE", "120/m")  # per client address; ninja's throttle keeps counts in the cache



class ClientThrottle(AnonRateThrottle):
    """Counted per client address as the rest of the portal reads it (REMOTE_ADDR, or the header a trusted proxy
    overwrites: settings.CLIENT_IP_HEADER) — never by an X-Forwarded-For the client may make up for each request."""

    def get_ident(self, request):
        return client_ip(request)


throttle = ClientThrottle(RATE)
api = NinjaAPI(
    title="质量奖开放数据 / Quality Award open data", version=VERSION, urls_namespace="api", docs_url=None,
    description="只读的公开数据：城市及其评定规则（附条款）、正在受理的申报、公示名单、获奖名单、证书核验。",
    throttle=[throttle],
)


def _error(request, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, _("未找到所请求的公开数据。"))


@api.exception_handler(HttpError)
def http_error(request, exc):
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return _error(request, 422, _("请求参数格式不正确，请对照接口文档填写。"))


@api.exception_handler(Throttled)
def throttled(request, exc):
    response = _error(request, 429, _("请求过于频繁，请稍后再试。"))
    wait = getattr(exc, "wait", None)
    if wait:
        response["Retry-After"] = str(int(wait) + 1)
    return response


@api.get("/docs", include_in_schema=False, url_name="docs")
def docs(request):
    """The portal's page describing the API: each path with its parameters, linking the OpenAPI document. Swagger
    UI is not used: it needs inline and CDN scripts, which the site's CSP forbids. Public to a proxy only when the
    reader is anonymous (a signed-in reader's page carries their own menu)."""
    schema = api.get_openapi_schema()
    operations = []
    for path, methods in schema["paths"].items():
        operation = next(iter(methods.values()))
        operations.append({
            "path": path, "summary": operation.get("summary", ""),
            "parameters": [{"name": p["name"], "required": p.get("required", False),
                            "description": p.get("description") or p.get("schema", {}).get("description", "")}
                           for p in operation.get("parameters", [])],
        })
    page = render(request, "api/docs.html", {"operations": operations, "version": VERSION,
                                              "rate": throttle.num_requests})
    return page if request.user.is_authenticated else caching.cache_control(page)


def _routers():
    from . import certificates, downloads, lists, rules

    api.add_router("", rules.router)
    api.add_router("", lists.router)
    api.add_router("", certificates.router)
    api.add_router("", downloads.router)


_routers()


def _public(pattern: URLPattern) -> URLPattern:
    """Ninja's view for one path, stated public like the public pages (portal.decorators.public)."""
    view = public(pattern.callback)
    view.__module__ = __name__  # the view is ours: deny-by-default tests list public views by module
    return URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)


def urls():
    """The API's URL patterns for the root URLconf, each view marked public."""
    patterns, app_name, namespace = api.urls
    return [_public(p) for p in patterns], app_name, namespace
