"""Public pages: 表彰公告 and revocation notices, and their archive (helpers A, D).

STUB: to be written; each view keeps a @requires/@public decorator."""

from django.http import Http404

from ..decorators import public, requires  # noqa: F401


@public
def archive(request):
    raise Http404


@public
def announcement(request, pk):
    raise Http404
