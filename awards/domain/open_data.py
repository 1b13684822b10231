"""The public lists as queries: open calls, publicities and their entries (read by the open-data API, portal/api).

Why here: the API and any other reader of the same public facts share one query each, with its joins, so a list
costs the same few queries at 1 row and at N; nothing private (objector names, contacts) is selected for display.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from awards.models import Cycle, Objection, Publicity


def open_cycles(today: date, city: str = ""):
    """Cycles whose call is published and still accepting applications today, by city code."""
    cycles = (
        Cycle.objects.filter(call_published_on__lte=today, applications_close_on__gte=today)
        .select_related("city", "rule_set").defer("rule_set__content")
        .order_by("city__code", "-year")
    )
    return cycles.filter(city__code=city) if city else cycles


def publicities(city: str = ""):
    """Every publicity, newest first, with its entry count; optionally one city's."""
    found = (
        Publicity.objects.select_related("cycle__city", "recommender")
        .annotate(entry_count=Count("entries"))
        .order_by("-starts_on", "-pk")
    )
    return found.filter(cycle__city__code=city) if city else found


def entries(publicity: Publicity):
    """A publicity's entries in order, each with its objections counted by outcome (never the objections' text)."""
    return (
        publicity.entries.select_related("application")
        .annotate(
            objection_count=Count("objections"),
            open_count=Count("objections", filter=Q(objections__outcome=Objection.Outcome.OPEN)),
            sustained_count=Count("objections", filter=Q(objections__outcome=Objection.Outcome.SUSTAINED)),
            dismissed_count=Count("objections", filter=Q(objections__outcome=Objection.Outcome.DISMISSED)),
        )
        .order_by("pk")
    )
