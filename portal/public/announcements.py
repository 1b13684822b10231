"""Public pages: 表彰公告 and revocation notices (公告, 通报, 曝光), and their archive by city, year or 届, award
kind and kind. Anyone may read them, signed in or not (what they show is public)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from cities.models import City
from honours.domain import announcements
from honours.models import Announcement

from ..decorators import public
from ..shared import page_cache
from ..shared.page_cache import cached_page

PAGE_SIZE = 20
NUMBER_MAX_DIGITS = 4


def _number(text: str) -> int | None:
    """A year or a 届 typed in the filter; anything else is no filter."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= NUMBER_MAX_DIGITS else None


@cached_page(page_cache.AWARDS, page_cache.RULES)
@public
def archive(request):
    """Public. Every announcement, newest first, filtered by city, year, 届, award kind and kind; paginated."""
    cities = list(City.objects.order_by("code"))
    city = next((c for c in cities if c.code == request.GET.get("city", "")), None)
    award_kinds = city.current_rules().rules.award_kinds if city else []
    award_kind = request.GET.get("award_kind", "")
    if award_kind not in {k.key for k in award_kinds}:
        award_kind = ""
    kind = request.GET.get("kind", "")
    if kind not in Announcement.Kind.values:
        kind = ""
    year, term = _number(request.GET.get("year")), _number(request.GET.get("term"))
    found = announcements.listing(city=city, year=year, term=term, award_kind=award_kind, kind=kind)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"announcement": a, "winners": sum(len(g.winners) for g in announcements.winners(a))}
            for a in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "honours/announcements/archive.html", {
        "page": page, "rows": rows, "cities": cities, "city": city, "award_kinds": award_kinds,
        "award_kind": award_kind, "kind": kind, "kinds": Announcement.Kind.choices, "year": year or "",
        "term": term or "", "query": query.urlencode(),
    })


@cached_page(page_cache.AWARDS, page_cache.RULES)
@public
def announcement(request, pk):
    """Public. One announcement as published: an award's text with the winners by award kind, the 文号 and date;
    a revocation notice's text, which names the ground, and its article."""
    found = announcements.published().filter(pk=pk).first()
    if found is None:
        raise Http404(_("没有这份公告。"))
    rules = found.cycle.rules
    return render(request, "honours/announcements/detail.html", {
        "announcement": found, "measure": rules.measure.title,
        "is_award": found.kind == Announcement.Kind.AWARD,
    })
