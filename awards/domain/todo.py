"""To-do lists, computed from the current state: a to-do clears when the step is done, nothing is stored.

Each floor that owns the data registers its sources (in its AppConfig.ready, as stage checks are registered):
awards the applications at a stage the user's role acts on and the supplements to answer (below); reviews the
declarations, sheets, consensus and votes; honours the yearly reports and the government's decisions. A source is
`source(user) -> iterable of ToDo` for one role and runs a fixed number of queries whatever the number of rows.
`for_user(user, roles)` collects the sources of those roles and sorts by deadline (soonest first, none last).

A source may claim statuses (`claims`): the stage source below then leaves applications in that status to it
(honours links the office's 政府审定 to the decision page, not to the application page).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from cities.models import City
from cities.schema import Role

from ..models import Application, Cycle
from ..workflow import IN_PROGRESS_STATES, Status, staff_label
from . import access
from .notices import TO_DO_KEY


@dataclass(frozen=True)
class ToDo:
    """One step for the user: what to do (a verb and its object), where it is done, by when."""

    role: str  # the Role value the step is done in (the home it shows on)
    what: str
    url_name: str = ""
    args: tuple = ()
    href: str = ""
    deadline: datetime.date | None = None
    application: Application | None = field(default=None, compare=False)

    @property
    def url(self) -> str:
        return self.href or reverse(self.url_name, args=self.args)


Source = Callable[[Any], Iterable[ToDo]]


@dataclass(frozen=True)
class _Registered:
    role: str
    source: Source
    claims: frozenset[str]


_SOURCES: dict[str, _Registered] = {}


def register(role: Role | str, source: Source, *, claims: Iterable[str] = ()) -> Source:
    """Add a source of one role's to-dos (keyed by the function's module and name: registering twice is harmless)."""
    key = f"{source.__module__}.{source.__qualname__}"
    _SOURCES[key] = _Registered(str(role), source, frozenset(str(s) for s in claims))
    return source


def claimed() -> frozenset[str]:
    """The statuses some source handles itself."""
    return frozenset().union(*(r.claims for r in _SOURCES.values())) if _SOURCES else frozenset()


def sort_key(todo: ToDo):
    return (todo.deadline is None, todo.deadline or datetime.date.max, todo.what)


def for_user(user, roles: Iterable[Role | str] | None = None) -> list[ToDo]:
    """The user's to-dos in these roles (all roles if None), soonest deadline first, those without one last."""
    if not access.is_signed_in(user):
        return []
    wanted = None if roles is None else {str(r) for r in roles}
    found = []
    for registered in _SOURCES.values():
        if wanted is None or registered.role in wanted:
            found.extend(registered.source(user))
    return sorted(found, key=sort_key)


def label(application: Application) -> str:
    """「某某公司（WH-2026-0003）」: the object of a to-do."""
    return _("%(name)s（%(ref)s）") % {"name": application.applicant_name, "ref": application.reference}


def step(verb: str, application: Application) -> str:
    """「评分：某某公司（WH-2026-0003）」."""
    return _("%(verb)s：%(object)s") % {"verb": verb, "object": label(application)}


# -- 待办 notices in the inbox ----------------------------------------------------------------------------------
_TO_DO = Q(event_key__endswith=TO_DO_KEY, audit_entry__isnull=False, application__isnull=False)


def with_notice_state(notices):
    """Notices annotated `to_do` (a 待办 notice, awards.domain.notices._to_do_notices) and `handled` (a 待办 whose
    application has left the state it was sent for: audit_entry.to_state differs from the application's status).
    Computed in the same query, nothing stored."""
    return notices.annotate(
        to_do=Case(When(_TO_DO, then=Value(True)), default=Value(False), output_field=BooleanField()),
        handled=Case(When(_TO_DO & ~Q(audit_entry__to_state=F("application__status")), then=Value(True)),
                     default=Value(False), output_field=BooleanField()),
    )


def unread(notices):
    """The unread notices that still ask for attention: a handled 待办 no longer counts."""
    return with_notice_state(notices.filter(read_at__isnull=True)).filter(handled=False)


# -- awards' own sources ---------------------------------------------------------------------------------------
def _rows(queryset):
    return queryset.with_rules().select_related("organisation", "individual").order_by("stage_deadline", "pk")


def applicant_steps(user) -> list[ToDo]:
    """Drafts to complete and submit, supplements to answer (补正)."""
    todos = []
    rows = _rows(Application.objects.for_applicant(user)
                 .filter(status__in=[Status.DRAFT, Status.SUPPLEMENT_REQUESTED]).distinct())
    for app in rows:
        if app.status == Status.DRAFT:
            todos.append(ToDo(Role.APPLICANT.value, step(_("填写并提交申报"), app), "applicant:edit", (app.pk,),
                              deadline=app.cycle.applications_close_on, application=app))
        else:
            todos.append(ToDo(Role.APPLICANT.value, step(_("提交补正材料"), app), "applicant:supplement", (app.pk,),
                              deadline=app.stage_deadline, application=app))
    return todos


# At most this many applications are listed one by one on a home; the rest are counted per stage, with a link to
# the stage's queue. A display convention of the portal: an office with 10,000 applications reads its queues, not
# a list of 10,000 lines, and the home then reads a bounded number of rows whatever the number of applications.
STEP_LIMIT = 20


def _acting_pairs(queryset, role: Role, statuses) -> dict[tuple[int, str], Cycle]:
    """(cycle id, status) -> cycle, for the stages whose pinned rules name `role` as the actor, over the cycles of
    the queryset's applications: one query, bounded by cycles (not rows), and the same whatever the stages hold."""
    cycles = (Cycle.objects.filter(pk__in=queryset.values("cycle_id")).select_related("rule_set", "city")
              .defer("rule_set__content"))
    found = {}
    for cycle in cycles:
        for status in statuses:
            stage = cycle.rules.stage(status)
            if stage is not None and stage.actor == role:
                found[(cycle.pk, status)] = cycle
    return found


def _stage_steps(queryset, role: Role, url_name: str, queue_url) -> list[ToDo]:
    """The applications at a stage the role acts on: the STEP_LIMIT soonest one by one, then, per stage, how many
    more (linked to `queue_url(city, status)`, the role's queue). Three queries (one without any application)."""
    skip = claimed()
    statuses = [s for s in IN_PROGRESS_STATES if s != Status.SUPPLEMENT_REQUESTED and s not in skip]
    pairs = _acting_pairs(queryset, role, statuses)
    if not pairs:
        return []
    wanted = Q()
    for cycle_id, status in pairs:
        wanted |= Q(cycle_id=cycle_id, status=status)
    mine = queryset.filter(wanted)
    todos, shown = [], {}
    for app in _rows(mine)[:STEP_LIMIT]:
        todos.append(ToDo(role.value, step(staff_label(app.status, app.rules), app), url_name, (app.pk,),
                          deadline=app.stage_deadline, application=app))
        shown[(app.cycle_id, app.status)] = shown.get((app.cycle_id, app.status), 0) + 1
    counts = {(row["cycle_id"], row["status"]): row["n"]  # counted in the database, not by loading the rows
              for row in mine.order_by().values("cycle_id", "status").annotate(n=Count("pk", distinct=True))}
    groups = {key: (pairs[key], n) for key, n in counts.items()}
    return todos + _more(groups, shown, role, queue_url)


def _more(groups, shown, role: Role, queue_url) -> list[ToDo]:
    """One to-do per (city, stage) with applications not listed: 「资格审查：另有 N 件」, linked to its queue."""
    rest: dict[tuple[City, str], int] = {}
    for key, (cycle, n) in groups.items():
        if n > shown.get(key, 0):
            rest[(cycle.city, key[1])] = rest.get((cycle.city, key[1]), 0) + n - shown.get(key, 0)
    todos = []
    for (city, status), n in rest.items():
        rules = city_rules(groups, city)
        what = _("%(stage)s：另有%(n)s件（%(city)s），见该阶段队列") % {
            "stage": staff_label(status, rules), "n": n, "city": city.name}
        todos.append(ToDo(role.value, what, href=queue_url(city, status)))
    return todos


def city_rules(groups, city: City):
    """The rules of one of the city's cycles among the groups (the labels of its stages)."""
    return next(cycle.rules for cycle, _n in groups.values() if cycle.city_id == city.pk)


def recommender_steps(user) -> list[ToDo]:
    """Applications at a stage the rules give the recommender unit (审核推荐, 推荐单位公示)."""
    if not access.recommender_units(user):
        return []
    return _stage_steps(Application.objects.for_recommender(user).distinct(), Role.RECOMMENDER, "recommender:detail",
                        lambda city, status: reverse("recommender:queue"))


def office_steps(user) -> list[ToDo]:
    """Applications of the user's cities at a stage the rules give the office."""
    cities = access.office_cities(user)
    if not cities:
        return []
    return _stage_steps(Application.objects.for_office(cities), Role.OFFICE, "office:application",
                        lambda city, status: reverse("office:queue", args=[city.code, status]))


register(Role.APPLICANT, applicant_steps)
register(Role.RECOMMENDER, recommender_steps)
register(Role.OFFICE, office_steps)
