"""The supervisors' pages: every watched stage of a cycle with each application's audit trail, the objections,
the process complaints to the city (awards.domain.complaints), the supervisory group's written opinions — read
only; a member of the 届's standing group
may add a written opinion (监督意见, a file optional).

Who: the city's supervisors (Role.SUPERVISOR) where its rule file names a supervising body (`supervision`);
others 403, an unknown cycle or a city without one 404. The opinion's file: the city's office and supervisors.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.domain import access, complaints, documents
from awards.models import Cycle
from cities.schema import Role
from core.errors import TransitionError
from portal.decorators import requires
from portal.files import open_stored, serve
from reviews.domain import supervision
from reviews.models import SupervisionOpinion

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png", "doc": "application/msword",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _cycle(request, cycle_pk, action="supervision.read") -> Cycle:
    cycle = get_object_or_404(Cycle.objects.select_related("city", "rule_set"), pk=cycle_pk)
    access.require(request.user, action, cycle)
    return cycle


@requires()
def index(request):
    """The supervisor's cities' cycles, where the city's rule file names a supervising body."""
    cities = access.cities_with(request.user, {Role.SUPERVISOR})
    access.require(request.user, "supervision.index", cities)
    cycles = [c for c in Cycle.objects.filter(city__in=cities).select_related("city", "rule_set")
              .order_by("city__code", "-year") if supervision.supervision_of(c) is not None]
    return render(request, "supervisor/index.html", {
        "cycles": [(c, supervision.supervision_of(c).body) for c in cycles]})


@requires()
def cycle_page(request, cycle_pk):
    """Read only: the watched stages with their applications and audit trail, the objections, the complaints, the
    opinions; the form for an opinion where the user sits in the 届's standing group."""
    cycle = _cycle(request, cycle_pk)
    sup = supervision.supervision_of(cycle)
    return render(request, "supervisor/cycle.html", {
        "cycle": cycle, "supervision": sup, "group": sup.group,
        "watches": [w.label for w in sup.watches.value],
        "stages": supervision.by_stage(cycle), "audit": sup.audit_trail.value,
        "objections": supervision.objections_of(cycle) if supervision.watches_objections(sup) else None,
        "opinions": [(o, supervision.concerns_label(o.concerns)) for o in supervision.opinions(cycle)],
        "may_write": bool(access.check(request.user, "supervision.opinion", cycle)),
        "concerns": [(w.value, w.label) for w in sup.watches.value],
        "text_max": supervision.OPINION_TEXT_LIMIT, "accept": documents.ACCEPT,
        "opinion_missing": supervision.opinion_missing(cycle, sup.group.opinions_before.value)
        if sup.group and sup.group.opinions_before.value else None,
        "has_ranking": cycle.rules.ranking is not None,
        "complaints": list(complaints.complaints_for_city(cycle.city)),  # Jinan 第九条（三）, Qujing 第二十七条
    })


@requires()
@require_POST
def opinion(request, cycle_pk):
    """A member of the 届's standing supervisory group: a written opinion, with an optional file."""
    cycle = _cycle(request, cycle_pk, "supervision.opinion")
    try:
        supervision.record_opinion(cycle, request.user, concerns=request.POST.get("concerns", ""),
                                   text=request.POST.get("text", ""), uploaded_file=request.FILES.get("file"))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("监督意见已提交，评审办公室可以查阅。"))
    return redirect("supervisor:cycle", cycle_pk=cycle.pk)


@requires()
def opinion_file(request, pk):
    """The city's office and supervisors: the opinion's file as uploaded."""
    found = SupervisionOpinion.objects.select_related("cycle").filter(pk=pk).first()
    access.require(request.user, "supervision.opinion_file", found)
    handle = open_stored(found.file)
    kind = documents.detect(handle) or "pdf"
    return serve(found.file, handle=handle, filename=found.original_name or f"opinion-{found.pk}",
                 content_type=CONTENT_TYPES.get(kind, "application/octet-stream"))
