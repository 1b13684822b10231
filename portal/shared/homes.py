"""Each role's home, in a fixed order: where /home/ (portal/account/home.py) sends a signed-in user after login,
the links between the homes of a user with several roles, and the roles whose to-dos a home lists
(awards.domain.todo)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _lazy

from awards.domain import access
from awards.models import Cycle
from cities.schema import Role
from reviews.models import Expert


@dataclass(frozen=True)
class Home:
    key: str
    label: object
    url_name: str
    holds: Callable[[object], bool]
    roles: tuple[str, ...]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def _city_role(*roles: Role) -> Callable[[object], bool]:
    return lambda user: bool(access.cities_with(user, set(roles)))


def _in_committee(user) -> bool:
    """A committee member of a city with a cycle (the sitting's index lists cycles; with none it refuses)."""
    cities = access.cities_with(user, {Role.COMMITTEE})
    return bool(cities) and access._remember(("committee_home", user.pk),
                                             lambda: Cycle.objects.filter(city__in=cities).exists())


def _is_expert(user) -> bool:
    return access._remember(("expert_home", user.pk), lambda: Expert.objects.filter(user=user).exists())


# The order a user with several roles lands by: the first home they hold. Everyone else: the applicant's home
# (which offers the sign-up as an applicant).
HOMES: tuple[Home, ...] = (
    Home("office", _lazy("办公室工作台"), "office:home", _city_role(Role.OFFICE), (Role.OFFICE.value,)),
    Home("committee", _lazy("评审委员会"), "committee:index", _in_committee, (Role.COMMITTEE.value,)),
    Home("supervisor", _lazy("监督"), "supervisor:index", _city_role(Role.SUPERVISOR), (Role.SUPERVISOR.value,)),
    Home("expert", _lazy("评审任务"), "experts:queue", _is_expert, (Role.EXPERT.value, Role.PANEL_LEADER.value)),
    Home("recommender", _lazy("推荐审核"), "recommender:queue", access.is_recommender,
         (Role.RECOMMENDER.value,)),
    Home("applicant", _lazy("我的申报"), "applicant:home", access.is_applicant, (Role.APPLICANT.value,)),
)
FALLBACK = "applicant"
BY_KEY = {h.key: h for h in HOMES}


def homes_of(user) -> list[Home]:
    """The homes of the roles the user holds, in the fixed order."""
    if not access.is_signed_in(user):
        return []
    return [h for h in HOMES if h.holds(user)]


def home_of(user) -> Home:
    """Where the user lands: the first home held, else the applicant's."""
    held = homes_of(user)
    return held[0] if held else BY_KEY[FALLBACK]
