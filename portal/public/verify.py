"""Public pages: certificate verification by short code / QR URL (helper B).

STUB: to be written; each view keeps a @requires/@public decorator."""

from django.http import Http404

from ..decorators import public, requires  # noqa: F401


@public
def verify(request):
    raise Http404


@public
def verify_code(request, code):
    raise Http404
