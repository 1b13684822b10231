"""The winners list as one query: awarded applications with their live certificate (read by portal/api)."""

from __future__ import annotations

from django.db.models import Prefetch

from awards.models import Application
from awards.workflow import Status
from honours.models import Certificate


def awarded(city: str = "", year: int | None = None):
    """Awarded applications by city and year, each with `live_certificates` (the one not superseded, first)."""
    found = (
        Application.objects.filter(status=Status.AWARDED)
        .select_related("cycle__city", "cycle__rule_set", "organisation", "individual")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.filter(superseded_by__isnull=True).order_by("-pk"),
                     to_attr="live_certificates"),
        )
        .order_by("cycle__city__code", "-cycle__year", "pk")
    )
    if city:
        found = found.filter(cycle__city__code=city)
    if year is not None:
        found = found.filter(cycle__year=year)
    return found
