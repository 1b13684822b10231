"""Sign-in hardening and response headers, as middleware (config/settings.py MIDDLEWARE lists them in order).

- `OTPRequiredMiddleware`: a signed-in user who holds a role of settings.OTP_REQUIRED_ROLES (office, committee,
  supervisor in any city; "superuser") or who has set up an authenticator must verify a TOTP code before any
  other page: no device yet → the setup page, else the code page. `request.user.is_verified()` comes from
  django_otp's OTPMiddleware (listed before this one). settings.OTP_ENFORCED=False switches it off (tests).
- `StaffIdleTimeoutMiddleware`: staff sessions expire after settings.STAFF_IDLE_SECONDS without a request.
- `SecurityHeadersMiddleware`: Permissions-Policy, `Cache-Control: no-store` for signed-in users, no `Server`.
  (The WSGI server writes its own `Server` line after Django: gunicorn.conf.py removes gunicorn's.)
- `client_ip`: the address django-axes counts failures by (REMOTE_ADDR, or settings.CLIENT_IP_HEADER).
- `SignInBackend`: Django's ModelBackend (settings.AUTHENTICATION_BACKENDS), whose signed-in user comes with the
  two answers the middlewares need (a required city role? a confirmed authenticator?) in its own query, so a
  request (an expert's autosave: issue 13, P5) asks no more of the database for them; asked live every request.
"""

from __future__ import annotations

import functools
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import router
from django.db.models import Exists, OuterRef, Value
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django_otp import device_classes, user_has_device

from awards.domain import access
from awards.models import CityRoleGroup
from cities.schema import Role

from .experts import nav as experts_nav

SUPERUSER = "superuser"
CITY_STAFF = "_portal_city_staff"  # the signed-in user holds a city role of OTP_REQUIRED_ROLES (SignInBackend)
HAS_DEVICE = "_portal_has_device"  # … has a confirmed authenticator (SignInBackend)


def _city_roles() -> set[Role]:
    return {Role(r) for r in settings.OTP_REQUIRED_ROLES if r != SUPERUSER}


class SignInBackend(ModelBackend):
    """ModelBackend; the user it loads for a session carries CITY_STAFF and HAS_DEVICE, asked in the same query
    as the user (access.memberships' rows of the required roles; django_otp's user_has_device(confirmed=True)),
    and the header's role answers (access.role_annotations: applicant? recommender unit? experts nav: an expert
    profile?), so the header asks only access.memberships.

    Every signed-in request loads its user so: the ORM writes that query's SQL once per process (per database and
    required roles: _user_sql) and each request runs it as a raw query with the user's id. Building it anew took
    twice as long as running it (issue 13, P2)."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user_id = user_model._meta.pk.to_python(user_id)
        except ValidationError:  # not an id at all: nobody
            return None
        alias = router.db_for_read(user_model)
        sql, params = _user_sql(alias, tuple(sorted(_city_roles())))
        found = list(user_model._default_manager.db_manager(alias).raw(sql, [*params, user_id]))
        if not found:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None


_ANY_ID = -7_345_817  # a placeholder id: the last parameter of the user query's SQL


@functools.lru_cache(maxsize=16)
def _user_sql(alias: str, roles: tuple[Role, ...]) -> tuple[str, list]:
    """The SQL and parameters (but the user's id, the last one) of the user query with SignInBackend's answers."""
    staff = (Exists(CityRoleGroup.objects.filter(group__user=OuterRef("pk"), role__in=roles)) if roles
             else Value(False))
    devices = [Exists(model.objects.filter(user=OuterRef("pk"), confirmed=True)) for model in device_classes()]
    device = devices[0] if devices else Value(False)
    for other in devices[1:]:
        device = device | other
    query = get_user_model()._default_manager.annotate(
        **{CITY_STAFF: staff, HAS_DEVICE: device}, **access.role_annotations(), **experts_nav.annotation(),
    ).filter(pk=_ANY_ID).query
    sql, params = query.get_compiler(alias).as_sql()
    if not params or params[-1] != _ANY_ID:
        raise ImproperlyConfigured("the user query's last parameter must be the user's id")
    return sql, list(params[:-1])


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
    city_roles = _city_roles()
    if not city_roles:
        return False
    # loaded with the user (SignInBackend): no query
    return access.answered(user, CITY_STAFF, lambda: access.cities_with(user, city_roles))


def _has_device(user) -> bool:
    """user_has_device(user, confirmed=True), from the user's own row when SignInBackend loaded it."""
    return access.answered(user, HAS_DEVICE, lambda: user_has_device(user, confirmed=True))


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
    prefixes = [reverse("account:otp_verify"), reverse("account:otp_setup"), reverse("logout"),
                reverse("public:language", args=["x"]).removesuffix("x/")]
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
            and (_request_is_staff(request) or _has_device(user))
        ):
            target = "account:otp_verify" if _has_device(user) else "account:otp_setup"
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
