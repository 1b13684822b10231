"""Navigation links for office staff: their city's queues and the failed e-mails page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .domain.queues import office_cities


def links(user) -> list[dict]:
    cities = office_cities(user)
    items = []
    for city in cities:
        suffix = _("（%(city)s）") % {"city": city.name} if len(cities) > 1 else ""
        items.append({"label": _("办公室工作台") + suffix, "url": reverse("office:home")})
        items.append({"label": _("邮件发送失败") + suffix, "url": reverse("office:failed_emails", args=[city.code])})
    if len(cities) > 1:
        items = [items[0], *items[1::2]]
        items[0] = {"label": _("办公室工作台"), "url": reverse("office:home")}
    return items
