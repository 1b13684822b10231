"""Header link for experts: their review tasks."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.domain import access
from cities.schema import Role
from reviews.models import Expert

# The user has an expert profile: loaded with the session's user (portal.security.SignInBackend, annotation()),
# else asked here.
HAS_PROFILE = "_experts_has_profile"


def annotation() -> dict:
    """The annotation for a User queryset that answers has_profile() from the user's row."""
    return {HAS_PROFILE: Exists(Expert.objects.filter(user=OuterRef("pk")))}


def has_profile(user) -> bool:
    return access.answered(user, HAS_PROFILE, user.expert_profiles.exists)


def links(user, roles: set[str]) -> list[dict]:
    if Role.EXPERT.value in roles or has_profile(user):
        return [{"label": _("评审任务"), "url": reverse("experts:queue")}]
    return []
