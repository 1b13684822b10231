"""The office appoints a 届's supervisory group (聘任评审监督小组, Jinan 第九条) and sees its opinions.

Who: the city's office (office.supervision); others 403; a city whose rule file has no group appointed per 届, or an
unknown cycle, 404. POSTs: appoint members (the rotation share from the previous 届 is checked over the whole
group), dissolve the group once the 届's work has ended. Errors come back in Chinese; nothing changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.domain import access
from awards.models import Cycle
from core.errors import TransitionError
from portal.decorators import requires
from reviews.domain import supervision


def _cycle(request, cycle_pk) -> Cycle:
    cycle = get_object_or_404(Cycle.objects.select_related("city", "rule_set"), pk=cycle_pk)
    access.require(request.user, "office.supervision", cycle)
    return cycle


def _rows(post) -> list[supervision.Row]:
    rows = []
    for i in range(supervision.APPOINT_ROWS):
        rows.append(supervision.Row(
            username=post.get(f"username_{i}", "").strip(), name=post.get(f"name_{i}", "").strip(),
            kind=post.get(f"kind_{i}", "").strip(), affiliation=post.get(f"affiliation_{i}", "").strip()))
    return rows


@requires("office.pages")
def group_page(request, cycle_pk):
    """The 届's group: its rules with their articles, the previous 届's members, this 届's members and opinions;
    POST appoints the members typed on the form."""
    cycle = _cycle(request, cycle_pk)
    typed = []
    if request.method == "POST":
        typed = _rows(request.POST)
        try:
            made = supervision.appoint(cycle, typed, request.user)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已聘任%(n)s名评审监督小组成员，其监督权限已开通。") % {"n": len(made)})
            return redirect("office:supervision", cycle_pk=cycle.pk)
    sup = supervision.supervision_of(cycle)
    group = sup.group
    current = supervision.members(cycle)
    before = supervision.previous_term(cycle)
    previous = supervision.members(before) if before else []
    kinds = {k.key: k.name for k in group.member_kinds.value}
    check = supervision.rotation(cycle, [m.user_id for m in current])
    typed = typed or [supervision.Row("", "", "") for _i in range(supervision.APPOINT_ROWS)]
    return render(request, "office/supervision.html", {
        "cycle": cycle, "supervision": sup, "group": group,
        "watches": [w.label for w in sup.watches.value], "kinds": group.member_kinds.value,
        "members": [(m, kinds.get(m.kind, m.kind)) for m in current],
        "previous_cycle": before, "previous": [(m, kinds.get(m.kind, m.kind)) for m in previous],
        "rotation": check, "share": supervision.share_in_words(group.rotation_share.value),
        "dissolution": supervision.dissolution(cycle), "work_ended": supervision.work_ended(cycle),
        "opinions": [(o, supervision.concerns_label(o.concerns))
                     for o in supervision.opinions(cycle)],
        "opinion_missing": supervision.opinion_missing(cycle, group.opinions_before.value)
        if group.opinions_before.value else None,
        "rows": list(enumerate(typed)),
    })


@requires("office.pages")
@require_POST
def dissolve(request, cycle_pk):
    """The office records the group's dissolution once the 届's work has ended (the last decision does it too)."""
    cycle = _cycle(request, cycle_pk)
    try:
        supervision.dissolve(cycle, request.user, reason=request.POST.get("reason", "").strip()[:2000])
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("评审监督小组已解散，成员的监督权限已随之结束。"))
    return redirect("office:supervision", cycle_pk=cycle.pk)
