"""Pages of winners for their duties: yearly reports, revisits, 复评 (helper C).

STUB: to be written; each view keeps a @requires/@public decorator."""

from django.http import Http404

from ..decorators import public, requires  # noqa: F401


@requires()
def duties(request, pk):
    raise Http404


@requires()
def report_upload(request, pk):
    raise Http404


@requires()
def re_evaluation_request(request, pk):
    raise Http404
