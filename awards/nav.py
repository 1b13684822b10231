"""Navigation links for the signed-in user, by role. Each app may add its own in <app>/nav.py."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _


def safe_reverse(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def links(user) -> list[dict]:
    items = [{"label": _("我的通知"), "url": reverse("inbox")}]
    if user.is_staff:
        items.append({"label": _("管理后台"), "url": "/admin/"})
    return items
