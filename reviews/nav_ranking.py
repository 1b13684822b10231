"""Navigation for the ranking, the committee's vote and the feedback reports (to be listed in
awards.context_processors.NAV_MODULES, or called from reviews.nav)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import CityRoleGroup, Individual
from cities.schema import Role


def links(user) -> list[dict]:
    items = []
    roles = set(CityRoleGroup.objects.filter(group__user=user).values_list("role", flat=True))
    if roles & {Role.OFFICE.value, Role.SUPERVISOR.value}:  # supervisors read only
        items.append({"label": _("综合评价"), "url": reverse("reviews:ranking_index")})
    if roles & {Role.COMMITTEE.value, Role.SUPERVISOR.value}:
        items.append({"label": _("审议表决"), "url": reverse("reviews:committee_index")})
    if user.groups.filter(organisation__isnull=False).exists() or Individual.objects.filter(user=user).exists():
        items.append({"label": _("评审反馈报告"), "url": reverse("reviews:feedback_list")})
    return items
