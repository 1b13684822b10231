"""The ledger (奖励台账): what each winner was granted, item by item as the rule file lists the award's grants
(money with its amount where the measure names one, trophy, plaque, medal, certificate), and after a
revocation what was reclaimed and when. Lines are append-only (LedgerEntry); a reclaim points at its grant.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from awards.models import Application
from awards.workflow import Status
from cities.schema import GrantKind

from ..models import LedgerEntry
from . import certificates


def grant_award(application: Application, *, on: datetime.date, actor=None,
                again_only: bool = False) -> list[LedgerEntry]:
    """One grant line per item the rules give a winner of this award. `again_only`: only the items given again
    on a reissue (after 复评, or to a repeat winner) — e.g. no money again (Chenzhou 第三十五条). The certificate
    line points at the live certificate."""
    grants = application.rules.award_kind(application.award_kind).grants
    certificate = certificates.live(application)
    lines = []
    with transaction.atomic():
        for grant in grants:
            if again_only and not grant.again:
                continue
            lines.append(LedgerEntry.objects.create(
                application=application,
                direction=LedgerEntry.Direction.GRANT,
                item=grant.kind.value,
                amount=Decimal(grant.amount) if grant.amount is not None else None,
                article=grant.citation,
                on=on,
                note=grant.note[:300],
                certificate=certificate if grant.kind == GrantKind.CERTIFICATE else None,
                recorded_by=actor,
            ))
    return lines


def is_repeat_winner(application: Application) -> bool:
    """The applicant won this award kind in the city in an earlier cycle (and kept it): a repeat winner, given only
    the grants marked `again` (Qujing 第三十二条: no money again)."""
    applicant = {"organisation_id": application.organisation_id} if application.organisation_id else {
        "individual_id": application.individual_id}
    return Application.objects.filter(
        cycle__city_id=application.cycle.city_id, cycle__year__lt=application.cycle.year,
        award_kind=application.award_kind, status=Status.AWARDED, **applicant,
    ).exists()


def outstanding(application: Application, kinds) -> list[LedgerEntry]:
    """The application's grant lines of these kinds not yet reclaimed."""
    values = [GrantKind(k).value for k in kinds]
    return list(application.ledger.filter(direction=LedgerEntry.Direction.GRANT, item__in=values,
                                          reclaims__isnull=True).order_by("pk"))


def reclaim(application: Application, *, kinds, on: datetime.date, article: str, actor,
            note: str = "") -> list[LedgerEntry]:
    """A reclaim line (收回) for each grant of these kinds not reclaimed yet, with the date and article."""
    lines = []
    with transaction.atomic():
        for grant in outstanding(application, kinds):
            lines.append(LedgerEntry.objects.create(
                application=application,
                direction=LedgerEntry.Direction.RECLAIM,
                item=grant.item,
                amount=grant.amount,
                article=article,
                on=on,
                note=note[:300],
                grant=grant,
                certificate=grant.certificate,
                recorded_by=actor,
            ))
    return lines


# -- the office's page -------------------------------------------------------------------------
@dataclass
class WinnerLedger:
    """One winner's lines, and the money granted, reclaimed and kept."""

    application: Application
    lines: list[LedgerEntry] = field(default_factory=list)
    granted: Decimal = Decimal(0)
    reclaimed: Decimal = Decimal(0)

    @property
    def kept(self) -> Decimal:
        return self.granted - self.reclaimed

    @property
    def in_words(self) -> dict[str, str]:
        return {"granted": money(self.granted), "reclaimed": money(self.reclaimed), "kept": money(self.kept)}


@dataclass
class CityLedger:
    winners: list[WinnerLedger]
    granted: Decimal
    reclaimed: Decimal

    @property
    def kept(self) -> Decimal:
        return self.granted - self.reclaimed

    @property
    def in_words(self) -> dict[str, str]:
        return {"granted": money(self.granted), "reclaimed": money(self.reclaimed), "kept": money(self.kept)}


def money(amount: Decimal | None) -> str:
    """Yuan with thousands grouped and two decimals (300,000.00); empty for no amount."""
    return "" if amount is None else f"{amount:,.2f}"


def entries_of(city):
    """The ledger lines of a city's applications, with what the page shows (a fixed number of queries)."""
    return (LedgerEntry.objects.filter(application__cycle__city=city)
            .select_related("application__cycle", "application__organisation", "application__individual",
                            "certificate", "grant", "recorded_by")
            .order_by("application__cycle__year", "application_id", "created_at", "pk"))


def ledger_of(city) -> CityLedger:
    """The city's ledger per winner, with the money granted and reclaimed per winner and in all."""
    by_app: dict[int, WinnerLedger] = {}
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in entries_of(city):
        winner = by_app.setdefault(line.application_id, WinnerLedger(line.application))
        winner.lines.append(line)
        line.amount_text = money(line.amount)
        if line.amount is not None:
            key = "granted" if line.direction == LedgerEntry.Direction.GRANT else "reclaimed"
            setattr(winner, key, getattr(winner, key) + line.amount)
            totals[key] += line.amount
    return CityLedger(list(by_app.values()), totals["granted"], totals["reclaimed"])
