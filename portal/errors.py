"""The portal's error pages (400, 403, 404, 500 and a refused CSRF check), in Chinese and in the portal's look.

portal/urls.py names them as Django's handlers; settings.CSRF_FAILURE_VIEW names `csrf_failure`. A 403 or 404
from the access table (`awards.domain.access.require`) or a view carries the Chinese reason the user reads;
Django's own messages (in English, for developers) are never shown. The 500 page is rendered without a
request context, so it shows even when the database or a context processor is what failed.
"""

from __future__ import annotations

import re

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.functional import Promise
from django.views.decorators.csrf import requires_csrf_token

from .decorators import public

# Http404 messages Django writes itself (get_object_or_404 and the like): for developers, never shown.
DJANGO_OWN_MESSAGE = re.compile(r"^No .+ (matches the given query|found matching the query)\.?$")


def reason_of(exception) -> str:
    """The exception's message when it is a reason meant for the user, else ""."""
    args = getattr(exception, "args", ())
    message = args[0] if args else None
    if isinstance(message, Promise):
        message = str(message)
    if not isinstance(message, str) or DJANGO_OWN_MESSAGE.match(message.strip()):
        return ""
    return message.strip()


@public
@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@public
@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": reason_of(exception)}, status=403)


@public
@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", {"reason": reason_of(exception)}, status=404)


def server_error(request):
    """No request context: no database query, no context processor."""
    return HttpResponseServerError(loader.render_to_string("500.html"))


@public
@requires_csrf_token
def csrf_failure(request, reason=""):
    """Django's reason (in English, for developers) is not shown; the page says what to do instead."""
    return render(request, "403_csrf.html", status=403)
