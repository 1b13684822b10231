"""The office's pages for certificates (荣誉证书) and the ledger (奖励台账).

Who may use them: the office of the city (access rows registered by honours.domain.certificates: office.city for
a city's pages, office.certificate_cycle / office.certificate_batch / office.certificate for one row); any other
city's rows are 404, other users 403. The work is done in honours.domain (certificates, ledger) and the batch job
in honours.tasks.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.domain import access
from awards.models import Cycle
from core.errors import TransitionError
from honours import tasks
from honours.domain import certificates
from honours.domain import ledger as ledgers
from honours.models import Certificate, CertificateBatch
from portal.decorators import requires
from portal.files import serve
from portal.shared.pages import certificate_pdf_response

from .views import _city

POLL_SECONDS = 2


def _rows(items, today):
    return [{"certificate": c, "status": certificates.status(c, today),
             "label": certificates.STATUS_LABELS[certificates.status(c, today)]} for c in items]


@require_GET
@requires("office.pages")
def index(request, city):
    """The city's office: per cycle its certificates (number, winner, status), the batch job and its runs."""
    city = _city(request, city)
    today = timezone.localdate()
    issued = (Certificate.objects.filter(application__cycle__city=city)
              .select_related("application__organisation", "application__individual")
              .order_by("number"))
    by_cycle = defaultdict(list)
    for certificate in issued:
        by_cycle[certificate.application.cycle_id].append(certificate)
    batches = defaultdict(list)
    for batch in CertificateBatch.objects.filter(cycle__city=city).select_related("requested_by"):
        batches[batch.cycle_id].append(batch)
    cycles = Cycle.objects.filter(pk__in=by_cycle).order_by("-year", "-pk")
    return render(request, "honours/certificates/index.html", {
        "city": city,
        "cycles": [{"cycle": cycle, "rows": _rows(by_cycle[cycle.pk], today), "batches": batches[cycle.pk][:5],
                    "printable": sum(1 for c in by_cycle[cycle.pk]
                                     if c.superseded_by_id is None and c.revoked_on is None)}
                   for cycle in cycles],
    })


@require_POST
@requires("office.pages")
def batch_start(request, cycle_pk):
    """The city's office: start the job making every certificate of the cycle (or open the one running)."""
    cycle = Cycle.objects.select_related("city").filter(pk=cycle_pk).first()
    access.require(request.user, "office.certificate_cycle", cycle)
    try:
        batch = tasks.queue_batch(cycle, actor=request.user)
    except TransitionError as exc:
        messages.error(request, exc.message)
        return redirect("office:certificates", city=cycle.city.code)
    return redirect("office:certificate_batch", pk=batch.pk)


def _batch(request, pk) -> CertificateBatch:
    batch = CertificateBatch.objects.select_related("cycle__city", "requested_by").filter(pk=pk).first()
    access.require(request.user, "office.certificate_batch", batch)
    return batch


def _progress(batch: CertificateBatch) -> dict:
    percent = 100 if batch.state == CertificateBatch.State.DONE else (
        int(batch.done * 100 / batch.total) if batch.total else 0)
    finished = batch.state in {CertificateBatch.State.DONE, CertificateBatch.State.FAILED}
    return {
        "state": batch.state, "state_label": str(batch.get_state_display()), "done": batch.done,
        "total": batch.total, "percent": percent, "finished": finished, "error": batch.error,
        "archive_url": reverse("office:certificate_archive", args=[batch.pk])
        if batch.state == CertificateBatch.State.DONE and batch.archive else "",
    }


@require_GET
@requires("office.pages")
def batch(request, pk):
    """The city's office: the job's progress (the page polls ?format=json until it is done), then the archive."""
    batch = _batch(request, pk)
    progress = _progress(batch)
    if request.GET.get("format") == "json":
        return JsonResponse(progress)
    return render(request, "honours/certificates/batch.html", {
        "batch": batch, "city": batch.cycle.city, "progress": progress, "poll_seconds": POLL_SECONDS,
    })


@require_GET
@requires("office.pages")
def archive(request, pk):
    """The city's office: the zip of the batch's PDFs (named by certificate number and winner)."""
    batch = _batch(request, pk)
    if batch.state != CertificateBatch.State.DONE or not batch.archive:
        raise Http404(_("证书压缩包尚未生成完毕。"))
    try:
        handle = batch.archive.open("rb")
    except FileNotFoundError:
        raise Http404(_("证书压缩包文件已不存在，请重新生成。")) from None
    return serve(batch.archive, handle=handle, filename=certificates.archive_name(batch),
                 content_type="application/zip")


@require_GET
@requires("office.pages")
def certificate_pdf(request, pk):
    """The office of the certificate's city: its PDF."""
    certificate = Certificate.objects.select_related("application__cycle").filter(pk=pk).first()
    access.require(request.user, "office.certificate", certificate)
    return certificate_pdf_response(certificate)


@require_GET
@requires("office.pages")
def ledger(request, city):
    """The city's office: what each winner was granted and what was reclaimed, with the money in all."""
    city = _city(request, city)
    return render(request, "honours/certificates/ledger.html", {"city": city, "ledger": ledgers.ledger_of(city)})
