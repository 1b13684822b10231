"""The office's record of refused attempts to open documents (trade and technical secrets above all)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from awards.domain import access, documents
from portal.decorators import requires

PAGE_SIZE = 50


@require_GET
@requires("office.pages")
def denied_list(request, city):
    """Office staff of the city: every refused attempt to open a document of the city's applications."""
    city = next((c for c in access.office_cities(request.user) if c.code == city), None)
    access.require(request.user, "office.city", city)
    page = Paginator(documents.denied_for(city), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "office/document_access.html", {"city": city, "page": page})
