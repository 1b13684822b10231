"""The numbers behind the portal's charts (drawn by core.charts, put on pages by portal.shared.charts).

Each function reads a fixed number of queries whatever the number of rows, and returns plain data: labels in the
city's or the sheet's own words and numbers. Nothing here is city-specific: the categories are the sheet's (GB/T
19580's seven, Chenzhou's four dimensions, an individual sheet's), the stages the city's rule file's, in its order.

- ``profile(rows)``: the applicant's share of the points in each category of its consensus (the feedback rows of
  reviews.domain.results.feedback), achieved / available.
- ``item_spreads(comparison)``: per item of a consensus comparison, each expert's percentage and the agreed one.
- ``stage_counts(cities)`` and ``funnel(rules, counts)``: how many applications are at each stage of a city.
- ``panel_progress(cities)``: per panel still scoring, the sheets submitted of those due.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q

from awards.models import Application
from awards.workflow import Status, staff_label
from cities.schema import CityRules

from ..models import Assignment, Panel
from . import results

# An assignment that still owes a sheet (or has handed it in); those who stepped aside owe none.
_DUE = (Assignment.State.ACTIVE, Assignment.State.AWAITING_DECLARATION)


def _share(part: Decimal, whole: int | Decimal) -> Decimal:
    """part / whole as a percentage with one decimal (0 for an empty whole)."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# -- the applicant's profile over the categories ---------------------------------------------------
@dataclass(frozen=True)
class CategoryShare:
    code: str
    name: str
    score: Decimal
    max: int

    @property
    def percent(self) -> Decimal:
        return _share(self.score, self.max)


def profile(rows: list[dict]) -> list[CategoryShare]:
    """The feedback rows (results.feedback) as shares, in the sheet's order."""
    return [CategoryShare(r["code"], r["name"], r["score"], r["max"]) for r in rows]


def profile_of(application) -> list[CategoryShare]:
    """The application's profile at the stage its feedback report reads (empty before any consensus)."""
    return profile(results.feedback(application))


# -- the spread between the experts, per item -------------------------------------------------------
@dataclass(frozen=True)
class ItemSpread:
    code: str
    name: str
    percents: list[int | None]  # one per expert, in the comparison's order; None where not (yet) given
    agreed: int | None
    flagged: bool


def item_spreads(comparison) -> list[ItemSpread]:
    """Per item of a consensus.Comparison: each expert's percentage and the agreed one, in the sheet's order."""
    return [
        ItemSpread(
            row.code, row.name,
            [c.percent if c is not None else None for c in row.cells],
            row.agreed.percent if row.agreed is not None else None,
            row.flagged,
        )
        for row in comparison.rows
    ]


# -- the office: applications per stage, scoring per panel ------------------------------------------
@dataclass(frozen=True)
class StageCount:
    status: str
    label: str
    count: int


def stage_counts(cities) -> dict[int, dict[str, int]]:
    """Per city id: how many of its submitted applications are at each status. One query for all the cities."""
    counts: dict[int, dict[str, int]] = {c.pk: {} for c in cities}
    rows = (Application.objects.for_office(cities).values("cycle__city_id", "status")
            .annotate(n=Count("pk")).order_by())
    for row in rows:
        counts[row["cycle__city_id"]][row["status"]] = row["n"]
    return counts


def funnel(rules: CityRules, counts: dict[str, int]) -> list[StageCount]:
    """Every stage of the city's rules in its order (the supplement loop after eligibility), with its count."""
    found = []
    for stage in rules.stages:
        status = stage.kind.value
        found.append(StageCount(status, staff_label(status, rules), counts.get(status, 0)))
        if stage.kind == Status.ELIGIBILITY:
            status = Status.SUPPLEMENT_REQUESTED.value
            found.append(StageCount(status, staff_label(status, rules), counts.get(status, 0)))
    return found


@dataclass(frozen=True)
class PanelProgress:
    panel_id: int
    name: str
    stage: str
    cycle: str
    submitted: int
    due: int


def panel_progress(cities) -> dict[int, list[PanelProgress]]:
    """Per city id: each panel with applications still at its stage, its sheets submitted of those due for them
    (experts who stepped aside owe none). One query for all the cities; the newest cycle first, then the panels
    in the order they were formed."""
    found: dict[int, list[PanelProgress]] = {c.pk: [] for c in cities}
    rows = (
        Panel.objects.filter(cycle__city__in=cities)
        .annotate(
            due=Count("assignments", filter=Q(assignments__state__in=_DUE,
                                              assignments__application__status=F("stage"))),
            submitted=Count("assignments", filter=Q(assignments__state__in=_DUE,
                                                    assignments__application__status=F("stage"),
                                                    assignments__sheet__submitted_at__isnull=False)),
        )
        .filter(due__gt=0)
        .values("pk", "name", "stage", "cycle__name", "cycle__city_id", "due", "submitted")
        .order_by("cycle__city_id", "-cycle__year", "pk")
    )
    for row in rows:
        found[row["cycle__city_id"]].append(PanelProgress(row["pk"], row["name"], row["stage"], row["cycle__name"],
                                                          row["submitted"], row["due"]))
    return found
