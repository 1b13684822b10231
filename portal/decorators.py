"""The portal's one view decorator: sign in first, then the action the page names in the access table."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required

from awards.domain import access


def requires(action: str | None = None):
    """Anonymous users go to the login page. Then, if given, `action` (awards.domain.access.PERMISSIONS) must be
    allowed for the user: else 403, or 404 where the table hides the row, with the table's reason. Role answers
    are remembered for the rest of the request (the page and its header links ask them once)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            with access.remembering():
                if action:
                    access.require(request.user, action)
                return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorate
