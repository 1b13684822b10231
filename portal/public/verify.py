"""Public pages: check a certificate (荣誉证书) by its short code, typed in or opened from its QR code.

Who: anyone (public). What is shown is what the certificate itself says (winner, award, year or 届, number,
issuer, dates) and its status — valid, expired, revoked (with the date and article) or superseded — nothing more.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from honours.domain import certificates

from ..decorators import public
from ..shared import page_cache
from ..shared.page_cache import cached_page


@cached_page(page_cache.CERTIFICATES)
@require_GET
@public
def verify(request):
    """Public: the form; ?code= opens that certificate's page (an unknown code says so, as a 404)."""
    typed = request.GET.get("code", "")
    if not typed.strip():
        return render(request, "honours/certificates/verify.html", {"typed": ""})
    code = certificates.normalise_code(typed)
    if certificates.find(code) is not None:
        return redirect("public:verify_code", code=code)
    return _unknown(request, typed)


@cached_page(page_cache.CERTIFICATES)
@require_GET
@public
def verify_code(request, code):
    """Public: what the certificate with this code says and whether it is valid now."""
    certificate = certificates.find(code)
    if certificate is None:
        return _unknown(request, code)
    today = timezone.localdate()
    state = certificates.status(certificate, today)
    return render(request, "honours/certificates/verify.html", {
        "certificate": certificate, "state": state, "label": certificates.STATUS_LABELS[state], "today": today,
        "successor": certificate.superseded_by if state == certificates.SUPERSEDED else None,
    })


def _unknown(request, typed):
    return render(request, "honours/certificates/verify.html", {"typed": typed[:40], "unknown": True}, status=404)
