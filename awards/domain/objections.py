"""Objections to the city's 公示, handled by the bodies the measure names (the rule file's `objections`):

- 郴州 第二十条: the office investigates and, where proven, asks the committee (评委会) to cancel; the committee
  decides.
- 济南 第十七条: the office investigates and proposes (成立 or 不成立); the leading group (the committee role) approves.
- 鄂尔多斯 第二十一条: the committee investigates; where proven the secretariat (the office) proposes the
  cancellation; the committee decides.
- 曲靖 第十九条: the office takes the report and cancels when proven (one step).

The route is investigate → propose → decide, each by its role; consecutive steps of one role are one step in the
portal. A step that finds the objection unfounded ends it there unless the rules say a dismissal, too, needs the
decision (`dismissal_needs_decision`). Each step is an append-only ObjectionStep and an AuditEntry on the
application (who, role, the article). The objection stays open (and holds the application at its stage: the guard
no_open_objection) until the last step; then the objector is told (signals.objection_resolved → the e-mail), a
sustained objection stops the application (the deciding role's "stop"), a dismissed one lets it advance.

A recommender unit's local publicity keeps its own route (awards.domain.publicity.resolve_objection).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.schema import CityRules, Role
from core.errors import InvalidInput, TransitionConflict, TransitionDenied

from .. import checks, guards, signals
from ..models import AuditEntry, Objection, ObjectionStep
from . import access, lifecycle, notices, references
from .complaints import body_name

TEXT_MAX = 2000
Kind = ObjectionStep.Kind

# the lifecycle action by which the deciding role stops a candidate on a sustained objection
CANCEL = "cancel_on_objection"
STOP_ACTION = {Role.OFFICE: "stop", Role.COMMITTEE: CANCEL}

KIND_WORDS = {
    Kind.INVESTIGATION: gettext_lazy("调查核实"),
    Kind.PROPOSAL: gettext_lazy("提出处理意见"),
    Kind.DECISION: gettext_lazy("作出决定"),
}


@dataclass(frozen=True)
class Step:
    """One step of the portal's route: the kinds of the measure's steps it covers, by one role."""

    kinds: tuple[str, ...]
    role: Role
    article: str
    citation: str

    @property
    def kind(self) -> str:
        """The step's last kind: what is recorded (a decision where the step decides)."""
        return self.kinds[-1]

    @property
    def decides(self) -> bool:
        return self.kind == Kind.DECISION

    @property
    def label(self) -> str:
        return "、".join(str(KIND_WORDS[Kind(k)]) for k in self.kinds)


def route(rules: CityRules) -> list[Step]:
    """The steps an objection to the city's 公示 goes through, from the rule file."""
    handling = rules.objections
    if handling is None:  # a rule set stored before the key: the office alone, as before
        return [Step((Kind.INVESTIGATION, Kind.PROPOSAL, Kind.DECISION), Role.OFFICE, "", _("由评审办公室设定"))]
    raw = [(Kind.INVESTIGATION, handling.investigates), (Kind.PROPOSAL, handling.proposes),
           (Kind.DECISION, handling.decides)]
    steps: list[Step] = []
    for kind, cited in raw:
        role = Role(cited.value)
        if steps and steps[-1].role == role:
            last = steps[-1]
            steps[-1] = Step(last.kinds + (kind.value,), role, cited.article or last.article, cited.citation)
        else:
            steps.append(Step((kind.value,), role, cited.article or "", cited.citation))
    return steps


def dismissal_needs_decision(rules: CityRules) -> bool:
    return bool(rules.objections and rules.objections.dismissal_needs_decision.value)


def _rules(objection: Objection) -> CityRules:
    return objection.entry.application.rules


def recorded(objection: Objection) -> list[ObjectionStep]:
    return list(objection.steps.all())  # prefetched on list pages


def next_step(objection: Objection) -> Step | None:
    """The step not yet recorded; None once the objection is resolved, or for a local publicity's objection."""
    if objection.outcome != Objection.Outcome.OPEN or objection.entry.publicity.recommender_id:
        return None
    steps = route(_rules(objection))
    done = len(recorded(objection))
    return steps[done] if done < len(steps) else None


def role_name(rules: CityRules, role: Role) -> str:
    return body_name(rules, role)


def may_record(user, objection: Objection, step: Step | None) -> bool:
    """Only the role the step names, in the objection's city, holding that role on the application."""
    if step is None:
        return False
    city = objection.entry.publicity.cycle.city_id
    return access.has_role(user, city, step.role) and access.holds(user, step.role, objection.entry.application)


def record_step(objection: Objection, *, actor, sustain: bool, text: str, position: int | None = None) -> ObjectionStep:
    """Record the next step in the role the rules name for it: the findings and the step's view (sustain: the
    objection is founded, cancel the candidate; or dismiss). `position`: how many steps the page showed; a form
    sent twice, or from a stale page, is refused."""
    text = str(text or "").strip()
    with transaction.atomic():
        objection = (Objection.objects.select_for_update(of=("self",))
                     .select_related("entry__publicity__cycle__city", "entry__application__cycle__rule_set")
                     .get(pk=objection.pk))
        publicity = objection.entry.publicity
        application = objection.entry.application
        rules = application.rules
        if publicity.recommender_id:
            raise InvalidInput(_("推荐单位公示期间的异议由发布公示的推荐单位调查处理。"))
        if objection.outcome != Objection.Outcome.OPEN:
            raise InvalidInput(_("该异议已处理。"))
        step = next_step(objection)
        if step is None:
            raise InvalidInput(_("该异议已处理。"))
        if position is not None and position != len(recorded(objection)):
            raise TransitionConflict(_("该异议刚刚已录入了新的处理环节，当前待%(body)s%(label)s。请刷新页面后再操作。")
                                     % {"body": role_name(rules, step.role), "label": step.label})
        if not may_record(actor, objection, step):
            raise TransitionDenied(_("您无权处理该异议：当前环节（%(label)s）由%(body)s办理。")
                                   % {"label": step.label, "body": role_name(rules, step.role)})
        if not text:
            raise InvalidInput(_("请填写异议处理意见。"))
        if len(text) > TEXT_MAX:
            raise InvalidInput(_("处理意见不能超过%(limit)s个字。") % {"limit": TEXT_MAX})
        if "\x00" in text:
            raise InvalidInput(_("内容含有无法识别的字符，请删除后重新提交。"))
        found = [r for r in recorded(objection) if r.kind == Kind.INVESTIGATION]
        if step.kind == Kind.PROPOSAL and found and found[-1].sustain and not sustain:
            # 鄂尔多斯 第二十一条: 经调查属实的，由秘书处提请取消 — the proposal follows the findings of another body
            raise InvalidInput(_("%(body)s已调查核实异议属实，按%(citation)s应提请取消其资格，"
                                 "不能提出异议不成立的意见。") % {
                "body": role_name(rules, Role(found[-1].actor_role)), "citation": step.citation})
        row = ObjectionStep.objects.create(objection=objection, kind=step.kind, sustain=bool(sustain), text=text,
                                           actor=actor, actor_role=step.role.value, article=step.article)
        final = step.decides or (not sustain and not dismissal_needs_decision(rules))
        view = _("异议成立") if sustain else _("异议不成立")
        AuditEntry.objects.create(
            application=application, action=f"objection_{step.kind}", actor=actor, actor_role=step.role.value,
            from_state=application.status, to_state=application.status,
            # the findings themselves stay in the step (the office's and the deciding body's pages): the applicant
            # reads the trail, and an objection's details are not theirs to read before the outcome
            reason=_("公示异议%(ref)s：%(body)s%(label)s，%(view)s。") % {
                "ref": objection.reference or objection.pk, "body": role_name(rules, step.role),
                "label": step.label, "view": view},
            article=step.article or publicity.article, rule_version=application.cycle.rule_set.version,
        )
        if final:
            _resolve(objection, row, step)
        else:
            _tell_next(objection, step)
    return row


def _resolve(objection: Objection, row: ObjectionStep, step: Step) -> None:
    """The last step: the outcome, the objector told (the e-mail, on commit), the application stopped or let go."""
    sustained = row.sustain
    objection.outcome = Objection.Outcome.SUSTAINED if sustained else Objection.Outcome.DISMISSED
    objection.resolution = row.text
    objection.resolved_at = timezone.now()
    objection.resolved_by = row.actor
    objection.save(update_fields=["outcome", "resolution", "resolved_at", "resolved_by"])
    transaction.on_commit(lambda: signals.objection_resolved.send(sender=Objection, objection=objection),
                          robust=True)  # a listener that fails (the broker is down) must not undo the page
    _report_outcome(objection, row)
    application = objection.entry.application
    publicity = objection.entry.publicity
    if application.status != publicity.stage:
        return
    if sustained:
        lifecycle.perform(application, STOP_ACTION[step.role], row.actor,
                          reason=_("异议成立：%(resolution)s") % {"resolution": row.text},
                          article=step.article or publicity.article)
    elif (publicity.closed_at is not None and publicity.ends_on < timezone.localdate()
          and guards.no_open_objection(application)):
        stage = application.rules.stage(application.status)
        if stage and stage.actor == Role.SYSTEM:  # the closed publicity would have advanced it: do it now
            lifecycle.perform(application, "advance", None, reason=_("公示（征求意见）期满，无未处理异议"))


def _report_outcome(objection: Objection, last: ObjectionStep) -> None:
    """Tell the body the rules name the outcome, where it took no step itself (郴州 第三十四条: 并向评委会通报)."""
    rules = objection.entry.application.rules
    cited = rules.objections.outcome_reported_to if rules.objections else None
    if cited is None or any(r.actor_role == cited.value for r in recorded(objection)):
        return
    application = objection.entry.application
    users = list(access.city_group(objection.entry.publicity.cycle.city, Role(cited.value))
                 .user_set.filter(is_active=True).order_by("pk"))
    pending = notices.tell(
        users, event_key=f"objection:{objection.pk}:reported",
        subject=_("公示异议处理结果通报：%(name)s（%(ref)s）%(outcome)s") % {
            "name": application.applicant_name, "ref": application.reference,
            "outcome": objection.get_outcome_display()},
        lines=[_("%(body)s意见：%(text)s") % {"body": role_name(rules, Role(last.actor_role)), "text": last.text},
               _("依据：%(citation)s。") % {"citation": cited.citation}],
        application=application)
    _queue(pending)


def _queue(pending) -> None:
    ids = [n.pk for n in pending]
    if ids:  # awards.tasks queues their e-mail (the outbox) once this commits
        transaction.on_commit(lambda: signals.notices_written.send(sender=Objection, notice_ids=ids), robust=True)


def _tell_next(objection: Objection, done: Step) -> None:
    """A to-do notice for the role of the next step when it is another role (office ↔ committee)."""
    step = next_step(objection)
    if step is None or step.role == done.role:
        return
    application = objection.entry.application
    rules = application.rules
    users = list(access.city_group(objection.entry.publicity.cycle.city, step.role)
                 .user_set.filter(is_active=True).order_by("pk"))
    pending = notices.tell(
        users, event_key=f"objection:{objection.pk}:step:{len(recorded(objection))}",
        subject=_("【待办】公示异议：%(name)s（%(ref)s）待%(label)s") % {
            "name": application.applicant_name, "ref": application.reference, "label": step.label},
        lines=[_("%(body)s已%(done)s，请在门户中%(label)s（%(citation)s）。") % {
            "body": role_name(rules, done.role), "done": done.label, "label": step.label,
            "citation": step.citation}],
        application=application)
    _queue(pending)


@checks.register
def cancelled_only_on_a_sustained_objection(application, action_name: str) -> str | None:
    """The committee's "cancel_on_objection" stops an application only where an objection to the 公示 it is in has
    been decided sustained (the step above); it is no general power to stop applications."""
    if action_name != CANCEL:
        return None
    if Objection.objects.filter(entry__application=application, entry__publicity__stage=application.status,
                                entry__publicity__recommender__isnull=True,
                                outcome=Objection.Outcome.SUSTAINED).exists():
        return None
    return _("只有公示异议经决定成立的，才能据此取消其资格。")


# -- rows for pages ----------------------------------------------------------------------------
def _objections():
    return (Objection.objects.filter(entry__publicity__recommender__isnull=True)
            .select_related("entry__publicity__cycle__city", "entry__application__cycle__rule_set",
                            "entry__application__organisation", "entry__application__individual", "resolved_by")
            .defer("entry__application__cycle__rule_set__content")
            .prefetch_related(Prefetch("steps", queryset=ObjectionStep.objects.select_related("actor"))))


def awaiting(cities, role: Role) -> list[Objection]:
    """Open objections to these cities' 公示 whose next step is `role`'s (steps prefetched)."""
    rows = _objections().filter(entry__publicity__cycle__city__in=cities, outcome=Objection.Outcome.OPEN)
    return [o for o in rows.order_by("filed_at", "pk") if (s := next_step(o)) and s.role == role]


def handled_by(cities, role: Role):
    """Objections of these cities in which `role` recorded a step, newest first."""
    return (_objections().filter(entry__publicity__cycle__city__in=cities, steps__actor_role=role.value)
            .distinct().order_by("-filed_at", "-pk"))


def detail(pk) -> Objection | None:
    return _objections().filter(pk=pk).first()


def with_steps(queryset):
    """A list's objections with what next_step reads (the pinned rules) and their steps, in fixed queries."""
    return (queryset.select_related("entry__publicity__cycle__city", "entry__application__cycle__rule_set")
            .defer("entry__application__cycle__rule_set__content")
            .prefetch_related(Prefetch("steps", queryset=ObjectionStep.objects.select_related("actor"))))


def by_reference(reference: str) -> Objection | None:
    reference = references.normalise(reference)
    if not reference:
        return None
    return (Objection.objects.select_related("entry__publicity__cycle__city", "entry__application__cycle__rule_set")
            .prefetch_related("steps").filter(reference=reference).first())


def public_status(objection: Objection) -> dict:
    """What the public status page shows: the publicity, the state, the step pending and the dates; no names,
    no contact, no reasons (the reasons stay with the bodies; the outcome is public on the publicity page too)."""
    publicity = objection.entry.publicity
    rules = _rules(objection)
    step = next_step(objection)
    if objection.outcome != Objection.Outcome.OPEN:
        state = objection.get_outcome_display()
    elif step is None:
        state = _("处理中")
    else:
        state = _("待%(body)s%(label)s") % {"body": role_name(rules, step.role), "label": step.label}
    steps = route(rules) if not publicity.recommender_id else []
    done = [{"label": s.label, "body": role_name(rules, s.role), "on": timezone.localtime(r.created_at).date(),
             "citation": s.citation} for s, r in zip(steps, recorded(objection), strict=False)]
    return {
        "reference": objection.reference, "publicity": publicity, "filed_on": timezone.localtime(
            objection.filed_at).date(), "state": state, "resolved": objection.outcome != Objection.Outcome.OPEN,
        "resolved_on": objection.resolved_at and timezone.localtime(objection.resolved_at).date(), "done": done,
        "route": [{"label": s.label, "body": role_name(rules, s.role), "citation": s.citation} for s in steps],
    }


# -- who may see what (registered in the permission table) ---------------------------------------
def committee_pages(user, _obj=None) -> access.Verdict:
    """Members of a city's committee (the deciding body)."""
    if not access.cities_with(user, {Role.COMMITTEE}):
        return access.refuse(_("只有评审委员会（审议机构）成员可以使用此页面。"))
    return access.ALLOWED


def committee_objection(user, objection) -> access.Verdict:
    """An objection to the 公示 of a city whose committee the user belongs to."""
    if objection is None or objection.entry.publicity.recommender_id or not access.is_committee(
            user, objection.entry.publicity.cycle.city_id):
        return access.hide(_("没有这条异议。"))
    return access.ALLOWED


access.register("committee.objections", committee_pages)
access.register("committee.objection", committee_objection)
