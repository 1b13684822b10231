"""Header links for office staff (their city's queues, failed e-mails, experts and panels, the ranking);
supervisors read the ranking."""

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.domain.access import office_cities
from cities.schema import Role


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


def review_links(roles: set[str]) -> list[dict]:
    items = []
    if Role.OFFICE.value in roles:
        items.append({"label": _("专家与评审组"), "url": reverse("office:panels")})
    return items


def ranking_links(roles: set[str]) -> list[dict]:
    if roles & {Role.OFFICE.value, Role.SUPERVISOR.value}:  # supervisors read only
        return [{"label": _("综合评价"), "url": reverse("office:ranking_index")}]
    return []
