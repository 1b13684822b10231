"""The winner's certificates (荣誉证书): the list for one application (status, PDF, verification link) and the PDF.

Who: the application's applicants (members of its organisation, or the individual); the PDF also the office of
the city. Anyone else: 404 (access rows applicant.certificates / applicant.certificate, registered by
honours.domain.certificates).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from awards.domain import access
from awards.models import Application
from core.i18n import long_date
from honours.domain import certificates
from honours.models import Certificate
from portal.decorators import requires
from portal.shared.pages import certificate_pdf_response


@require_GET
@requires()
def certificate_list(request, pk):
    """The applicants of the application: its certificates, newest first."""
    application = (Application.objects.with_rules().select_related("organisation", "individual")
                   .filter(pk=pk).first())
    access.require(request.user, "applicant.certificates", application)
    today = timezone.localdate()
    rows = [{"certificate": c, "status": certificates.status(c, today),
             "label": certificates.status_label(c, today), "verify_url": certificates.verify_url(c)}
            for c in application.certificates.select_related("superseded_by").order_by("-issued_on", "-pk")]
    return render(request, "honours/certificates/mine.html", {"application": application, "rows": rows})


@require_GET
@requires()
def certificate_pdf(request, pk):
    """The applicants of the certificate's application, and the office of its city: the PDF. A revoked
    certificate is no longer handed out here (the verification page says it is revoked; the office keeps its copy)."""
    certificate = (Certificate.objects.select_related("application__cycle", "application__organisation",
                                                      "application__individual").filter(pk=pk).first())
    access.require(request.user, "applicant.certificate", certificate)
    if certificate.revoked_on:
        messages.error(request, _("该荣誉证书已于%(day)s撤销（%(article)s），不再提供下载。") % {
            "day": long_date(certificate.revoked_on), "article": certificate.revocation_article})
        return redirect("applicant:certificates", pk=certificate.application_id)
    return certificate_pdf_response(certificate)
