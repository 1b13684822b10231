"""Which award kinds of an open cycle an applicant may apply for, and why not for the others.

Everything is read from the cycle's pinned rules (award kinds' applicant_kind, legal_person_required,
reapply; eligibility minimum years; post_award.fraud_bar and the revocation grounds that bar reapplying)
and from the applicant's past applications in that city (awarded ones, and revoked ones: a lockout after an award
holds when the award is later revoked). In one cycle an applicant holds at most one live application per award
kind: a draft or one under way is `existing` (continue it), an award won in this cycle — revoked or not — a
reason. No city is named here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cities.schema import ApplicantKind, AwardKind, CityRules
from core.errors import InvalidInput, TransitionDenied
from core.i18n import join_clauses, join_list, long_date

from ..models import Application, Cycle, Individual, Organisation, Revocation
from ..workflow import Status
from . import lifecycle
from .applications import start_application
from .eligibility import full_years


@dataclass
class Offer:
    kind: AwardKind
    reasons: list[str] = field(default_factory=list)  # why not, each citing its article
    existing: Application | None = None  # an application already started for this kind

    @property
    def allowed(self) -> bool:
        return not self.reasons and self.existing is None


@dataclass
class Offering:
    cycle: Cycle
    offers: list[Offer]
    notes: list[str]  # about the award kinds not open to this kind of applicant at all

    @property
    def allowed(self) -> list[Offer]:
        return [o for o in self.offers if o.allowed]


def _measure(rules: CityRules) -> str:
    return f"《{rules.measure.title}》"


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# An application that ended in one of these does not stop a new one for the same award in the same cycle; any
# other does (drafts and applications under way, awards won — and revoked). The same set as the database's
# constraint on Application (one_live_application_per_kind_*).
ENDED_WITHOUT_AWARD = [Status.WITHDRAWN, Status.INELIGIBLE, Status.NOT_SELECTED]
WON_STATES = [Status.AWARDED, Status.REVOKED]


def _live_in_cycle(applicant_filter: dict, cycle: Cycle):
    """The applicant's applications of this cycle that still hold their award kind."""
    return (Application.objects.filter(cycle=cycle, **applicant_filter).exclude(status__in=ENDED_WITHOUT_AWARD)
            .order_by("pk"))


def _same_cycle_reason(held: Application, kind: AwardKind) -> str:
    if held.status == Status.REVOKED:
        return (_("本周期（%(cycle)s）“%(award)s”的申报%(ref)s已获奖并被撤销，同一周期内不能再次申报同一奖项。")
                % {"cycle": held.cycle.name, "award": kind.name, "ref": held.reference})
    return (_("已在本周期（%(cycle)s）获得“%(award)s”（%(ref)s），同一周期内不能再次申报同一奖项。")
            % {"cycle": held.cycle.name, "award": kind.name, "ref": held.reference})


def _past(applicant_filter: dict, cycle: Cycle):
    return (
        Application.objects.filter(cycle__city=cycle.city, **applicant_filter)
        .exclude(cycle=cycle)
        .select_related("cycle__rule_set", "revocation")
    )


def _won(won: Application, kind: AwardKind) -> str:
    """"已于2024年度获得“…”", and where that award was later revoked, when."""
    text = _("已于%(year)s获得“%(award)s”") % {"year": won.cycle.name, "award": kind.name}
    revocation = getattr(won, "revocation", None) if won.status == Status.REVOKED else None
    if revocation is not None:
        text += _("（该奖项已于%(when)s被撤销）") % {"when": long_date(revocation.revoked_on)}
    return text


def reapply_reasons(past_awards: list[Application], cycle: Cycle) -> list[str]:
    """A past award restricts new applications as its own award kind's `reapply` rule says; an award later revoked
    restricts them just the same (the lockout is counted from the award, not undone by the revocation)."""
    reasons = []
    for won in past_awards:
        try:
            kind = won.rules.award_kind(won.award_kind)
        except KeyError:
            continue
        rule = kind.reapply
        if rule is None or rule.value == 0:
            continue  # the measure sets no restriction for this award
        if rule.value is None:
            reasons.append(
                _("%(won)s。依%(measure)s%(article)s，已获奖者不得再次申报。")
                % {"won": _won(won, kind), "measure": _measure(won.rules), "article": rule.article}
            )
        elif cycle.year < won.cycle.year + rule.value:
            reasons.append(
                _("%(won)s。依%(measure)s%(article)s，自获奖年度起%(n)d年内不得再次申报，%(from)d年度起方可申报。")
                % {"won": _won(won, kind), "measure": _measure(won.rules), "article": rule.article,
                   "n": rule.value, "from": won.cycle.year + rule.value}
            )
    return reasons


def fraud_bar_reasons(revocations: list[Revocation], rules: CityRules, today: date) -> list[str]:
    bar = rules.post_award.fraud_bar
    reasons = []
    for revocation in revocations:
        if not rules.post_award.bars_reapplying(revocation.ground):
            continue
        if bar.value is None:
            continue  # the measure sets no bar after fraud
        when = long_date(revocation.revoked_on)
        if bar.value.years:
            until = _add_years(revocation.revoked_on, bar.value.years)
            if today < until:
                reasons.append(
                    _("因弄虚作假于%(when)s被撤销奖项。依%(measure)s%(article)s，%(n)d年内不得申报，"
                      "%(until)s前不能申报。")
                    % {"when": when, "measure": _measure(rules), "article": bar.citation, "n": bar.value.years,
                       "until": long_date(until)}
                )
        elif bar.value.cycles:
            last_barred_year = revocation.revoked_on.year + bar.value.cycles * rules.cycle.every_years.value
            if today.year <= last_barred_year:
                reasons.append(
                    _("因弄虚作假于%(when)s被撤销奖项。依%(measure)s%(article)s，此后%(n)d届内不得申报，"
                      "%(next)d年度评定起方可申报。")
                    % {"when": when, "measure": _measure(rules), "article": bar.citation, "n": bar.value.cycles,
                       "next": last_barred_year + 1}
                )
    return reasons


def _profile_reasons(rules: CityRules, kind: AwardKind, organisation, individual, today: date) -> list[str]:
    reasons = []
    measure = _measure(rules)
    if organisation is not None:
        if kind.legal_person_required.value and not organisation.legal_person:
            reasons.append(_("该奖项要求申报单位具有法人资格（%(measure)s%(article)s）。")
                           % {"measure": measure, "article": kind.legal_person_required.citation})
        need = rules.eligibility.organisation.min_years_operating
        if full_years(organisation.founded_on, today) < need.value:
            reasons.append(_("须连续生产经营%(n)d年以上（%(measure)s%(article)s），贵单位成立于%(since)s。")
                           % {"n": need.value, "measure": measure, "article": need.citation,
                              "since": long_date(organisation.founded_on)})
    else:
        rule = rules.eligibility.individual
        need = rule.min_years_quality_work
        if full_years(individual.quality_work_since, today) < need.value:
            reasons.append(_("须从事质量工作%(n)d年以上（%(measure)s%(article)s），您自%(since)s起从事质量工作。")
                           % {"n": need.value, "measure": measure, "article": need.citation,
                              "since": long_date(individual.quality_work_since)})
        if rule.citizen_required.value and not individual.is_citizen:
            reasons.append(_("申报人须为中华人民共和国公民（%(measure)s%(article)s）。")
                           % {"measure": measure, "article": rule.citizen_required.citation})
    return reasons


def open_from_elsewhere(cycle: Cycle) -> bool:
    """The cycle has awards for individuals and its rules do not ask them to work in the city (Ordos 第十一条), so an
    individual of another city may apply."""
    rules = cycle.rules
    local = rules.eligibility.local_requirement(ApplicantKind.INDIVIDUAL)
    return (local is not None and not local.value
            and any(k.applicant_kind == ApplicantKind.INDIVIDUAL for k in rules.award_kinds))


def offering(cycle: Cycle, *, organisation: Organisation | None = None, individual: Individual | None = None,
             today: date | None = None) -> Offering:
    """The award kinds of this cycle for this applicant: allowed ones, and the others with reasons."""
    if (organisation is None) == (individual is None):
        raise ValueError("give an organisation or an individual")
    today = today or timezone.localdate()
    rules = cycle.rules
    applicant_kind = ApplicantKind.ORGANISATION if organisation else ApplicantKind.INDIVIDUAL
    applicant = organisation or individual
    notes = []
    local = rules.eligibility.local_requirement(applicant_kind)
    if applicant.city_id != cycle.city_id and (local is None or local.value):
        # registered in the city (organisations), working in it (individuals), as the rule file says; where it does
        # not ask it (Ordos 第十一条: an individual need not work in the city) an applicant from elsewhere may apply
        cite = local or rules.eligibility.organisation.registered_in_city
        if applicant_kind == ApplicantKind.ORGANISATION:
            text = _("%(city)s的评定只受理在本市登记注册的单位（%(measure)s%(article)s），贵单位注册地为%(home)s。")
        else:
            text = _("%(city)s的评定只受理在本市从事质量工作的个人（%(measure)s%(article)s），"
                     "您的工作所在城市为%(home)s。")
        notes.append(text % {"city": rules.name, "measure": _measure(rules), "article": cite.citation,
                             "home": applicant.city.name})
        return Offering(cycle=cycle, offers=[], notes=notes)
    mine = [k for k in rules.award_kinds if k.applicant_kind == applicant_kind]
    others = [k for k in rules.award_kinds if k.applicant_kind != applicant_kind]
    if not mine:
        articles = "、".join(sorted({k.article for k in others}))
        notes.append(
            _("%(measure)s%(article)s只设%(kinds)s，未设%(what)s奖项，因此您不能申报本周期的评定。")
            % {"measure": _measure(rules), "article": articles, "kinds": join_list(f"“{k.name}”" for k in others),
               "what": _("个人") if applicant_kind == ApplicantKind.INDIVIDUAL else _("单位")}
        )
    closed_note = ""
    if not (cycle.call_published_on <= today <= cycle.applications_close_on):
        closed_note = (_("本周期申报期为%(start)s至%(end)s，当前不在申报期内。")
                     % {"start": long_date(cycle.call_published_on),
                        "end": long_date(cycle.applications_close_on)})
        notes.append(closed_note)
    applicant_filter = {"organisation": organisation} if organisation else {"individual": individual}
    past = list(_past(applicant_filter, cycle))
    won = [a for a in past if a.status in WON_STATES]
    revocations = [a.revocation for a in past if a.status == Status.REVOKED and hasattr(a, "revocation")]
    shared = reapply_reasons(won, cycle) + fraud_bar_reasons(revocations, rules, today)
    live = {a.award_kind: a for a in _live_in_cycle(applicant_filter, cycle)}
    offers = []
    for kind in mine:
        reasons = _profile_reasons(rules, kind, organisation, individual, today) + shared
        if kind.drawn_from_key:  # one ranking, two lists (Wuhan 第二十三条): nobody applies for the second tier
            reasons = [_("%(measure)s%(article)s：“%(name)s”从“%(base)s”的综合排序中产生，无须单独申报；"
                         "申报“%(base)s”即参加两个等次的评选。") % {
                "measure": _measure(rules), "article": kind.drawn_from.citation, "name": kind.name,
                "base": rules.award_kind(kind.drawn_from_key).name}]
        held = live.get(kind.key)
        if held is not None and held.status in WON_STATES:
            reasons.append(_same_cycle_reason(held, kind))
            held = None
        offers.append(Offer(kind=kind, reasons=reasons, existing=held))
    if closed_note:
        for offer in offers:
            offer.reasons.append(closed_note)
    return Offering(cycle=cycle, offers=offers, notes=notes)


def may_apply(cycle: Cycle, award_kind: str, *, organisation=None, individual=None) -> list[str]:
    """The reasons this applicant may not apply for this kind (empty list: may apply)."""
    result = offering(cycle, organisation=organisation, individual=individual)
    for offer in result.offers:
        if offer.kind.key == award_kind:
            return list(offer.reasons)
    return result.notes or [_("本周期没有该奖项，或该奖项不面向此类申报人。")]


def revoke_award(application: Application, *, ground: str, actor, reason: str, on: date | None = None) -> Revocation:
    """Revoke an award on one of the rules' revocation grounds, so later offerings know why (e.g. fraud). `on`: the
    day of the decision to revoke (default today); the bar on applying again counts from it."""
    grounds = {g.key: g for g in application.rules.post_award.revocation_grounds}
    if ground not in grounds:
        raise InvalidInput(_("请选择%(city)s办法规定的撤销情形。") % {"city": application.rules.name})
    with transaction.atomic():
        entry = lifecycle.perform(application, "revoke", actor, reason=reason, article=grounds[ground].article)
        return Revocation.objects.create(
            application=application, ground=ground, article=grounds[ground].article,
            revoked_on=on or timezone.localdate(), audit_entry=entry,
        )


def start(cycle: Cycle, award_kind: str, actor, *, organisation=None, individual=None) -> Application:
    """Start an application for an award kind the rules let this applicant apply for."""
    if organisation is not None and not organisation.group.user_set.filter(pk=actor.pk).exists():
        raise TransitionDenied(_("您不是该单位的用户，不能以该单位名义申报。"))
    if individual is not None and individual.user_id != actor.pk:
        raise TransitionDenied(_("只能以本人名义申报个人奖项。"))
    result = offering(cycle, organisation=organisation, individual=individual)
    offer = next((o for o in result.offers if o.kind.key == award_kind), None)
    if offer is None:
        raise InvalidInput(join_clauses(result.notes) or _("本周期没有该奖项，或该奖项不面向此类申报人。"))
    if offer.existing is not None:
        raise InvalidInput(_("您已开始申报“%(award)s”（%(ref)s），请继续填写该申报。")
                           % {"award": offer.kind.name, "ref": offer.existing.reference})
    if offer.reasons:
        raise InvalidInput(join_clauses(offer.reasons))
    try:
        with transaction.atomic():
            return start_application(cycle=cycle, award_kind=award_kind, organisation=organisation,
                                     individual=individual)
    except IntegrityError:  # the same applicant started the same award a moment ago (two tabs, a double click)
        raise InvalidInput(_("您已开始申报“%(award)s”，请在“我的申报”中继续填写该申报。")
                           % {"award": offer.kind.name}) from None
