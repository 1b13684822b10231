"""Header link for experts: their review tasks."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cities.schema import Role


def links(user, roles: set[str]) -> list[dict]:
    if Role.EXPERT.value in roles or user.expert_profiles.exists():
        return [{"label": _("评审任务"), "url": reverse("experts:queue")}]
    return []
