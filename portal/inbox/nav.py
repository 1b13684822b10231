"""Header links every signed-in user has: their home (the to-do list), the inbox, and the admin for staff."""

from django.urls import reverse
from django.utils.translation import gettext as _


def links(user) -> list[dict]:
    # 我的工作台: /home/, the home of the user's role with its to-do list (portal/account/home.py)
    items = [{"label": _("我的工作台"), "url": reverse("home")}, {"label": _("我的通知"), "url": reverse("inbox:list")}]
    if user.is_staff:
        items.append({"label": _("管理后台"), "url": "/admin/"})
    return items
