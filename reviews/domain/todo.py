"""The review's to-dos (awards.domain.todo): an expert's declarations and sheets, the leader's consensus, a
committee member's votes at an open sitting, the written opinion a 届's supervisory group owes before a list
(Jinan 第十六条). Computed from the rows: each clears when the step is done."""

from __future__ import annotations

from django.db.models import Count, Exists, F, Min, OuterRef
from django.utils.translation import gettext as _

from awards.domain import access, todo
from awards.models import Application, Cycle
from awards.workflow import Status
from cities.schema import Role

from ..models import Assignment, CommitteeSitting, CommitteeVote, Consensus, PanelMember, SupervisionOpinion
from . import supervision


def open_tasks(user):
    """The user's assignments on applications still at the panel's stage, from experts still in the pool; with
    `is_leader` and `agreed` (the stage's consensus recorded). One query."""
    leader = PanelMember.objects.filter(panel=OuterRef("panel"), expert=OuterRef("expert"), is_leader=True)
    agreed = Consensus.objects.filter(application=OuterRef("application"), stage=OuterRef("panel__stage"))
    return (
        Assignment.objects.filter(expert__user=user, expert__active=True, application__status=F("panel__stage"),
                                  state__in=[Assignment.State.AWAITING_DECLARATION, Assignment.State.ACTIVE])
        .select_related("panel", "application__organisation", "application__individual", "sheet")
        .annotate(is_leader=Exists(leader), agreed=Exists(agreed))
        .order_by("application__stage_deadline", "pk")
    )


def expert_steps(user) -> list[todo.ToDo]:
    """Declare (回避声明), score (评分), and for the leader record the consensus (记录共识评分)."""
    todos = []
    for a in open_tasks(user):
        app, deadline = a.application, a.application.stage_deadline
        sheet = getattr(a, "sheet", None)
        if a.state == Assignment.State.AWAITING_DECLARATION:
            todos.append(todo.ToDo(Role.EXPERT.value, todo.step(_("作出回避声明"), app), "experts:declare", (a.pk,),
                                   deadline=deadline, application=app))
        elif sheet is None or sheet.submitted_at is None:
            todos.append(todo.ToDo(Role.EXPERT.value, todo.step(_("评分"), app), "experts:sheet", (a.pk,),
                                   deadline=deadline, application=app))
        elif a.is_leader and not a.agreed:
            todos.append(todo.ToDo(Role.EXPERT.value, todo.step(_("记录共识评分"), app), "experts:consensus",
                                   (a.panel_id, app.pk), deadline=deadline, application=app))
    return todos


def committee_steps(user) -> list[todo.ToDo]:
    """Votes to cast at an open sitting the member attends (投票), one per candidate not yet voted on."""
    cities = access.cities_with(user, {Role.COMMITTEE})
    if not cities:
        return []
    sittings = {s.cycle_id: s for s in CommitteeSitting.objects.filter(
        cycle__city__in=cities, closed_at__isnull=True, present=user)}
    if not sittings:
        return []
    voted = CommitteeVote.objects.filter(sitting__closed_at__isnull=True, sitting__cycle=OuterRef("cycle"),
                                         application=OuterRef("pk"), member=user)
    apps = (Application.objects.filter(cycle_id__in=list(sittings), status=Status.COMMITTEE_DECISION)
            .select_related("organisation", "individual").annotate(voted=Exists(voted))
            .filter(voted=False).order_by("stage_deadline", "reference"))
    return [todo.ToDo(Role.COMMITTEE.value, todo.step(_("投票"), app), "committee:sitting", (app.cycle_id,),
                      deadline=app.stage_deadline, application=app) for app in apps]


def supervisor_steps(user) -> list[todo.ToDo]:
    """The 届's group owes its written opinion before the stage the rule file names (`opinions_before`): a to-do
    for each member while applications of the cycle are at that stage and no opinion is given (提交书面监督意见)."""
    cities = access.cities_with(user, {Role.SUPERVISOR})
    if not cities:
        return []
    todos = []
    for cycle in Cycle.objects.filter(city__in=cities).select_related("city", "rule_set").order_by("pk"):
        group = supervision.group_rules(cycle)
        stage = group.opinions_before.value if group is not None else None
        if stage is None or SupervisionOpinion.objects.filter(cycle=cycle).exists():
            continue
        waiting = Application.objects.filter(cycle=cycle, status=stage).aggregate(
            n=Count("pk"), due=Min("stage_deadline"))
        if waiting["n"] and supervision.is_member(user, cycle):
            what = _("提交书面监督意见：%(city)s%(cycle)s") % {"city": cycle.city.name, "cycle": cycle.name}
            todos.append(todo.ToDo(Role.SUPERVISOR.value, what, "supervisor:cycle", (cycle.pk,),
                                   deadline=waiting["due"]))
    return todos


todo.register(Role.EXPERT, expert_steps)
todo.register(Role.COMMITTEE, committee_steps)
todo.register(Role.SUPERVISOR, supervisor_steps)
