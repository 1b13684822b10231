"""Rows of the public lists as plain dicts (the API's JSON and the Excel / CSV downloads show the same facts).

Queries come from the domain (awards.domain.open_data, honours.domain.winners, honours.domain.certificates); this
module only says which public fields each row carries. Summaries pass through the same masking as the pages.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone

from awards.domain import open_data
from awards.domain import publicity as publicity_domain
from awards.workflow import staff_label
from cities.models import City
from cities.schema import PeriodKey
from honours.domain import certificates, winners
from portal.templatetags.masking import mask_personal

PAGE_DEFAULT = 100  # rows per page of a list unless `limit` says otherwise
PAGE_MAX = 500  # the largest `limit`; the downloads carry every row


def page_of(rows: list[dict] | object, offset: int, limit: int, count: int) -> dict:
    """One page of a list: how many rows there are in all, which slice this is, and the rows."""
    return {"count": count, "offset": offset, "limit": limit, "items": list(rows),
            "has_more": offset + limit < count}


def city_row(city) -> dict:
    return {"code": city.code, "name": city.name, "province": city.province}


def cities() -> list[dict]:
    return [city_row(c) for c in City.objects.order_by("code")]


def city_rules(city) -> dict | None:
    """The city's rules in force, each value with its article; None when no rule file is loaded."""
    rule_set = city.current_rules()
    if rule_set is None:
        return None
    rules = rule_set.rules
    return {
        **city_row(city), "rules_version": rule_set.version,
        "stages": [{"kind": s.kind.value, "label": str(staff_label(s.kind.value, rules)), "article": s.article,
                    "period": s.period} for s in rules.stages],
        "award_kinds": [{"key": k.key, "name": k.name, "article": k.article} for k in rules.award_kinds],
        "periods": [{"key": key, "label": str(PeriodKey(key).label), "length": p.length, "unit": str(p.unit.value),
                     "article": str(p.citation)} for key, p in rules.periods.items()],
    }


def open_calls(city: str = "") -> list[dict]:
    return [
        {"city": c.city.code, "city_name": c.city.name, "name": c.name, "year": c.year, "term": c.term,
         "call_published_on": c.call_published_on, "applications_close_on": c.applications_close_on,
         "close_date_unconfirmed": c.close_date_unconfirmed}
        for c in open_data.open_cycles(timezone.localdate(), city)
    ]


def publicity_row(p, today) -> dict:
    return {"id": p.pk, "city": p.cycle.city.code, "cycle": p.cycle.name, "title": p.title, "stage": p.stage,
            "starts_on": p.starts_on, "ends_on": p.ends_on, "article": p.article,
            "state": publicity_domain.state(p, today), "is_open": publicity_domain.is_open(p, today),
            "recommender": p.recommender.name if p.recommender_id else "", "entry_count": p.entry_count}


def publicities(city: str = "", open_only: bool = False, offset: int = 0, limit: int = PAGE_DEFAULT) -> dict:
    """A page of the publicity lists, newest first. Open or not depends on today, so the open ones are picked from
    all of the city's (a few dozen a year) before the page is cut."""
    today = timezone.localdate()
    found = open_data.publicities(city)
    if open_only:
        rows = [r for r in (publicity_row(p, today) for p in found) if r["is_open"]]
        return page_of(rows[offset:offset + limit], offset, limit, len(rows))
    return page_of([publicity_row(p, today) for p in found[offset:offset + limit]], offset, limit, found.count())


def publicity(pk: int) -> dict:
    """One publicity with its entries (404 when unknown)."""
    notice = get_object_or_404(open_data.publicities().select_related("cycle__rule_set"), pk=pk)
    names = {k.key: k.name for k in notice.cycle.rules.award_kinds}
    entries = [
        {"summary": mask_personal(e.summary), "award": names.get(e.application.award_kind, ""),
         "objections": e.objection_count, "objections_open": e.open_count,
         "objections_sustained": e.sustained_count, "objections_dismissed": e.dismissed_count}
        for e in open_data.entries(notice)
    ]
    return {**publicity_row(notice, timezone.localdate()), "entries": entries}


def winners_page(city: str = "", year: int | None = None, offset: int = 0, limit: int = PAGE_DEFAULT) -> dict:
    found = winners.awarded(city, year)
    return page_of(winner_rows(found[offset:offset + limit]), offset, limit, found.count())


def winner_rows(found) -> list[dict]:
    """The public facts of these awarded applications (winners.awarded, or a slice of it)."""
    today = timezone.localdate()
    rows = []
    for a in found:
        certificate = a.live_certificates[0] if a.live_certificates else None
        rows.append({
            "city": a.cycle.city.code, "city_name": a.cycle.city.name, "year": a.cycle.year, "cycle": a.cycle.name,
            "winner": mask_personal(a.applicant_name), "award": a.award.name if a.award else "",
            "certificate_number": certificate.number if certificate else "",
            "certificate_state": certificates.status(certificate, today) if certificate else "",
            "valid_until": certificate.valid_until if certificate else None,
        })
    return rows


def certificate(code: str) -> dict | None:
    """What the verification page shows for this code, or None when no certificate has it."""
    found = certificates.find(code)
    if found is None:
        return None
    state = certificates.status(found, timezone.localdate())
    successor = found.superseded_by if state == certificates.SUPERSEDED else None
    return {
        "code": found.code, "number": found.number, "winner_name": found.winner_name,
        "award_title": found.award_title, "cycle_name": found.cycle_name, "issuer": found.issuer,
        "issued_on": found.issued_on, "valid_until": found.valid_until, "validity_article": found.validity_article,
        "document_number": found.document_number, "state": state, "state_label": str(certificates.STATUS_LABELS[state]),
        "revoked_on": found.revoked_on, "revocation_article": found.revocation_article,
        "successor_code": successor.code if successor else None,
    }
