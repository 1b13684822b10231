"""Navigation for the review area: experts see their tasks, the office its pool and panels.

The ranking/committee/feedback links (reviews/nav_ranking.py) are appended here, since the portal
lists one nav module per app (awards.context_processors.NAV_MODULES).
"""

from importlib import import_module

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import CityRoleGroup
from cities.schema import Role


def links(user) -> list[dict]:
    items = []
    roles = set(CityRoleGroup.objects.filter(group__user=user).values_list("role", flat=True))
    if Role.EXPERT.value in roles or user.expert_profiles.exists():
        items.append({"label": _("评审任务"), "url": reverse("reviews:queue")})
    if Role.OFFICE.value in roles:
        items.append({"label": _("专家与评审组"), "url": reverse("reviews:panels")})
    try:
        ranking = import_module("reviews.nav_ranking")
    except ModuleNotFoundError:
        return items
    return items + ranking.links(user)
