"""Header link for committee members and supervisors: the sitting."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cities.schema import Role


def links(roles: set[str]) -> list[dict]:
    if roles & {Role.COMMITTEE.value, Role.SUPERVISOR.value}:
        return [{"label": _("审议表决"), "url": reverse("committee:index")}]
    return []
