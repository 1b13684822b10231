"""Pages of the office for certificates and the ledger (helper B).

STUB: to be written; each view keeps a @requires/@public decorator."""

from django.http import Http404

from ..decorators import public, requires  # noqa: F401


@requires()
def index(request, city):
    raise Http404


@requires()
def batch_start(request, cycle_pk):
    raise Http404


@requires()
def batch(request, pk):
    raise Http404


@requires()
def archive(request, pk):
    raise Http404


@requires()
def ledger(request, city):
    raise Http404


@requires()
def certificate_pdf(request, pk):
    raise Http404
