"""Header links for committee members and supervisors: the sitting; for members, the revocation cases and the
objections, in the header's 「更多」 menu (so the header stays one line at 1280 px)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cities.schema import Role


def links(roles: set[str]) -> list[dict]:
    items = []
    if roles & {Role.COMMITTEE.value, Role.SUPERVISOR.value}:
        items.append({"label": _("审议表决"), "url": reverse("committee:index")})
    if Role.COMMITTEE.value in roles:
        items.append({"label": _("撤销案件与复评"), "url": reverse("committee:revocations"), "more": True})
        items.append({"label": _("公示异议"), "url": reverse("committee:objections"), "more": True})
    return items
