"""Deny by default: every page of the portal says who may use it (portal.decorators)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from awards.domain import access
from portal.decorators import PUBLIC, SIGNED_IN
from portal.urls import urlpatterns as root

DJANGO_OWN = ("admin/", "accounts/")


def portal_views(patterns, prefix=""):
    for pattern in patterns:
        path = prefix + str(pattern.pattern)
        if path.startswith(DJANGO_OWN):
            continue
        if isinstance(pattern, URLResolver):
            yield from portal_views(pattern.url_patterns, path)
        elif isinstance(pattern, URLPattern):
            yield path, pattern.callback


VIEWS = sorted(portal_views(root))


def test_the_portal_has_its_pages():
    assert len(VIEWS) > 60
    assert get_resolver().urlconf_name == "portal.urls"


@pytest.mark.parametrize("path, view", VIEWS, ids=[p for p, _v in VIEWS])
def test_every_view_states_who_may_use_it(path, view):
    stated = getattr(view, "access", None)
    assert stated is not None, f"{path}: {view.__module__}.{view.__name__} has neither @requires nor @public"
    assert stated in (PUBLIC, SIGNED_IN) or stated in access.PERMISSIONS, f"{path}: unknown action {stated}"


@pytest.mark.parametrize("path, view", [(p, v) for p, v in VIEWS if getattr(v, "access", None) == PUBLIC])
def test_public_views_are_only_the_public_ones(path, view):
    assert view.__module__.startswith(("portal.public.", "portal.applicant.views", "portal.api.")), path
