"""Sign-in hardening and response headers, as middleware (config/settings.py MIDDLEWARE lists them in order).

- `OTPRequiredMiddleware`: a signed-in user who holds a role of settings.OTP_REQUIRED_ROLES (office, committee,
  supervisor in any city; "superuser") or who has set up an authenticator must verify a TOTP code before any
  other page: no device yet → the setup page, else the code page. `request.user.is_verified()` comes from
  django_otp's OTPMiddleware (listed before this one). settings.OTP_ENFORCED=False switches it off (tests).
- `StaffIdleTimeoutMiddleware`: staff sessions expire after settings.STAFF_IDLE_SECONDS without a request.
- `SecurityHeadersMiddleware`: Permissions-Policy, `Cache-Control: no-store` for signed-in users, no `Server`.
  (The WSGI server writes its own `Server` line after Django: gunicorn.conf.py removes gunicorn's.)
- `client_ip`: the address django-axes counts failures by (REMOTE_ADDR, or settings.CLIENT_IP_HEADER).
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django_otp import user_has_device

from awards.domain import access
from cities.schema import Role

SUPERUSER = "superuser"


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the header a trusted proxy overwrites (settings.CLIENT_IP_HEADER)."""
    header = settings.CLIENT_IP_HEADER
    return (header and request.META.get(header)) or request.META.get("REMOTE_ADDR", "") or ""


def login_username(request, credentials) -> str:
    """The username axes records for a login attempt, cut to what a username can be (a 100,000-character one
    must not overflow its log's column)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username)[:150]


def is_staff_member(user) -> bool:
    """Administrators (superusers and admin staff), and users holding a required city role (office, committee,
    supervisor)."""
    if not access.is_signed_in(user):
        return False
    roles = set(settings.OTP_REQUIRED_ROLES)
    if (user.is_superuser or user.is_staff) and SUPERUSER in roles:  # administrators: whoever may open the admin
        return True
    city_roles = {Role(r) for r in roles if r != SUPERUSER}
    return bool(city_roles) and bool(access.cities_with(user, city_roles))


def _request_is_staff(request) -> bool:
    """is_staff_member for the request's user, asked once per request (both middlewares need it)."""
    if not hasattr(request, "_portal_staff"):
        request._portal_staff = is_staff_member(request.user)
    return request._portal_staff


def otp_required(user) -> bool:
    """Must this signed-in user verify a code? Staff always; anyone else once they have set up a device."""
    return is_staff_member(user) or user_has_device(user, confirmed=True)


def _exempt(path: str) -> bool:
    """The pages an unverified user may still open: the code and setup pages, sign-out, language, static files."""
    prefixes = [reverse("account:otp_verify"), reverse("account:otp_setup"), reverse("logout"), "/i18n/"]
    if settings.STATIC_URL:
        prefixes.append("/" + settings.STATIC_URL.lstrip("/"))
    return any(path.startswith(p) for p in prefixes)


class OTPRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.OTP_ENFORCED
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not _exempt(request.path)
            and (_request_is_staff(request) or user_has_device(user, confirmed=True))
        ):
            target = "account:otp_verify" if user_has_device(user, confirmed=True) else "account:otp_setup"
            nxt = request.get_full_path() if request.method == "GET" else ""
            query = f"?{urlencode({'next': nxt})}" if nxt else ""
            return HttpResponseRedirect(reverse(target) + query)
        return self.get_response(request)


IDLE_TOUCH_SECONDS = 60  # the session's clock moves at most this often (a write per request would be wasted)
_TOUCHED = "_staff_touched"


class StaffIdleTimeoutMiddleware:
    """Each request of a staff member restarts the session's clock: idle for STAFF_IDLE_SECONDS, it has expired
    (the database row's expiry and the cookie's both move; an expired session loads as signed out). The clock is
    restarted at most once every IDLE_TOUCH_SECONDS, so a busy page (autosave) does not write the session on every
    request; the session then ends between STAFF_IDLE_SECONDS − IDLE_TOUCH_SECONDS and STAFF_IDLE_SECONDS idle."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if settings.STAFF_IDLE_SECONDS and user is not None and user.is_authenticated and _request_is_staff(request):
            _touch(request.session, settings.STAFF_IDLE_SECONDS)
        return self.get_response(request)


def _touch(session, idle_seconds: int) -> None:
    """Restart the idle clock unless it was restarted less than IDLE_TOUCH_SECONDS ago (or the expiry differs)."""
    now = int(time.time())
    last = session.get(_TOUCHED)
    fresh = isinstance(last, int) and 0 <= now - last < IDLE_TOUCH_SECONDS
    if fresh and session.get("_session_expiry") == idle_seconds:
        return
    session[_TOUCHED] = now
    session.set_expiry(idle_seconds)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        if "Server" in response.headers:
            del response.headers["Server"]
        return response
