"""The deciding body's page for objections to a city's 公示: the objections waiting for its step (the decision on the
office's proposal, 郴州 第二十条 / 济南 第十七条; or, 鄂尔多斯 第二十一条, its own investigation first), and those it
has handled. It records its step in its own role (awards.domain.objections.record_step): a sustained decision
cancels the candidate (the application stops), a dismissed one lets it go on once the 公示 is over.

Who: members of a city's committee group (access: committee.objections, committee.objection), for that city's
objections only; another city's is 404, anyone else 403. The office works on its own page (portal.office.objections).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.domain import access
from awards.domain import objections as objection_domain
from awards.models import Objection
from cities.schema import Role
from core.errors import InvalidInput, TransitionError
from portal.decorators import requires
from portal.shared.pages import OUTCOMES, PAGE_SIZE, form_position


@require_GET
@requires("committee.objections")
def objection_list(request):
    """Committee members: the objections of their cities waiting for the committee's step, and those it handled."""
    cities = access.cities_with(request.user, {Role.COMMITTEE})
    awaiting = objection_domain.awaiting(cities, Role.COMMITTEE)
    for o in awaiting:
        o.due = objection_domain.next_step(o)
        o.ours = True
        o.done = len(objection_domain.recorded(o))
    handled = Paginator(objection_domain.handled_by(cities, Role.COMMITTEE), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "committee/objections.html", {
        "awaiting": awaiting, "handled": handled, "text_max": objection_domain.TEXT_MAX,
    })


@require_POST
@requires("committee.objections")
def decide(request, pk):
    """Committee members of the objection's city: record the committee's step (成立/不成立 with the reasons)."""
    objection = objection_domain.detail(pk)
    access.require(request.user, "committee.objection", objection)
    outcome = request.POST.get("outcome", "")
    try:
        if outcome not in OUTCOMES:
            raise InvalidInput(_("请选择：异议成立或异议不成立。"))
        objection_domain.record_step(objection, actor=request.user, sustain=OUTCOMES[outcome],
                                     text=request.POST.get("resolution", ""), position=form_position(request))
    except TransitionError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('committee:objections')}#objection-{objection.pk}")
    objection.refresh_from_db()
    if objection.outcome == Objection.Outcome.OPEN:
        messages.success(request, _("本机构意见已录入，异议转下一环节办理。"))
    elif objection.outcome == Objection.Outcome.SUSTAINED:
        messages.success(request, _("已决定：异议成立，取消该候选对象的获奖资格。异议人将收到处理结果。"))
    else:
        messages.success(request, _("已决定：异议不成立。异议人将收到处理结果。"))
    return redirect("committee:objections")
