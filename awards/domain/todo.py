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

from django.db.models import BooleanField, Case, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from cities.schema import Role

from ..models import Application
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


def _acting(application: Application, role: Role) -> bool:
    """The city's rules name `role` as the actor of the application's stage (and no source claimed it)."""
    stage = application.rules.stage(application.status)
    return stage is not None and stage.actor == role


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


def _stage_steps(queryset, role: Role, url_name: str) -> list[ToDo]:
    skip = claimed()
    statuses = [s for s in IN_PROGRESS_STATES if s != Status.SUPPLEMENT_REQUESTED and s not in skip]
    todos = []
    for app in _rows(queryset.filter(status__in=statuses)):
        if _acting(app, role):
            todos.append(ToDo(role.value, step(staff_label(app.status, app.rules), app), url_name, (app.pk,),
                              deadline=app.stage_deadline, application=app))
    return todos


def recommender_steps(user) -> list[ToDo]:
    """Applications at a stage the rules give the recommender unit (审核推荐, 推荐单位公示)."""
    if not access.recommender_units(user):
        return []
    return _stage_steps(Application.objects.for_recommender(user).distinct(), Role.RECOMMENDER, "recommender:detail")


def office_steps(user) -> list[ToDo]:
    """Applications of the user's cities at a stage the rules give the office."""
    cities = access.office_cities(user)
    if not cities:
        return []
    return _stage_steps(Application.objects.for_office(cities), Role.OFFICE, "office:application")


register(Role.APPLICANT, applicant_steps)
register(Role.RECOMMENDER, recommender_steps)
register(Role.OFFICE, office_steps)
