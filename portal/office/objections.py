"""The office's objection pages: the objections to its city's 公示, and their resolution (成立/不成立).

Who: signed-in members of a city's office group (access: office.pages, office.objection), for that city
only; another city's objection is 404, anyone else 403. A local publicity's objections are resolved by the recommender
unit that published it (views.recommender.resolve_objection); this page lists them read-only.
The work is done in awards.domain.objections.record_step: the office records the step the city's rules give it
(its findings and proposal, or the decision where it decides); where the committee decides (郴州 第二十条,
济南 第十七条) the objection waits for it (portal.committee.objections). A sustained objection stops the application;
a dismissed one lets it advance once the period is over.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.domain import access
from awards.domain import objections as objection_domain
from awards.domain import publicity as publicity_domain
from awards.models import Objection
from cities.schema import Role
from core.errors import InvalidInput, TransitionError
from portal.decorators import requires
from portal.office.views import PAGE_SIZE, _city
from portal.shared.pages import OUTCOMES, form_position


@require_GET
@requires("office.pages")
def objection_list(request, city):
    """Office staff of the city: open and resolved objections to the city's 公示, with counts."""
    city = _city(request, city)
    local = request.GET.get("scope") == "local"
    objections = publicity_domain.objections_of_city(city, local=local)
    counts = objections.order_by().aggregate(
        open=Count("pk", filter=Q(outcome=Objection.Outcome.OPEN)),
        sustained=Count("pk", filter=Q(outcome=Objection.Outcome.SUSTAINED)),
        dismissed=Count("pk", filter=Q(outcome=Objection.Outcome.DISMISSED)),
    )
    open_objections = list(objection_domain.with_steps(objections.filter(outcome=Objection.Outcome.OPEN))
                           .order_by("filed_at", "pk"))
    for o in open_objections:  # the step now due and who records it (the rule file's `objections`)
        o.due = None if local else objection_domain.next_step(o)
        o.ours = o.due is not None and o.due.role == Role.OFFICE
        o.due_body = o.due and objection_domain.role_name(o.entry.application.rules, o.due.role)
        o.done = len(objection_domain.recorded(o)) if not local else 0
    resolved = Paginator(objections.exclude(outcome=Objection.Outcome.OPEN).order_by("-resolved_at", "-pk"),
                         PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "office/objections.html", {
        "city": city, "local": local, "counts": counts, "open_objections": open_objections, "resolved": resolved,
        "text_max": publicity_domain.TEXT_MAX,
    })


@require_POST
@requires("office.pages")
def resolve(request, pk):
    """Office staff of the objection's city: record 异议成立 or 异议不成立 with the reasons (required)."""
    objection = Objection.objects.select_related("entry__publicity__cycle__city").filter(pk=pk).first()
    access.require(request.user, "office.objection", objection)
    city = objection.entry.publicity.cycle.city
    outcome = request.POST.get("outcome", "")
    try:
        if outcome not in OUTCOMES:
            raise InvalidInput(_("请选择处理结果：异议成立或异议不成立。"))
        if objection.entry.publicity.recommender_id:
            raise InvalidInput(_("推荐单位公示期间的异议由发布公示的推荐单位调查处理。"))
        objection_domain.record_step(objection, actor=request.user, sustain=OUTCOMES[outcome],
                                     text=request.POST.get("resolution", ""), position=form_position(request))
    except TransitionError as exc:
        messages.error(request, exc.message)
        return redirect(f"{_list_url(city)}#objection-{objection.pk}")
    objection.refresh_from_db()
    if objection.outcome != Objection.Outcome.OPEN:
        messages.success(request, _("异议已处理：%(outcome)s。处理结果已在公示页面公开。")
                         % {"outcome": _("异议成立") if OUTCOMES[outcome] else _("异议不成立")})
    else:
        due = objection_domain.next_step(objection)
        messages.success(request, _("处理意见已录入，待%(body)s%(label)s（%(citation)s）。") % {
            "body": objection_domain.role_name(objection.entry.application.rules, due.role), "label": due.label,
            "citation": due.citation})
    return redirect(_list_url(city))


def _list_url(city) -> str:
    return reverse("office:objections", args=[city.code])
