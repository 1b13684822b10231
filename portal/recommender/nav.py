"""Header links for users of a recommender unit."""

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import RecommenderUnit


def links(user) -> list[dict]:
    if not RecommenderUnit.objects.filter(group__user=user).exists():
        return []
    return [{"label": _("推荐审核"), "url": reverse("recommender:queue")}]
