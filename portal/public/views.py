"""Public pages: no login. The public reads calls, publicity lists and winners, and files objections."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from awards.domain import objections as objection_domain
from awards.domain import publicity as publicity_domain
from awards.models import Application, Cycle, Objection, Publicity, PublicityEntry
from awards.workflow import Status, staff_label
from cities.models import City
from core.errors import TransitionError
from honours.domain import announcements, certificates
from honours.models import Announcement, Certificate
from portal.decorators import public
from portal.public.contact import office_contact
from portal.shared import page_cache
from portal.shared.page_cache import cached_page

LATEST_ANNOUNCEMENTS = 5


@cached_page(page_cache.PUBLICITY, page_cache.AWARDS, page_cache.RULES)
@public
def home(request):
    """Public. The portal's front page: the cities, their open calls and current publicity."""
    today = timezone.localdate()
    open_cycles = (
        Cycle.objects.filter(call_published_on__lte=today, applications_close_on__gte=today)
        .select_related("city", "rule_set").defer("rule_set__content")  # the governing text: parsed per version
        .order_by("city__code")
    )
    current = (
        Publicity.objects.filter(closed_at__isnull=True, starts_on__lte=today, ends_on__gte=today)
        .select_related("cycle__city")
        .order_by("ends_on")[:10]
    )
    latest = announcements.latest(LATEST_ANNOUNCEMENTS)
    return render(
        request,
        "home.html",
        {"cities": City.objects.order_by("code"), "open_cycles": open_cycles, "current_publicities": current,
         "announcements": latest},
    )


@cached_page(page_cache.PUBLICITY, page_cache.RULES)
@public
def publicity_list(request):
    """Public. Every publicity, current first; filter by city."""
    publicities = (
        Publicity.objects.select_related("cycle__city", "cycle__rule_set", "recommender")
        .defer("cycle__rule_set__content")  # the governing text: parsed once per version
        .annotate(entry_count=Count("entries"))
        .order_by("-starts_on", "-pk")
    )
    city = request.GET.get("city") or ""
    if city:
        publicities = publicities.filter(cycle__city__code=city)
    today = timezone.localdate()
    rows = [
        {"p": p, "label": staff_label(p.stage), "open": publicity_domain.is_open(p, today),
         "state": publicity_domain.state(p, today)} for p in publicities[:100]
    ]
    cities = list(City.objects.order_by("code"))
    shown = [c for c in cities if c.code == city] or cities
    contacts = [office_contact(c, c.current_rules().rules) for c in shown if c.current_rules()]
    return render(
        request, "public/publicity_list.html", {"rows": rows, "cities": cities, "city": city, "contacts": contacts}
    )


def _client(request) -> str:
    # REMOTE_ADDR, or the header a trusted proxy sets (settings.CLIENT_IP_HEADER); never a client-set X-Forwarded-For,
    # which would let anyone pick a fresh address for every objection.
    return ((settings.CLIENT_IP_HEADER and request.META.get(settings.CLIENT_IP_HEADER))
            or request.META.get("REMOTE_ADDR") or "unknown")


def _publicity(pk):
    return get_object_or_404(Publicity.objects.select_related("cycle__city", "cycle__rule_set", "recommender"), pk=pk)


def _entry_rows(notice, rules):
    entries = (
        notice.entries.select_related("application__organisation", "application__individual")
        .annotate(
            objection_count=Count("objections"),
            open_count=Count("objections", filter=Q(objections__outcome=Objection.Outcome.OPEN)),
            sustained_count=Count("objections", filter=Q(objections__outcome=Objection.Outcome.SUSTAINED)),
            dismissed_count=Count("objections", filter=Q(objections__outcome=Objection.Outcome.DISMISSED)),
        )
        .order_by("pk")
    )
    award_names = {k.key: k.name for k in rules.award_kinds}
    return [{"entry": e, "award": award_names.get(e.application.award_kind, "")} for e in entries]


def _publicity_context(notice) -> dict:
    rules = notice.cycle.rules
    return {
        "notice": notice,
        "rows": _entry_rows(notice, rules),
        "is_open": publicity_domain.is_open(notice),
        "state": publicity_domain.state(notice),
        "contact": office_contact(notice.cycle.city, rules),
        "stage_label": staff_label(notice.stage, rules),
        "takes_comments": notice.stage == Status.PUBLIC_COMMENT,  # opinions are collected, not objections
        "rules": rules,
        "objection_body": objection_domain.role_name(rules, objection_domain.route(rules)[0].role),
    }


@cached_page(page_cache.PUBLICITY, page_cache.RULES)
@require_GET
@public
def publicity_detail(request, pk):
    """Public. One publicity's list and its objections' outcomes; cached for anonymous readers, so it holds no
    form: while it is open it links to the objection page (objection_form)."""
    return render(request, "public/publicity_detail.html", _publicity_context(_publicity(pk)))


@public
def objection_form(request, pk):
    """Public. While a publicity is open anyone may file an objection to one of its entries (POST, CSRF-checked);
    its own page, so that the publicity page itself stays cacheable."""
    notice = _publicity(pk)
    context = _publicity_context(notice)
    form = {"entry": "", "name": "", "contact": "", "text": ""}
    if request.method == "POST" and context["takes_comments"]:
        messages.error(request, _("本期为公开征求意见，请通过“提交意见”页面发表意见。"))
    elif request.method == "POST":
        form = {key: request.POST.get(key, "") for key in form}
        if _file(request, notice, form):
            return redirect("public:publicity_detail", pk=notice.pk)
    context["form"] = form
    context["limits"] = {"name": publicity_domain.NAME_MAX, "contact": publicity_domain.CONTACT_MAX,
                         "text": publicity_domain.TEXT_MAX}
    return render(request, "public/objection_form.html", context)


def _file(request, notice, form) -> bool:
    """File the objection the form describes; a Chinese message either way. True when it was filed."""
    entry_id = form["entry"].strip()
    entry = PublicityEntry.objects.filter(publicity=notice, pk=int(entry_id)).first() \
        if entry_id.isascii() and entry_id.isdigit() and len(entry_id) < 10 else None
    if entry is None:
        messages.error(request, _("请选择对哪一个公示对象提出异议。"))
        return False
    if not publicity_domain.objection_allowed(_client(request)):
        messages.error(request, _("同一网络地址每小时最多提交%(n)s件异议，请稍后再试；"
                                  "情况紧急的，可直接联系评审办公室。")
                       % {"n": publicity_domain.OBJECTIONS_PER_HOUR})
        return False
    try:
        filed = publicity_domain.file_objection(entry, name=form["name"], contact=form["contact"], text=form["text"])
    except TransitionError as exc:
        messages.error(request, exc.message)
        return False
    publicity_domain.count_objection(_client(request))
    first = objection_domain.route(notice.cycle.rules)[0]
    who = (notice.recommender.name if notice.recommender_id
           else objection_domain.role_name(notice.cycle.rules, first.role))
    messages.success(request, _("您的异议已提交，受理编号：%(ref)s（请妥善保存）。"
                                "%(who)s将调查核实并告知处理结果。处理结果（成立/不成立）将在本页公开；凭受理编号可在“异议进度查询”页面查看办理进度。")
                     % {"who": who, "ref": filed.reference})
    return True


@cached_page(page_cache.AWARDS, page_cache.CERTIFICATES, page_cache.RULES)
@public
def winners(request):
    """Public. Awarded applications, by city and year, each with its certificate's status and validity and the
    announcement that named it."""
    awarded = (
        Application.objects.filter(status=Status.AWARDED)
        .select_related("cycle__city", "cycle__rule_set", "organisation", "individual", "decision_line")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.filter(superseded_by__isnull=True).order_by("-pk"),
                     to_attr="live_certificates"),
            Prefetch("decision_line__decision__announcements",
                     queryset=Announcement.objects.filter(kind=Announcement.Kind.AWARD), to_attr="award_notices"),
        )
        .order_by("cycle__city__code", "-cycle__year", "pk")
    )
    city = request.GET.get("city") or ""
    if city:
        awarded = awarded.filter(cycle__city__code=city)
    today = timezone.localdate()
    rows = []
    for a in awarded[:500]:
        certificate = a.live_certificates[0] if a.live_certificates else None
        state = certificates.status(certificate, today) if certificate else ""
        line = getattr(a, "decision_line", None)
        notices = line.decision.award_notices if line is not None else []
        rows.append({"app": a, "award": a.award.name, "certificate": certificate, "state": state,
                     "state_label": certificates.STATUS_LABELS[state] if state else "",
                     "announcement": notices[0] if notices else None})
    revoked = Application.objects.filter(Q(status=Status.REVOKED)).count()
    return render(
        request,
        "public/winners.html",
        {"rows": rows, "cities": City.objects.order_by("code"), "city": city, "revoked": revoked},
    )
