"""Pages of the committee (deciding body) for 复评 decisions (helper C).

STUB: to be written; each view keeps a @requires decorator."""

from django.http import Http404

from ..decorators import requires


@requires()
def re_evaluation(request, pk):
    raise Http404
