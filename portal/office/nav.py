"""Header links for office staff (their city's queues, failed e-mails, experts and panels, the ranking);
supervisors read the ranking.

Only the office's home (办公室工作台, with every stage and duty of the city) stays in the header's top line; the
other office links carry "more": base.html puts them in the header's 「更多」 menu, so the header is one line at
1280 px (templates/base.html, static/css/header.css)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.domain.access import office_cities
from cities.schema import Role


def links(user) -> list[dict]:
    cities = office_cities(user)
    if not cities:
        return []
    items = [{"label": _("办公室工作台"), "url": reverse("office:home")}]
    for city in cities:
        suffix = _("（%(city)s）") % {"city": city.name} if len(cities) > 1 else ""
        items.append({"label": _("邮件发送失败") + suffix, "url": reverse("office:failed_emails", args=[city.code]),
                      "more": True})
    return items


def review_links(roles: set[str]) -> list[dict]:
    items = []
    if Role.OFFICE.value in roles:
        items.append({"label": _("专家与评审组"), "url": reverse("office:panels"), "more": True})
    return items


def ranking_links(roles: set[str]) -> list[dict]:
    if roles & {Role.OFFICE.value, Role.SUPERVISOR.value}:  # supervisors read only
        # in the office's 「更多」 menu; a supervisor without the office role keeps it in the top line
        return [{"label": _("综合评价"), "url": reverse("office:ranking_index"),
                 "more": Role.OFFICE.value in roles}]
    return []
