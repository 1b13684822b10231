"""Pages of the office for revocation cases (helper D).

STUB: to be written; each view keeps a @requires/@public decorator."""

from django.http import Http404

from ..decorators import public, requires  # noqa: F401


@requires()
def case_list(request, city):
    raise Http404


@requires()
def open_case(request, pk):
    raise Http404


@requires()
def case(request, pk):
    raise Http404


@requires()
def evidence(request, pk):
    raise Http404
