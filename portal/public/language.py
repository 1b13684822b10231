"""Public: the language switch, a plain link (GET) so that no page needs a form or a CSRF token for it.

Who: anyone. It changes only the visitor's own language cookie, then goes back to the page (a local path only).
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET

from ..decorators import public


@require_GET
@public
def switch_language(request, code):
    """Public: store the chosen language in its cookie and return to `next` (this site's paths only)."""
    if code not in dict(settings.LANGUAGES) or not check_for_language(code):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()) or not target.startswith("/"):
        target = reverse("public:home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
