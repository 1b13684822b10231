"""Header links for users of a recommender unit."""

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.domain.access import is_recommender


def links(user) -> list[dict]:
    if not is_recommender(user):
        return []
    return [{"label": _("推荐审核"), "url": reverse("recommender:queue")}]
