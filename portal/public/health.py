"""GET /health/: the probe of the reverse proxy and the containers (core/health.py runs the checks).

Public: a probe has no account; it shows only "OK" or a short reason per service, never a setting or an address.
"""

from __future__ import annotations

from asgiref.sync import async_to_sync
from django.views.decorators.http import require_GET

from core.health import PortalHealthView
from portal.decorators import public

_checks = PortalHealthView.as_view()


@require_GET
@public
def health(request):
    """200 when the database, cache, storage and broker all answer, 500 otherwise (HTML, text or JSON)."""
    return async_to_sync(_checks)(request)
