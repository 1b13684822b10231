"""Pages of the office for the government's decision (政府审定): the queue, recording a decision for one
application or the whole list, the decision file (helper A).

STUB: to be written; each view keeps a @requires/@public decorator."""

from django.http import Http404

from ..decorators import public, requires  # noqa: F401


@requires()
def queue(request, city):
    raise Http404


@requires()
def record(request, city):
    raise Http404


@requires()
def decision_file(request, pk):
    raise Http404
