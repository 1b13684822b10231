"""Opening a cycle: it pins the city's rules in force that day, so later edits do not touch it.

The measure a cycle is opened under says when it is in force and whether it is a draft (`rules.measure`:
Jinan 第三十一条 in force 2018-12-07 to 2021-12-06; Ordos 审议稿; Wuhan 征求意见稿, valid 5 years, 第三十七条). Under a
draft, or a text not (yet or any more) in force on the day the call is published, the office must confirm with a reason;
the confirmation is kept, append-only, beside the cycle (`MeasureConfirmation`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cities.calendar import period_span
from cities.models import City
from cities.schema import Measure, MeasureStanding, PeriodKey, Role
from core.errors import InvalidInput
from core.i18n import long_date

from ..models import Cycle, MeasureConfirmation

REASON_MAX = 2000
YEAR_MIN, YEAR_MAX = 2000, 2100
TERM_MAX = 100


@dataclass(frozen=True)
class Confirmation:
    """The office's explicit confirmation of the governing text: who, and why."""

    actor: object
    reason: str


def standing_words(measure: Measure, standing: MeasureStanding) -> str:
    """Why the text needs a confirmation, in Chinese, with its article (empty where it is in force)."""
    source = measure.standing_source(standing)
    article = source.citation if source else ""
    note = source.note if source else ""
    title = measure.title
    if standing == MeasureStanding.DRAFT:
        return _("《%(title)s》为草案（%(note)s），尚未正式施行") % {"title": title, "note": note or article}
    if standing == MeasureStanding.NOT_YET:
        return _("《%(title)s》%(article)s规定自%(day)s起施行，申报公告发布之日尚未施行") % {
            "title": title, "article": article, "day": long_date(measure.in_force_from.value)}
    if standing == MeasureStanding.EXPIRED:
        return _("《%(title)s》%(article)s规定有效期至%(day)s，申报公告发布之日已过有效期") % {
            "title": title, "article": article, "day": long_date(measure.last_day)}
    return ""


def confirmation_needed(measure: Measure, call_published_on: date) -> str:
    """The Chinese reason a confirmation is needed to open a cycle on this day, or '' where none is."""
    standing = measure.standing_on(call_published_on)
    return standing_words(measure, standing) if standing.needs_confirmation else ""


def open_cycle(city: City, *, year: int, call_published_on: date, term: int = 1,
               confirmation: Confirmation | None = None) -> Cycle:
    rule_set = city.current_rules()
    if rule_set is None:
        raise InvalidInput(_("%(city)s尚未载入规则文件，不能开启评定周期。") % {"city": city.name})
    rules = rule_set.rules
    call = rules.period(PeriodKey.CALL_ANNOUNCEMENT)
    if call is None:
        raise InvalidInput(
            _("%(city)s规则文件未设定申报公告期限（periods.call_announcement）。") % {"city": city.name}
        )
    standing = rules.measure.standing_on(call_published_on)
    reason = (confirmation.reason if confirmation else "").replace("\x00", "").strip()
    if standing.needs_confirmation:
        why = standing_words(rules.measure, standing)
        if confirmation is None or confirmation.actor is None or not reason:
            raise InvalidInput(_("%(why)s。在此文本下开启评定周期，须由评审办公室明确确认并填写理由。") % {"why": why})
        if len(reason) > REASON_MAX:
            raise InvalidInput(_("确认理由不能超过%(limit)s个字。") % {"limit": REASON_MAX})
    window = period_span(call_published_on, call)
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(
                city=city,
                rule_set=rule_set,
                name=rules.cycle.name_pattern.format(year=year, term=term),
                year=year,
                term=term,
                call_published_on=call_published_on,
                applications_close_on=window.end,
                close_date_unconfirmed=not window.confirmed,
            )
            if standing.needs_confirmation:
                source = rules.measure.standing_source(standing)
                MeasureConfirmation.objects.create(
                    cycle=cycle, actor=confirmation.actor, actor_role=Role.OFFICE.value, standing=standing.value,
                    measure_title=rules.measure.title, reason=reason,
                    article=(source.article or "") if source else "", rule_version=rule_set.version,
                )
    except IntegrityError:
        raise InvalidInput(_("%(city)s%(year)s年度的评定周期已经开启。") % {"city": city.name, "year": year}) from None
    return cycle


def governing_text(cycle: Cycle) -> dict:
    """What the public pages say about the text that governs a cycle: its title and number, where it stands on
    the day the call was published, why (with the article), and the office's confirmation if it needed one."""
    measure = cycle.rules.measure
    standing = measure.standing_on(cycle.call_published_on)
    return {
        "measure": measure,
        "standing": standing,
        "warning": standing_words(measure, standing),
    }
