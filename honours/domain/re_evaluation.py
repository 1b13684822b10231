"""复评 (re-evaluation): a winner asks to keep the award; its own route of steps from the application's rules
(post_award.re_evaluation.steps), each recorded by the role the rules name, ending in "continues valid" (the
certificate reissued, the grants marked `again` given again — no money again) or "lapsed" (nothing is revoked:
the live certificate shows expired after its date).

Every step is an append-only ReEvaluationRecord with who, in which role, and the article.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.domain import access
from awards.models import Application
from awards.workflow import Status
from cities.schema import ReEvaluationStep, Role
from core.errors import InvalidInput, TransitionDenied
from core.i18n import long_date

from ..models import Certificate, ReEvaluation, ReEvaluationRecord, RevocationCase
from . import certificates, duties, ledger

NOTE_MAX = 2000

# Who records a step, by the role the rules name (the city's groups).
ROLE_CHECKS = {
    Role.OFFICE: access.is_office,
    Role.COMMITTEE: access.is_committee,
}


def rule(application: Application):
    return application.rules.post_award.re_evaluation


def opens_in(application: Application) -> int | None:
    """The first year a 复评 may be requested: `opens_after_years` after the award year, or after the last 复评
    that kept the award."""
    route = rule(application)
    if route is None:
        return None
    last = (application.re_evaluations.filter(outcome=ReEvaluation.Outcome.CONTINUES)
            .order_by("-decided_at").first())
    since = timezone.localdate(last.decided_at).year if last and last.decided_at else duties.award_year(application)
    return since + route.opens_after_years.value


def may_request(application: Application, today: datetime.date | None = None) -> access.Verdict:
    """Whether the winner may ask for a 复评 now, or the reason (in Chinese, with the article) why not."""
    today = today or timezone.localdate()
    route = rule(application)
    rules = application.rules
    if route is None:
        return access.refuse(_("%(measure)s未规定复评。") % {"measure": duties.measure_name(rules)})
    if application.status != Status.AWARDED:
        return access.refuse(_("只有获奖且未被撤销的申报可以申请复评。"))
    if application.revocation_cases.filter(state=RevocationCase.State.OPEN).exists():
        return access.refuse(_("该奖项的撤销案件正在办理，暂不能申请复评。"))
    if application.re_evaluations.filter(outcome=ReEvaluation.Outcome.OPEN).exists():
        return access.refuse(_("复评申请已提交，正在办理。"))
    latest = (application.re_evaluations.exclude(outcome=ReEvaluation.Outcome.OPEN)
              .order_by("-decided_at", "-pk").first())
    if latest is not None and latest.outcome == ReEvaluation.Outcome.LAPSED:
        return access.refuse(_("复评未通过，称号已失效，不能再次申请复评。"))
    first = opens_in(application)
    if today.year < first:
        return access.refuse(
            _("依%(measure)s%(article)s，自获奖年度起满%(n)s年后方可申请复评（%(year)s年起）。") % {
                "measure": duties.measure_name(rules), "article": route.opens_after_years.citation,
                "n": route.opens_after_years.value, "year": first})
    return access.ALLOWED


def _article(route, step: ReEvaluationStep) -> str:
    return step.article or route.article


def _index(route, key: str) -> int:
    return next(i for i, s in enumerate(route.steps) if s.key == key)


def current_step(re_evaluation: ReEvaluation) -> ReEvaluationStep | None:
    route = rule(re_evaluation.application)
    return next((s for s in route.steps if s.key == re_evaluation.step), None) if route else None


def awaiting_role(cities, role: Role) -> list[tuple[ReEvaluation, ReEvaluationStep]]:
    """The open 复评 of these cities whose current step the rules give to `role`, with that step, oldest first."""
    open_ones = (ReEvaluation.objects.filter(outcome=ReEvaluation.Outcome.OPEN, application__cycle__city__in=cities,
                                             application__status=Status.AWARDED)
                 .select_related("application__cycle__rule_set", "application__cycle__city",
                                 "application__organisation", "application__individual")
                 .order_by("opened_at", "pk"))
    rows = []
    for re_evaluation in open_ones:
        step = current_step(re_evaluation)
        if step is not None and step.actor == role:
            rows.append((re_evaluation, step))
    return rows


def may_record(user, re_evaluation: ReEvaluation, step: ReEvaluationStep | None = None) -> bool:
    """The user holds, in the application's city, the role the rules name for the current step."""
    step = step or current_step(re_evaluation)
    if step is None or re_evaluation.outcome != ReEvaluation.Outcome.OPEN:
        return False
    application = re_evaluation.application
    if step.actor == Role.APPLICANT:
        return access.is_applicant_of(user, application)
    check = ROLE_CHECKS.get(step.actor)
    return bool(check and check(user, application.cycle.city_id))


def request(application: Application, actor, note: str = "") -> ReEvaluation:
    """The winner asks for a 复评: the first step (the applicant's) is recorded and the 复评 waits at the next."""
    if not access.is_applicant_of(actor, application):
        raise TransitionDenied(_("只有获奖单位（个人）可以申请复评。"))
    verdict = may_request(application)
    if not verdict:
        raise InvalidInput(verdict.reason)
    route = rule(application)
    first = route.steps[0]
    if first.actor != Role.APPLICANT:
        raise InvalidInput(_("本市复评程序不由获奖者提出申请，请联系评审办公室。"))
    note = _note(note, required=False)
    try:
        with transaction.atomic():
            re_evaluation = ReEvaluation.objects.create(application=application, step=first.key,
                                                        article=route.article)
            _record(re_evaluation, first, actor=actor, role=Role.APPLICANT, passed=True, note=note)
            _move_on(re_evaluation, route, first, actor)
    except IntegrityError:
        raise InvalidInput(_("复评申请已提交，正在办理。")) from None
    return re_evaluation


def record_step(re_evaluation: ReEvaluation, *, actor, passed: bool, note: str = "",
                step: str | None = None) -> ReEvaluationRecord:
    """The current step recorded by its actor (the role the rules name): passed → the next step, or on the last
    one the outcome "continues valid"; not passed → lapsed. `step`, where given, is the step the form showed."""
    note = _note(note, required=not passed)
    with transaction.atomic():
        locked = ReEvaluation.objects.select_for_update().select_related(
            "application__cycle__rule_set", "application__cycle__city").get(pk=re_evaluation.pk)
        if locked.outcome != ReEvaluation.Outcome.OPEN:
            raise InvalidInput(_("该复评已办结：%(outcome)s。") % {"outcome": locked.get_outcome_display()})
        if step is not None and step != locked.step:
            raise InvalidInput(_("该复评已进入下一环节，请刷新页面。"))
        application = locked.application
        if application.status != Status.AWARDED:
            raise InvalidInput(_("该奖项已撤销，复评已终止。"))
        if application.revocation_cases.filter(state=RevocationCase.State.OPEN).exists():
            raise InvalidInput(_("该奖项的撤销案件正在办理，复评暂停，待案件办结后再录入。"))
        route = rule(locked.application)
        current = current_step(locked)
        if current is None:
            raise InvalidInput(_("复评环节与现行规则不符，请联系评审办公室。"))
        if not may_record(actor, locked, current):
            raise TransitionDenied(_("“%(step)s”环节只能由%(role)s录入。") % {"step": current.name,
                                                                      "role": role_name(current.actor, locked)})
        record = _record(locked, current, actor=actor, role=current.actor, passed=passed, note=note)
        if passed:
            _move_on(locked, route, current, actor)
        else:
            _conclude(locked, ReEvaluation.Outcome.LAPSED, current, actor, note)
    re_evaluation.refresh_from_db()
    return record


def role_name(role: Role, re_evaluation: ReEvaluation) -> str:
    bodies = re_evaluation.application.rules.bodies
    return {Role.OFFICE: bodies.office.value, Role.COMMITTEE: bodies.deciding_body.value,
            Role.APPLICANT: _("获奖单位（个人）")}.get(role, str(role))


def _note(value, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(_("未通过的，请填写理由。"))
    if len(text) > NOTE_MAX:
        raise InvalidInput(_("意见不能超过%(n)s字。") % {"n": NOTE_MAX})
    return text


def _record(re_evaluation, step: ReEvaluationStep, *, actor, role: Role, passed: bool, note: str):
    return ReEvaluationRecord.objects.create(re_evaluation=re_evaluation, step=step.key, passed=passed, note=note,
                                             actor=actor, actor_role=role.value,
                                             article=_article(rule(re_evaluation.application), step))


def _move_on(re_evaluation: ReEvaluation, route, done: ReEvaluationStep, actor) -> None:
    index = _index(route, done.key)
    if index + 1 >= len(route.steps):
        _conclude(re_evaluation, ReEvaluation.Outcome.CONTINUES, done, actor, "")
        return
    following = route.steps[index + 1]
    ReEvaluation.objects.filter(pk=re_evaluation.pk).update(step=following.key)
    re_evaluation.step = following.key
    _tell_next(re_evaluation, following)


def _tell_next(re_evaluation: ReEvaluation, step: ReEvaluationStep) -> None:
    """A to-do for whoever records the next step (the city's office or committee)."""
    if step.actor not in ROLE_CHECKS:
        return
    application = re_evaluation.application
    duties.tell_city(application.cycle.city, step.actor, application, f"re-evaluation:{re_evaluation.pk}:{step.key}",
                     _("【待办】复评：%(step)s") % {"step": step.name},
                     [_("%(name)s（%(ref)s）的复评已进入“%(step)s”环节，请及时办理。") % {
                         "name": application.applicant_name, "ref": application.reference, "step": step.name}])


def _conclude(re_evaluation: ReEvaluation, outcome: str, step: ReEvaluationStep, actor, note: str) -> None:
    application = re_evaluation.application
    route = rule(application)
    rules = application.rules
    today = timezone.localdate()
    re_evaluation.outcome = outcome
    re_evaluation.decided_at = timezone.now()
    lines = []
    if outcome == ReEvaluation.Outcome.CONTINUES:
        certificate = certificates.reissue(application, reason=Certificate.Reason.RE_EVALUATION, actor=actor)
        ledger.grant_award(application, on=today, actor=actor, again_only=True)
        re_evaluation.certificate = certificate
        lines.append(_("经复评合格，“%(award)s”称号继续有效，换发荣誉证书（编号%(number)s）。") % {
            "award": rules.title_of(application.award_kind), "number": certificate.number})
        if certificate.valid_until:
            lines.append(_("新证书有效期至%(date)s。") % {"date": long_date(certificate.valid_until)})
        if route.outside_quota.value:
            lines.append(_("复评合格不占当年评定名额（%(source)s）。") % {"source": route.outside_quota.citation})
        subject = _("复评合格，继续有效")
    else:
        lines.append(_("复评在“%(step)s”环节未通过，称号不再延续；现有证书有效期届满后失效。") % {"step": step.name})
        if note:
            lines.append(_("理由：%(note)s") % {"note": note})
        subject = _("复评未通过")
    lines.append(duties.cited(route.article, rules))
    re_evaluation.save(update_fields=["outcome", "decided_at", "certificate"])
    duties.tell_winner(application, f"re-evaluation:{re_evaluation.pk}:outcome", subject, lines)


# ---------------------------------------------------------------- who may (rows of awards.domain.access)
def _hidden() -> access.Verdict:
    return access.hide(_("没有这项复评。"))


def office_step(user, re_evaluation) -> access.Verdict:
    """The office of the application's city (the steps the rules give the office)."""
    if re_evaluation is None or not access.is_office(user, re_evaluation.application.cycle.city_id):
        return _hidden()
    return access.ALLOWED


def committee_step(user, re_evaluation) -> access.Verdict:
    """The committee of the application's city (the steps the rules give the deciding body)."""
    if re_evaluation is None or not access.is_committee(user, re_evaluation.application.cycle.city_id):
        return _hidden()
    return access.ALLOWED


access.register("office.re_evaluation", office_step)
access.register("committee.re_evaluation", committee_step)
