"""Public pages: no login. The public reads calls, publicity lists and winners, and files objections."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cities.models import City

from ..domain import publicity as publicity_domain
from ..domain.errors import TransitionError
from ..models import Application, Cycle, Publicity, PublicityEntry
from ..workflow import Status, staff_label


def home(request):
    """Public. The portal's front page: the cities, their open calls and current publicity."""
    today = timezone.localdate()
    open_cycles = (
        Cycle.objects.filter(call_published_on__lte=today, applications_close_on__gte=today)
        .select_related("city")
        .order_by("city__code")
    )
    current = (
        Publicity.objects.filter(closed_at__isnull=True, starts_on__lte=today, ends_on__gte=today)
        .select_related("cycle__city")
        .order_by("ends_on")[:10]
    )
    return render(
        request,
        "home.html",
        {"cities": City.objects.order_by("code"), "open_cycles": open_cycles, "current_publicities": current},
    )


def publicity_list(request):
    """Public. Every publicity, current first; filter by city."""
    publicities = (
        Publicity.objects.select_related("cycle__city", "recommender")
        .annotate(entry_count=Count("entries"))
        .order_by("-starts_on", "-pk")
    )
    city = request.GET.get("city") or ""
    if city:
        publicities = publicities.filter(cycle__city__code=city)
    today = timezone.localdate()
    rows = [
        {"p": p, "label": staff_label(p.stage), "open": publicity_domain.is_open(p, today)} for p in publicities[:100]
    ]
    return render(
        request, "public/publicity_list.html", {"rows": rows, "cities": City.objects.order_by("code"), "city": city}
    )


def publicity_detail(request, pk):
    """Public. One publicity's list; while it is open anyone may file an objection (POST)."""
    notice = get_object_or_404(Publicity.objects.select_related("cycle__city", "cycle__rule_set", "recommender"), pk=pk)
    entries = (
        notice.entries.select_related("application__organisation", "application__individual")
        .annotate(objection_count=Count("objections"))
        .order_by("pk")
    )
    form = {"entry": "", "name": "", "contact": "", "text": ""}
    takes_comments = notice.stage == Status.PUBLIC_COMMENT  # opinions are collected, not objections
    if request.method == "POST" and takes_comments:
        messages.error(request, "本期为公开征求意见，请通过“提交意见”页面发表意见。")
    elif request.method == "POST":
        form = {key: request.POST.get(key, "") for key in form}
        entry = PublicityEntry.objects.filter(publicity=notice, pk=form["entry"] or 0).first()
        if entry is None:
            messages.error(request, "请选择对哪一个公示对象提出异议。")
        else:
            try:
                publicity_domain.file_objection(entry, name=form["name"], contact=form["contact"], text=form["text"])
            except TransitionError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "您的异议已提交，评审办公室将调查核实并告知处理结果。")
                return redirect("publicity_detail", pk=notice.pk)
    rules = notice.cycle.rules
    award_names = {k.key: k.name for k in rules.award_kinds}
    rows = [{"entry": e, "award": award_names.get(e.application.award_kind, "")} for e in entries]
    return render(
        request,
        "public/publicity_detail.html",
        {
            "notice": notice,
            "rows": rows,
            "form": form,
            "is_open": publicity_domain.is_open(notice),
            "stage_label": staff_label(notice.stage, rules),
            "takes_comments": takes_comments,
            "rules": rules,
        },
    )


def winners(request):
    """Public. Awarded applications, by city and year."""
    awarded = (
        Application.objects.filter(status=Status.AWARDED)
        .select_related("cycle__city", "cycle__rule_set", "organisation", "individual")
        .order_by("cycle__city__code", "-cycle__year", "pk")
    )
    city = request.GET.get("city") or ""
    if city:
        awarded = awarded.filter(cycle__city__code=city)
    rows = [{"app": a, "award": a.award.name} for a in awarded[:500]]
    revoked = Application.objects.filter(Q(status=Status.REVOKED)).count()
    return render(
        request,
        "public/winners.html",
        {"rows": rows, "cities": City.objects.order_by("code"), "city": city, "revoked": revoked},
    )
