from importlib import import_module

from django.conf import settings
from django.utils.translation import gettext as _

NAV_MODULES = ("awards.nav", "awards.nav_applicant", "awards.nav_recommender", "awards.nav_office", "reviews.nav")


def portal(request):
    """Site name and the signed-in user's navigation (each app's nav.links(user))."""
    nav_links = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        for name in NAV_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError:
                continue
            nav_links += module.links(user)
    return {"PORTAL_NAME": _("质量奖管理平台"), "DEBUG": settings.DEBUG, "nav_links": nav_links}
