"""Score sheets as data: cities/schemes/<key>.yaml, named by an award kind's `scoring_scheme` in the rule file.

A scheme lists categories and items with their maximum points. An expert enters a percentage per item
in steps of `percent_step` (GB/Z 19579 method); the item's points are max × pct / 100. `stage_sheets` in
the award's scheme says which sheet each expert stage uses (e.g. the hearing uses `hearing`, an
individual's site review is an inspection `inspection` that records an opinion, not points). Where the sheet's
basis distinguishes process and results items (GB/T 19580, cited in `bands: {source: GB/Z 19579-2012}`), each
category says `kind: process|results` and the sheet shows that kind's scoring bands (cities/scoring_bands.py).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, model_validator

from cities.schema import StageKind
from cities.scoring_bands import ItemKind

SCHEMES_DIR = Path(settings.BASE_DIR) / "cities" / "schemes"

# The stages an expert panel scores (StageKind's group); the others are inputs of their own (survey, public comment).
EXPERT_STAGES = tuple(kind.value for kind in StageKind.scored_by_experts())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Basis(_Strict):
    article: str | None = None
    set_by_office: bool = False
    note: str = ""


class SpreadFlag(_Strict):
    value: int = Field(ge=0, le=100, description="percentage points between the highest and lowest expert")
    note: str


class BandsBasis(_Strict):
    """Where the sheet's process/results distinction and its scoring bands come from (cities/scoring_bands.py)."""

    source: str = Field(min_length=1, description="the standard, e.g. GB/Z 19579-2012")
    note: str = ""


class Item(_Strict):
    code: str
    name: str
    points: int = Field(gt=0)


class Category(_Strict):
    code: str
    name: str
    kind: ItemKind | None = Field(default=None, description="process or results item (GB/T 19580: 4.1–4.6, 4.7)")
    items: list[Item] = Field(min_length=1)

    @property
    def points(self) -> int:
        return sum(i.points for i in self.items)

    @property
    def results(self) -> bool:
        return self.kind is ItemKind.RESULTS


class Scheme(_Strict):
    key: str
    name: str
    basis: Basis
    total_points: int = Field(ge=0)
    percent_step: int = Field(default=5, ge=1, le=100)
    spread_flag: SpreadFlag | None = None
    report_only: bool = False
    stage_sheets: dict[StageKind, str] = Field(default_factory=dict)
    bands: BandsBasis | None = None  # cited: the categories say process or results; else the generic bands
    categories: list[Category] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self):
        codes = [i.code for c in self.categories for i in c.items]
        if len(codes) != len(set(codes)):
            raise ValueError(f"{self.key}: item codes must be unique")
        if not self.report_only:
            if not codes:
                raise ValueError(f"{self.key}: a scored sheet needs items")
            if sum(c.points for c in self.categories) != self.total_points:
                raise ValueError(f"{self.key}: item points do not add up to total_points {self.total_points}")
            if self.spread_flag is None:
                raise ValueError(f"{self.key}: a scored sheet needs spread_flag")
        kinds = {c.kind is not None for c in self.categories}
        if self.bands is not None and kinds != {True}:
            raise ValueError(f"{self.key}: with `bands` every category needs `kind: process|results`")
        if self.bands is None and True in kinds:
            raise ValueError(f"{self.key}: a category's `kind` needs the scheme's `bands: {{source: …}}`")
        if 100 % self.percent_step:
            raise ValueError(f"{self.key}: percent_step must divide 100")
        return self

    @property
    def items(self) -> list[Item]:
        return [i for c in self.categories for i in c.items]

    def kind_of(self, code: str) -> ItemKind | None:
        """Process or results item (None where the sheet's basis does not say)."""
        return next((c.kind for c in self.categories if any(i.code == code for i in c.items)), None)

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)

    @property
    def percent_choices(self) -> list[int]:
        return list(range(0, 101, self.percent_step))

    def points_for(self, code: str, percent: int) -> Decimal:
        return (Decimal(self.item(code).points) * Decimal(percent) / Decimal(100)).quantize(Decimal("0.01"))


@cache
def load(key: str) -> Scheme:
    path = SCHEMES_DIR / f"{key}.yaml"
    if not path.exists():
        raise KeyError(f"score sheet '{key}' not found in {SCHEMES_DIR}")
    with path.open(encoding="utf-8") as fh:
        return Scheme.model_validate(yaml.safe_load(fh))


def all_keys() -> list[str]:
    return sorted(p.stem for p in SCHEMES_DIR.glob("*.yaml"))


def sheet_for(rules, award_kind: str, stage: str) -> Scheme:
    """The sheet an expert panel uses at `stage` for this award kind (the award's scheme names it)."""
    award_scheme = load(rules.award_kind(award_kind).scoring_scheme.value)
    key = award_scheme.stage_sheets.get(StageKind(stage), award_scheme.key)
    return load(key)
