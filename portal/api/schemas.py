"""What the open-data API returns: public facts only (no objector, contact, score, document or account field)."""

from __future__ import annotations

import datetime

from ninja import Field, Schema


class Error(Schema):
    detail: str



class City(Schema):
    code: str
    name: str
    province: str


class Period(Schema):
    key: str
    label: str
    length: int
    unit: str
    article: str


class Stage(Schema):
    kind: str
    label: str
    article: str
    period: str | None = None


class AwardKind(Schema):
    key: str
    name: str
    article: str


class CityRules(City):
    rules_version: int
    stages: list[Stage]
    award_kinds: list[AwardKind]
    periods: list[Period]


class OpenCall(Schema):
    city: str
    city_name: str
    name: str
    year: int
    term: int
    call_published_on: datetime.date
    applications_close_on: datetime.date
    close_date_unconfirmed: bool


class Publicity(Schema):
    id: int
    city: str
    cycle: str
    title: str
    stage: str
    starts_on: datetime.date
    ends_on: datetime.date
    article: str
    state: str
    is_open: bool
    recommender: str
    entry_count: int


class Entry(Schema):
    summary: str
    award: str
    objections: int
    objections_open: int
    objections_sustained: int
    objections_dismissed: int


class PublicityDetail(Publicity):
    entries: list[Entry]


class Winner(Schema):
    city: str
    city_name: str
    year: int
    cycle: str
    winner: str
    award: str
    certificate_number: str
    certificate_state: str
    valid_until: datetime.date | None = None


class Page(Schema):
    count: int = Field(description="rows in all / 总条数")
    offset: int = Field(description="rows skipped before this page / 本页之前的条数")
    limit: int = Field(description="rows per page / 每页条数")
    has_more: bool = Field(description="more rows after this page (ask with offset + limit) / 是否还有下一页")


class PublicityPage(Page):
    items: list[Publicity]


class WinnerPage(Page):
    items: list[Winner]


class Certificate(Schema):
    code: str
    number: str
    winner_name: str
    award_title: str
    cycle_name: str
    issuer: str
    issued_on: datetime.date
    valid_until: datetime.date | None = None
    validity_article: str
    document_number: str
    state: str
    state_label: str
    revoked_on: datetime.date | None = None
    revocation_article: str
    successor_code: str | None = None
