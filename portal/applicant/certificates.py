"""Pages of winners for their certificates and ledger (helper B).

STUB: to be written; each view keeps a @requires/@public decorator."""

from django.http import Http404

from ..decorators import public, requires  # noqa: F401


@requires()
def certificate_list(request, pk):
    raise Http404


@requires()
def certificate_pdf(request, pk):
    raise Http404
