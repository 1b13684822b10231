"""Every change of an application's status goes through `perform`.

It checks who may act (object permission for the role the city's rules name), the transition's
guards and the stage checks other apps registered (awards.checks), saves with an optimistic lock (a
concurrent change makes the loser fail with a clear conflict error), writes the append-only audit
record and the inbox notices (awards.domain.notices, an outbox: in the same transaction), and after the
commit sends `awards.signals.transition_done` (awards.tasks queues the notices' e-mail).
It also owns the state's deadline (`stage_deadline`): set on entering a state, or when a publicity of
the state starts its period (`start_period`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, can_proceed

from cities.calendar import period_span
from cities.schema import Role
from core.errors import InvalidInput, TransitionConflict, TransitionDenied, TransitionNotAllowed

from .. import checks, signals
from ..models import Application, AuditEntry
from ..workflow import Status, staff_label
from . import access, notices


@dataclass(frozen=True)
class Action:
    method: str
    role: Role | None  # None: the actor of the current stage, read from the city's rules
    label: str  # lazily translated
    reason_required: bool = False
    # Only while the city's rules name `role` as the actor of the current stage (a recommender unit's own stages).
    own_stage_only: bool = False


ACTIONS = {
    "submit": Action("submit", Role.APPLICANT, gettext_lazy("提交申报")),
    "advance": Action("advance", None, gettext_lazy("通过本阶段")),
    "return_to_applicant": Action("return_to_applicant", Role.RECOMMENDER, gettext_lazy("退回申报人"), True),
    "request_supplement": Action("request_supplement", Role.OFFICE, gettext_lazy("要求补正材料"), True),
    "answer_supplement": Action("answer_supplement", Role.APPLICANT, gettext_lazy("提交补正材料")),
    "refuse": Action("refuse", Role.OFFICE, gettext_lazy("不予受理"), True),
    "stop": Action("stop", Role.OFFICE, gettext_lazy("终止（未获奖）"), True),
    "decline_recommendation": Action("stop", Role.RECOMMENDER, gettext_lazy("不予推荐"), True, own_stage_only=True),
    "withdraw": Action("withdraw", Role.APPLICANT, gettext_lazy("撤回申报")),
    "revoke": Action("revoke", Role.OFFICE, gettext_lazy("撤销奖项"), True),
    # the committee cancels a candidate on a sustained objection where the rules name it the deciding body
    # (awards.domain.objections; 郴州 第二十条, 济南 第十七条, 鄂尔多斯 第二十一条)
    "cancel_on_objection": Action("stop", Role.COMMITTEE, gettext_lazy("异议成立，取消资格"), True),
}


def acting_role(application: Application, action: Action) -> Role:
    if action.role is not None:
        return action.role
    stage = application.rules.stage(application.status)
    return stage.actor if stage else Role.OFFICE


def at_own_stage(application: Application, action: Action) -> bool:
    if not action.own_stage_only:
        return True
    stage = application.rules.stage(application.status)
    return stage is not None and stage.actor == action.role


def may_act(application: Application, role: Role, actor) -> bool:
    """Deny by default: the scheduler only where the rules name the system; people by object permission."""
    if role == Role.SYSTEM:
        return actor is None
    if actor is None or not actor.is_active:
        return False
    return access.holds(actor, role, application)


def available_actions(application: Application, actor) -> list[str]:
    """The actions this user could take now (for buttons); `perform` checks again."""
    names = []
    for name, action in ACTIONS.items():
        method = getattr(application, action.method)
        if (can_proceed(method) and at_own_stage(application, action)
                and may_act(application, acting_role(application, action), actor)
                and not checks.unmet(application, name)):
            names.append(name)
    return names


def _unmet_guards(application: Application, method) -> list[str]:
    meta = method._django_fsm
    transition = meta.get_transition(application.status)
    if transition is None:
        return [_("当前状态（%(state)s）下不能进行此操作。") % {"state": staff_label(application.status)}]
    return [str(getattr(c, "message", c.__name__)) for c in transition.conditions if not c(application)]


def _article_for(application: Application, action_name: str, from_state: str, article: str) -> str:
    if article:
        return article
    rules = application.rules
    stage = rules.stage(from_state if action_name != "submit" else application.status)
    if stage:
        return stage.article
    if from_state == Status.SUPPLEMENT_REQUESTED:
        return rules.stage(Status.ELIGIBILITY).article
    return ""


def _enter_state(application: Application, from_state: str) -> None:
    """Stamp the time and the deadline of the state just entered, from the pinned rules."""
    rules = application.rules
    stage = rules.stage(application.status)
    application.stage_entered_at = timezone.now()
    if stage and stage.continues_period_of and stage.continues_period_of == from_state:
        return  # one period spans both stages: the deadline set on entering the earlier one stands
    application.stage_deadline = None
    application.stage_deadline_unconfirmed = False
    period = None
    if stage and stage.period and not stage.advance_after_period:
        period = rules.period_of(stage)
    elif application.status == Status.SUPPLEMENT_REQUESTED:
        period = rules.supplement_period
    elif application.status == Status.DRAFT and application.submitted_at:
        period = rules.supplement_period  # returned after submission: the same period to correct it
    if period:
        window = period_span(timezone.localdate(), period)
        application.stage_deadline = window.end
        application.stage_deadline_unconfirmed = not window.confirmed


def perform(application: Application, action_name: str, actor, *, reason: str = "", article: str = "") -> AuditEntry:
    """Change the application's status. Raises a TransitionError subclass with a Chinese message."""
    action = ACTIONS.get(action_name)
    if action is None:
        raise InvalidInput(_("未知操作：%(name)s") % {"name": action_name})
    reason = (reason or "").strip()
    if action.reason_required and not reason:
        raise InvalidInput(_("“%(action)s”须填写理由。") % {"action": action.label})

    role = acting_role(application, action)
    if not may_act(application, role, actor):
        raise TransitionDenied(_("您无权对该申报执行“%(action)s”。") % {"action": action.label})

    if not at_own_stage(application, action):
        raise TransitionNotAllowed(_("当前阶段（%(state)s）不能执行“%(action)s”。")
                                   % {"state": staff_label(application.status), "action": action.label})
    method = getattr(application, action.method)
    if not can_proceed(method):
        raise TransitionNotAllowed("；".join(_unmet_guards(application, method)))
    vetoes = checks.unmet(application, action_name)
    if vetoes:
        raise TransitionNotAllowed("；".join(vetoes))

    from_state = application.status
    try:
        with transaction.atomic():
            method()
            _enter_state(application, from_state)
            if action_name == "submit":
                application.submitted_at = timezone.now()
            application.save()
            entry = AuditEntry.objects.create(
                application=application,
                action=action_name,
                actor=actor,
                actor_role=role.value,
                from_state=from_state,
                to_state=application.status,
                reason=reason,
                article=_article_for(application, action_name, from_state, article),
                rule_version=application.cycle.rule_set.version,
            )
            if action_name == "submit":
                access.grant_review_access(application)
            notices.notices_for_transition(entry)  # the outbox: the inbox rows commit with the change
            # robust: a listener that fails (a broker that is down) must not turn a saved decision into an error
            transaction.on_commit(lambda: signals.transition_done.send(sender=Application, entry=entry), robust=True)
    except ConcurrentTransition:
        application.refresh_from_db()
        raise TransitionConflict(
            _("该申报刚刚已被他人处理，当前状态为“%(state)s”。请刷新页面后再操作。")
            % {"state": staff_label(application.status)}
        ) from None
    return entry


def start_period(applications: list[Application], window) -> None:
    """A publicity (公示, local publicity, comment period) of the applications' state starts: its last day is
    their state's deadline (`window` from cities.calendar.period_span)."""
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        stage_deadline=window.end, stage_deadline_unconfirmed=not window.confirmed
    )
    for application in applications:
        application.stage_deadline = window.end
        application.stage_deadline_unconfirmed = not window.confirmed
