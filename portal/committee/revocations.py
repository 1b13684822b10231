"""Pages of the committee (deciding body) for revocation cases and 复评 decisions (helpers D, C).

STUB: to be written; each view keeps a @requires/@public decorator."""

from django.http import Http404

from ..decorators import public, requires  # noqa: F401


@requires()
def case_list(request):
    raise Http404


@requires()
def case(request, pk):
    raise Http404
