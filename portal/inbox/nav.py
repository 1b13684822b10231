"""Header links every signed-in user has: the inbox, and the admin for staff."""

from django.urls import reverse
from django.utils.translation import gettext as _


def links(user) -> list[dict]:
    items = [{"label": _("我的通知"), "url": reverse("inbox:list")}]
    if user.is_staff:
        items.append({"label": _("管理后台"), "url": "/admin/"})
    return items
