"""Publicity (公示), a recommender's local publicity and a public comment period: one mechanism.

A publicity lists applications that are in one stage; its end date comes from the city's period
(calendar or working days). The scheduler closes it after its last day; closing is claimed with a
conditional UPDATE, so running the task twice closes it once.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cities.calendar import period_span
from cities.schema import Period, PeriodKey, Role
from core.errors import InvalidInput, TransitionDenied
from core.i18n import join_list, long_date

from .. import guards, signals
from ..models import Application, Cycle, Objection, Publicity, PublicityEntry, RecommenderUnit
from ..workflow import ROLE_PERMISSIONS, Status, staff_label
from . import access, lifecycle, objections, references

log = logging.getLogger(__name__)

def publish(*, cycle: Cycle, stage: str, applications: list[Application], actor,
            recommender: RecommenderUnit | None = None, starts_on: date | None = None,
            title: str = "", length: int | None = None) -> Publicity:
    """`length`: the office's own length of the period, in the period's unit; it may lengthen a minimum (不少于),
    never shorten it, and never change an exact length (see period_for)."""
    rules = cycle.rules
    stage_rule = rules.stage(stage)
    if stage_rule is None or not stage_rule.advance_after_period:
        raise InvalidInput(_("%(city)s的流程中没有“%(stage)s”公示环节。") % {
            "city": cycle.city.name, "stage": staff_label(stage)})
    if not applications:
        raise InvalidInput(_("公示名单不能为空。"))
    role = Role.RECOMMENDER if recommender else Role.OFFICE
    for application in applications:
        if application.cycle_id != cycle.pk or application.status != stage:
            raise InvalidInput(_("%(ref)s不在“%(stage)s”阶段，不能列入公示。") % {
                "ref": application.reference, "stage": staff_label(stage, rules)})
        if not actor.has_perm(ROLE_PERMISSIONS[role], application):
            raise TransitionDenied(_("您无权公示申报%(ref)s。") % {"ref": application.reference})
    period = period_for(rules.periods[stage_rule.period], stage_rule.period, length, rules.measure.title)
    window = period_span(starts_on or timezone.localdate(), period)
    with transaction.atomic():
        publicity = Publicity.objects.create(
            cycle=cycle, stage=stage, recommender=recommender,
            title=title or f"{cycle}{staff_label(stage, rules)}",
            starts_on=window.start, ends_on=window.end, end_unconfirmed=not window.confirmed,
            article=period.article or stage_rule.article, published_by=actor,
        )
        PublicityEntry.objects.bulk_create(
            PublicityEntry(publicity=publicity, application=a, summary=a.applicant_name) for a in applications
        )
        lifecycle.start_period(applications, window)
    return publicity


def period_for(period: Period, key: str, length: int | None, title: str = "") -> Period:
    """The period a publicity runs for: the rule's, or the length the office set where the rule allows it. A minimum
    (不少于) may be lengthened, never shortened; an exact length (公示7天) stays as the measure sets it."""
    if length is None or length == period.length:
        return period
    words = {"title": title, "article": period.citation, "name": PeriodKey(key).label, "rule": period.rule_in_words,
             "asked": period.with_length(max(length, 1)).in_words}
    if not period.minimum:
        raise InvalidInput(_("《%(title)s》%(article)s规定%(name)s为%(rule)s，不得更改（所填为%(asked)s）。") % words)
    if not period.allows_length(length):
        raise InvalidInput(_("《%(title)s》%(article)s规定%(name)s%(rule)s，只能延长，不得缩短（所填为%(asked)s）。")
                           % words)
    if length > PERIOD_LENGTH_MAX:
        raise InvalidInput(_("%(name)s不能超过%(limit)s天。") % {
            "name": PeriodKey(key).label, "limit": PERIOD_LENGTH_MAX})
    return period.with_length(length)


PERIOD_LENGTH_MAX = 366


def is_open(publicity: Publicity, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return publicity.closed_at is None and publicity.starts_on <= today <= publicity.ends_on


UPCOMING, OPEN, ENDED = "upcoming", "open", "ended"


def state(publicity: Publicity, today: date | None = None) -> str:
    """upcoming, open or ended, by its dates: a publicity past its last day has ended at once, whether or not
    the scheduler has yet closed it (closed_at only records that the end was processed)."""
    today = today or timezone.localdate()
    if publicity.closed_at is not None or publicity.ends_on < today:
        return ENDED
    return OPEN if publicity.starts_on <= today else UPCOMING


NAME_MAX = 100
OBJECTION_PREFIX = "YY"  # the objection's reference number (受理编号), awards.domain.objections
CONTACT_MAX = 100
TEXT_MAX = 2000


def file_objection(entry: PublicityEntry, *, name: str, contact: str, text: str) -> Objection:
    name, contact, text = (name or "").strip(), (contact or "").strip(), (text or "").strip()
    fields = ((_("异议人"), name, NAME_MAX), (_("联系方式"), contact, CONTACT_MAX), (_("异议内容"), text, TEXT_MAX))
    problems = [label for label, value, _limit in fields if not value]
    if problems:
        raise InvalidInput(_("请填写：%(fields)s。") % {"fields": join_list(problems)})
    too_long = [_("%(field)s不能超过%(limit)s个字") % {"field": label, "limit": limit}
                for label, value, limit in fields if len(value) > limit]
    if too_long:
        raise InvalidInput(_("%(problems)s。") % {"problems": pgettext("clause separator", "；").join(too_long)})
    if not is_open(entry.publicity):
        raise InvalidInput(_("该公示不在公示期内，不能再提出异议。"))
    return Objection.objects.create(entry=entry, name=name, contact=contact, text=text,
                                    reference=references.new_reference(Objection, OBJECTION_PREFIX))


def _advance_if_due(application: Application) -> None:
    stage = application.rules.stage(application.status)
    if stage and stage.actor == Role.SYSTEM:
        lifecycle.perform(application, "advance", None, reason=_("公示（征求意见）期满，无未处理异议"))


def resolver_role(publicity: Publicity, actor) -> Role | None:
    """Who deals with objections to one publicity: the recommender unit that published a local publicity
    (e.g. 武汉 第十七条) or the city's office; for a 公示 without a recommender, the city's office only.
    None if the actor may not (deny by default)."""
    if publicity.recommender_id and publicity.recommender_id in {u.pk for u in access.recommender_units(actor)}:
        return Role.RECOMMENDER
    if access.is_office(actor, publicity.cycle.city_id):
        return Role.OFFICE
    return None


def resolve_objection(objection: Objection, *, sustained: bool, resolution: str, actor) -> Objection:
    """Record the outcome of one objection. Sustained: where the actor is the office, the application stops;
    a recommender unit does not recommend it (recommendation.recommend refuses). Dismissed: once the period is
    over and no objection is open, the application may advance (or the closed publicity advances it now).
    An objection to the city's 公示 goes through the bodies its rules name (awards.domain.objections): this records
    the step now due, which is the outcome only where that step decides."""
    if not objection.entry.publicity.recommender_id:
        objections.record_step(objection, actor=actor, sustain=sustained, text=resolution)
        return Objection.objects.get(pk=objection.pk)
    with transaction.atomic():
        objection = (Objection.objects.select_for_update(of=("self",))
                     .select_related("entry__publicity__recommender__group", "entry__publicity__cycle",
                                     "entry__application")
                     .get(pk=objection.pk))
        application = objection.entry.application
        publicity = objection.entry.publicity
        role = resolver_role(publicity, actor)
        if role is None or not actor.has_perm(ROLE_PERMISSIONS[role], application):
            raise TransitionDenied(_("您无权处理该异议。"))
        resolution = (resolution or "").strip()
        if not resolution:
            raise InvalidInput(_("请填写异议处理意见。"))
        if len(resolution) > TEXT_MAX:
            raise InvalidInput(_("处理意见不能超过%(limit)s个字。") % {"limit": TEXT_MAX})
        if objection.outcome != Objection.Outcome.OPEN:
            raise InvalidInput(_("该异议已处理。"))
        objection.outcome = Objection.Outcome.SUSTAINED if sustained else Objection.Outcome.DISMISSED
        objection.resolution = resolution
        objection.resolved_at = timezone.now()
        objection.resolved_by = actor
        objection.save()
        transaction.on_commit(lambda: signals.objection_resolved.send(sender=Objection, objection=objection),
                              robust=True)  # a listener that fails (the broker is down) must not undo the page
        if application.status == publicity.stage:
            if sustained and role == Role.OFFICE:
                lifecycle.perform(application, "stop", actor,
                                  reason=_("异议成立：%(resolution)s") % {"resolution": resolution},
                                  article=publicity.article)
            elif (not sustained and publicity.closed_at is not None and publicity.ends_on < timezone.localdate()
                  and guards.no_open_objection(application)):
                _advance_if_due(application)
    return objection


def looks_like_email(contact: str) -> bool:
    try:
        validate_email((contact or "").strip())
    except ValidationError:
        return False
    return True


def email_objection_outcome(objection_id: int) -> str:
    """Tell an objector who left an e-mail address the outcome (郴州 第二十条/第三十四条: 告知异议方).
    The reasons stay with the office; the e-mail gives the outcome. Claimed first, so it is sent once."""
    objection = Objection.objects.select_related("entry__publicity__cycle__city").get(pk=objection_id)
    if objection.outcome == Objection.Outcome.OPEN or not looks_like_email(objection.contact):
        return "nothing"
    claimed = Objection.objects.filter(pk=objection_id, outcome_emailed_at__isnull=True).update(
        outcome_emailed_at=timezone.now())
    if not claimed:
        return "already"
    notice = objection.entry.publicity
    body = _("%(name)s：\n\n您于%(date)s对“%(title)s”中的“%(entry)s”提出的异议（受理编号%(ref)s），经调查核实，"
             "处理结果为：%(outcome)s。\n\n处理结果同时在公示页面公开。如有疑问，请与%(city)s评审办公室联系。\n") % {
        "ref": objection.reference or "-",
        "name": objection.name, "date": long_date(timezone.localtime(objection.filed_at)), "title": notice.title,
        "entry": objection.entry.summary, "outcome": objection.get_outcome_display(), "city": notice.cycle.city.name}
    subject = _("异议处理结果：%(title)s") % {"title": notice.title}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [objection.contact.strip()])
    except Exception:
        Objection.objects.filter(pk=objection_id).update(outcome_emailed_at=None)  # let a retry send it
        raise
    return "sent"


def outcome_emails_due(now: datetime | None = None) -> list[int]:
    """Objections whose outcome e-mail should have gone by now and has not (the broker was down, a message was
    lost): resolved more than NOTICE_EMAIL_DELAYED_MINUTES ago, within the last two days, to an e-mail contact."""
    now = now or timezone.now()
    rows = (Objection.objects.exclude(outcome=Objection.Outcome.OPEN)
            .filter(outcome_emailed_at__isnull=True, resolved_at__lt=now - timedelta(
                minutes=settings.NOTICE_EMAIL_DELAYED_MINUTES), resolved_at__gt=now - timedelta(days=2))
            .order_by("pk").values_list("pk", "contact")[:200])
    return [pk for pk, contact in rows if looks_like_email(contact)]


# Objections filed from one client address: at most OBJECTIONS_PER_HOUR within THROTTLE_WINDOW seconds (the Django
# cache, shared by every web process). When the cache cannot be reached the objection is taken: an objection is a
# right under the measures, and losing one is worse than letting a few more through for a while.
OBJECTIONS_PER_HOUR = 5
THROTTLE_WINDOW = 3600


def _throttle_key(client: str) -> str:
    return f"objections:ip:{client or 'unknown'}"


def objection_allowed(client: str) -> bool:
    """May this client address file another objection now? True when the cache is down (logged)."""
    try:
        return (cache.get(_throttle_key(client)) or 0) < OBJECTIONS_PER_HOUR
    except Exception:  # the cache (Redis) is down or slow: do not turn a citizen's objection into an error
        log.warning("objection throttle: cache unavailable, objection allowed", exc_info=True)
        return True


def count_objection(client: str) -> None:
    """Count one objection filed from this client address; never raises."""
    key = _throttle_key(client)
    try:
        if cache.add(key, 1, THROTTLE_WINDOW):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, THROTTLE_WINDOW)
    except Exception:  # the cache is down: the objection is saved already
        log.warning("objection throttle: cache unavailable, objection not counted", exc_info=True)


def objections_of_city(city, *, local: bool = False):
    """The objections to a city's 公示 (local=False) or to its recommender units' local publicities (local=True)."""
    return (
        Objection.objects.filter(entry__publicity__cycle__city=city, entry__publicity__recommender__isnull=not local)
        .select_related("entry__publicity", "entry__application__organisation", "entry__application__individual",
                        "resolved_by")
        .order_by("-filed_at", "-pk")
    )


def close(publicity: Publicity) -> bool:
    """Close one publicity after its end: advance what the scheduler may advance. True if this call closed it."""
    with transaction.atomic():
        claimed = Publicity.objects.filter(pk=publicity.pk, closed_at__isnull=True).update(closed_at=timezone.now())
        if not claimed:
            return False
        entries = publicity.entries.select_related("application__cycle__rule_set")
        for entry in entries:
            application = entry.application
            if application.status == publicity.stage and not application.is_final:
                if guards.no_open_objection(application):
                    _advance_if_due(application)
    return True


def close_due(today: date | None = None) -> list[int]:
    today = today or timezone.localdate()
    due = Publicity.objects.filter(closed_at__isnull=True, ends_on__lt=today).order_by("pk")
    return [p.pk for p in due if close(p)]


__all__ = ["publish", "file_objection", "objection_allowed", "count_objection", "outcome_emails_due",
           "resolve_objection", "resolver_role", "objections_of_city", "close", "close_due", "is_open", "state",
           "UPCOMING", "OPEN", "ENDED", "Status"]
