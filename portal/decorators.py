"""The portal's view decorators: every view says who may use it (tests/portal/test_decorators.py checks that).

- `requires(action)`: sign in first, then the action the page names in the access table;
- `public`: anyone, signed in or not (the public pages, sign-up and login).

Both first refuse (400, the portal's Chinese page) a request whose query string or form carries a NUL character:
no page has a use for one, and PostgreSQL cannot store it (it would be a server error later).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from awards.domain import access

PUBLIC = "public"
SIGNED_IN = "signed_in"


def refuse_nul(request):
    """The portal's 400 page when any name or value of the query string or the form holds a NUL character."""
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return render(request, "400.html", {"message": _("提交的内容含有不允许的控制字符，未作任何更改。")},
                              status=400)
    return None


def requires(action: str | None = None, *, anonymous=None):
    """Anonymous users go to the login page (or get `anonymous(request)`, for a script that must keep its input).
    Then, if given, `action` (awards.domain.access.PERMISSIONS) must be allowed for the user: else 403, or 404
    where the table hides the row, with the table's reason. Role answers are remembered for the rest of the
    request (the page and its header links ask them once)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            refused = refuse_nul(request)
            if refused is not None:
                return refused
            if anonymous is not None and not request.user.is_authenticated:
                return anonymous(request)
            with access.remembering():
                if action:
                    access.require(request.user, action)
                return view(request, *args, **kwargs)

        wrapped.access = action or SIGNED_IN
        return wrapped if anonymous is not None else login_required(wrapped)

    return decorate


def public(view):
    """Anyone may open this page; what it shows is public (or, for sign-up, the visitor's own)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        refused = refuse_nul(request)
        if refused is not None:
            return refused
        with access.remembering():
            return view(request, *args, **kwargs)

    wrapped.access = PUBLIC
    return wrapped
