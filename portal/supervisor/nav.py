"""Header link for the city's supervisors: their supervision pages."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cities.schema import Role


def links(roles: set[str]) -> list[dict]:
    if Role.SUPERVISOR.value in roles:
        return [{"label": _("监督"), "url": reverse("supervisor:index")}]
    return []
