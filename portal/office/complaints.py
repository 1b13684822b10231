"""Complaints about the process (投诉举报) a city receives (awards.domain.complaints): the list, taking one up for
investigation, and the answer (the findings stay with the office and the supervisors; the answer is told to the
complainant by the contact given and shown on the public status page).

Who: the body the city's rules name to receive them (`complaints.received_by`, the office in every city today)
records; the city's supervisors (Role.SUPERVISOR: 济南 第九条（三） 审议……投诉、举报、调查等处理结果, 曲靖 第二十七条)
read the same list without the forms (access: office.complaints, office.complaint). Another city's list is 403,
another city's complaint 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.domain import access
from awards.domain import complaints as complaint_domain
from awards.models import Complaint
from cities.models import City
from core.errors import InvalidInput, TransitionError
from portal.decorators import requires
from portal.office.views import PAGE_SIZE


@require_GET
@requires("office.complaints")
def complaint_list(request, city):
    """The receiving body and the supervisors of the city: its complaints, open first, with counts."""
    city = get_object_or_404(City, code=city)
    access.require(request.user, "office.complaints", city)
    rows = complaint_domain.complaints_for_city(city)
    counts = rows.order_by().aggregate(
        open=Count("pk", filter=~Q(state=Complaint.State.ANSWERED)),
        answered=Count("pk", filter=Q(state=Complaint.State.ANSWERED)))
    pending = list(rows.exclude(state=Complaint.State.ANSWERED).order_by("filed_at", "pk"))
    answered = Paginator(rows.filter(state=Complaint.State.ANSWERED).order_by("-answered_at", "-pk"),
                         PAGE_SIZE).get_page(request.GET.get("page"))
    rules = complaint_domain.rules_of(city)
    role = complaint_domain.receiver_role(rules)
    return render(request, "office/complaints.html", {
        "city": city, "pending": pending, "answered": answered, "counts": counts,
        "may_handle": access.has_role(request.user, city, role),
        "body": complaint_domain.body_name(rules, role), "citation": complaint_domain.receiver_citation(rules),
        "answer_max": complaint_domain.ANSWER_MAX,
    })


@require_POST
@requires("office.complaints")
def handle(request, pk):
    """The receiving body of the complaint's city: take it up (step=investigate) or answer it (step=answer)."""
    complaint = Complaint.objects.select_related("city").filter(pk=pk).first()
    access.require(request.user, "office.complaint", complaint)
    step = request.POST.get("step", "")
    try:
        if step == "investigate":
            complaint_domain.take_up(complaint, actor=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("已开始调查核实，投诉状态已更新为“调查核实中”。"))
        elif step == "answer":
            complaint_domain.answer(complaint, actor=request.user, findings=request.POST.get("findings", ""),
                                    answer_text=request.POST.get("answer", ""))
            messages.success(request, _("答复已录入，将按投诉人留下的联系方式告知，并可凭受理编号查询。"))
        else:
            raise InvalidInput(_("请选择操作：开始调查核实或录入答复。"))
    except TransitionError as exc:
        messages.error(request, exc.message)
        return redirect(f"{_list_url(complaint)}#complaint-{complaint.pk}")
    return redirect(_list_url(complaint))


def _list_url(complaint) -> str:
    return reverse("office:complaints", args=[complaint.city.code])
