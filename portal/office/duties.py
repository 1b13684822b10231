"""Pages of the office for winners' duties: yearly reports, revisits, expiry, 复评 (helper C).

STUB: to be written; each view keeps a @requires/@public decorator."""

from django.http import Http404

from ..decorators import public, requires  # noqa: F401


@requires()
def overview(request, city):
    raise Http404


@requires()
def report_consequence(request, pk):
    raise Http404


@requires()
def report_file(request, pk):
    raise Http404


@requires()
def revisit_plan(request, pk):
    raise Http404


@requires()
def revisit(request, pk):
    raise Http404


@requires()
def re_evaluation(request, pk):
    raise Http404
