"""The office's pages: stage queues, the eligibility check and its decisions, failed e-mails, exports.

Who may use them: signed-in members of a city's office group (access.office_cities), for that city's
applications only (the access table: office.pages, office.city, office.application, office.notice).
Everyone else gets 403; another city's application is 404.
Views are thin: the work is done in awards.domain (queues, eligibility, supplements, formal_notices).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from awards.domain import access, documents, eligibility, export, forms_data, mail_failures, queues, supplements
from awards.models import Application, AuditEntry, FormalNotice, Notice, Objection, RecommenderUnit, SupplementRequest
from awards.workflow import Status, staff_label
from cities.calendar import WorkingDayCalendar
from cities.models import City
from core.errors import TransitionError
from portal.decorators import requires
from portal.shared.pages import PAGE_SIZE


def _city(request, code: str) -> City:
    """One of the user's office cities, by code; any other code is 403."""
    city = next((c for c in access.office_cities(request.user) if c.code == code), None)
    access.require(request.user, "office.city", city)
    return city


def _application(request, pk: int) -> Application:
    """An application of one of the user's cities, past the draft stage; anything else is 404."""
    application = (
        Application.objects.with_rules().select_related("organisation__city", "individual", "recommender")
        .filter(pk=pk).first()
    )
    access.require(request.user, "office.application", application)
    return application


# -- queues ------------------------------------------------------------------------------------
class QueueFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("搜索"), required=False, max_length=100)
    award_kind = forms.ChoiceField(label=gettext_lazy("奖项"), required=False)
    applicant_kind = forms.ChoiceField(
        label=gettext_lazy("申报类型"), required=False,
        choices=[
            ("", gettext_lazy("全部")), ("organisation", gettext_lazy("单位")), ("individual", gettext_lazy("个人"))
        ],
    )
    recommender = forms.TypedChoiceField(label=gettext_lazy("推荐单位"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=gettext_lazy("仅看已逾期"), required=False)
    preferred_first = forms.BooleanField(label=gettext_lazy("优先（倾斜）条件靠前"), required=False)

    def __init__(self, data, *, rules, recommenders):
        super().__init__(data)
        self.fields["award_kind"].choices = [("", _("全部"))] + [(k.key, k.name) for k in rules.award_kinds]
        self.fields["recommender"].choices = [("", _("全部"))] + [(r.pk, r.name) for r in recommenders]

    def filters(self) -> queues.Filters:
        if not self.is_valid():
            return queues.Filters()
        data = self.cleaned_data
        return queues.Filters(
            award_kind=data["award_kind"], applicant_kind=data["applicant_kind"], recommender=data["recommender"],
            overdue=data["overdue"], q=data["q"], preferred_first=data["preferred_first"],
        )


def _queue_setup(request, code: str, status: str):
    city = _city(request, code)
    rules = city.current_rules().rules
    stages = queues.office_stages(rules)
    stage = next((s for s in stages if s.status == status), None)
    if stage is None:
        raise Http404(_("本市评审办公室没有这个阶段。"))
    recommenders = list(RecommenderUnit.objects.filter(city=city).order_by("name"))
    form = QueueFilterForm(request.GET or None, rules=rules, recommenders=recommenders)
    return city, rules, stages, stage, form


@require_GET
@requires("office.pages")
def home(request):
    """Office staff: straight to the first queue of their city (or a choice of cities)."""
    entries = [(city, queues.office_stages(city.current_rules().rules)[0].status)
               for city in access.office_cities(request.user)]
    if len(entries) == 1:
        city, status = entries[0]
        return redirect("office:queue", city=city.code, status=status)
    return render(request, "office/home.html", {"entries": entries})


@require_GET
@requires("office.pages")
def queue(request, city, status):
    """Office staff of the city: one stage's applications with counts, filters, search and deadlines."""
    city, rules, stages, stage, form = _queue_setup(request, city, status)
    today = timezone.localdate()
    filters = form.filters()
    counts = queues.stage_counts(city, [s.status for s in stages], today)
    page = Paginator(queues.queue(city, status, filters, today), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "office/queue.html",
        {
            "city": city, "rules": rules, "stage": stage, "form": form, "page": page,
            "rows": queues.rows(page.object_list, today), "query": query.urlencode(),
            "tabs": [{"stage": s, **counts[s.status]} for s in stages], "today": today,
            "due_soon_days": queues.DUE_SOON_WORKING_DAYS,
            # 政府审定 is recorded on its own page (one application or the whole list)
            "approval_url": reverse("office:approval", args=[city.code])
            if status == Status.GOVERNMENT_APPROVAL else "",
        },
    )


@require_GET
@requires("office.pages")
def export_queue(request, city, status):
    """Office staff of the city: the queue as an Excel file, with the page's filters."""
    city, rules, stages, stage, form = _queue_setup(request, city, status)
    today = timezone.localdate()
    content = export.queue_workbook(city, status, form.filters(), today)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"{city.code}-{status}-{today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- one application ---------------------------------------------------------------------------
def _detail_context(request, application, **extra):
    rules = application.rules
    today = timezone.localdate()
    calendar = WorkingDayCalendar.for_range(today, max(application.stage_deadline or today, today))
    checkable = application.status in eligibility.CHECKABLE
    supplement_requests = list(
        SupplementRequest.objects.filter(application=application).prefetch_related("items").order_by("-requested_at")
    )
    for sr in supplement_requests:
        sr.late = bool(sr.answered_at and supplements.is_late(sr, sr.answered_at))
    facts = eligibility.facts(application, today)
    lines = eligibility.lines_for(application) if checkable or application.status == Status.INELIGIBLE else []
    declarations = forms_data.signed_declarations(application)
    signed = {d.key: d for d in declarations}
    for line in lines:  # the declaration the applicant signed at submission against each exclusion, for comparison
        line.declared = signed.get(f"decl_{line.key}") if line.section == "exclusion" else None
    context = {
        "application": application,
        "rules": rules,
        "form_sections": forms_data.spec_for(application).sections(forms_data.initial_values(application)),
        "docs": [{"doc": d, "url": _document_url(d)} for d in documents.live_documents(application)],
        "city": application.cycle.city,
        "stage_label": staff_label(application.status, rules),
        "deadline": queues.deadline_of(application, rules, today, calendar),
        "lines": lines,
        "checkable": checkable,
        "can_accept": application.status == Status.ELIGIBILITY,
        "verdicts": eligibility.Verdict,
        "eligibility_stage": rules.stage(Status.ELIGIBILITY),
        "supplement_period": rules.supplement_period,
        "supplement_requests": supplement_requests,
        "formal_notices": FormalNotice.objects.filter(application=application).order_by("-created_at"),
        "audit": [
            (e, staff_label(e.from_state, rules), staff_label(e.to_state, rules))
            for e in AuditEntry.objects.filter(application=application).select_related("actor")
        ],
        "facts": facts,
        "declarations": declarations,
        "preferences": eligibility.preferences_of(application),
        "objections": Objection.objects.filter(entry__application=application)
        .select_related("entry__publicity__recommender").prefetch_related("steps__actor").order_by("filed_at", "pk"),
        "item_fields": extra.pop("item_fields", None) or ["", "", ""],
        # 政府审定 is recorded on its own page, for one application or the whole list (honours.domain.approval)
        "approval_url": reverse("office:approval", args=[application.cycle.city.code])
        if application.status == Status.GOVERNMENT_APPROVAL else "",
        "back": reverse("office:queue", args=[application.cycle.city.code, application.status])
        if any(s.status == application.status for s in queues.office_stages(rules)) else reverse("office:home"),
    }
    context.update(extra)
    return context


def _document_url(document) -> str:
    """The intake area's permission-checked document view, where it exists."""
    for name in ("applicant:document", "applicant:document_download"):
        try:
            return reverse(name, args=[document.pk])
        except NoReverseMatch:
            continue
    return ""


@require_GET
@requires("office.pages")
def application_detail(request, pk):
    """Office staff of the application's city: everything about it, the checklist and the decisions."""
    application = _application(request, pk)
    return render(request, "office/application.html", _detail_context(request, application))


def _fail(request, application, error: TransitionError, posted=None, **extra):
    """Show the page again with the Chinese message and what was typed; nothing was changed."""
    application.refresh_from_db()
    context = _detail_context(request, application, **extra)
    for line in context["lines"]:
        if posted and line.field in posted:
            line.verdict, line.note = posted[line.field]
    context["error"] = error.message
    return render(request, "office/application.html", context, status=400)


@require_POST
@requires("office.pages")
def save_check(request, pk):
    """Office staff of the city: save the findings on the checklist lines."""
    application = _application(request, pk)
    answers = {}
    for line in eligibility.checklist_for(application):
        answers[line.field] = (
            request.POST.get(f"verdict__{line.field}", ""), request.POST.get(f"note__{line.field}", "")
        )
    try:
        eligibility.save_check(application, request.user, answers)
    except TransitionError as error:
        return _fail(request, application, error, posted=answers)
    messages.success(request, _("资格审查记录已保存。"))
    return redirect("office:application", pk=application.pk)


@require_POST
@requires("office.pages")
def accept(request, pk):
    """Office staff of the city: accept (受理) after a complete checklist; issues the 受理通知书."""
    application = _application(request, pk)
    try:
        notice = eligibility.accept(application, request.user, request.POST.get("note", ""))
    except TransitionError as error:
        return _fail(request, application, error)
    messages.success(request, _("已受理，受理通知书（%(number)s）已生成并通知申报人。") % {"number": notice.number})
    return redirect("office:application", pk=application.pk)


@require_POST
@requires("office.pages")
def request_supplement(request, pk):
    """Office staff of the city: ask for every missing item at once; issues the 补正通知书."""
    application = _application(request, pk)
    items = request.POST.getlist("items")
    try:
        supplements.request(application, request.user, items, request.POST.get("note", ""))
    except TransitionError as error:
        return _fail(request, application, error, item_fields=items, supplement_note=request.POST.get("note", ""))
    messages.success(request, _("补正通知已发送，申报人将一次性看到全部补正事项。"))
    return redirect("office:application", pk=application.pk)


@require_POST
@requires("office.pages")
def refuse(request, pk):
    """Office staff of the city: refuse (不予受理) with reasons; issues the 不予受理通知书."""
    application = _application(request, pk)
    try:
        eligibility.refuse(application, request.user, request.POST.get("reasons", ""))
    except TransitionError as error:
        return _fail(request, application, error, refuse_reasons=request.POST.get("reasons", ""))
    messages.success(request, _("已作出不予受理决定，通知书已生成并通知申报人。"))
    return redirect("office:application", pk=application.pk)


# -- failed e-mails ----------------------------------------------------------------------------
@require_GET
@requires("office.pages")
def failed_emails(request, city):
    """Office staff of the city: notices whose e-mail failed after every retry, with 重新发送."""
    city = _city(request, city)
    page = Paginator(mail_failures.failed_for(city), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "office/failed_emails.html", {"city": city, "page": page})


@require_POST
@requires("office.pages")
def resend(request, pk):
    """Office staff of the notice's city: queue the e-mail again."""
    notice = Notice.objects.select_related("application__cycle__city").filter(pk=pk).first()
    access.require(request.user, "office.notice", notice)
    try:
        mail_failures.resend(notice, request.user)
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已重新加入发送队列：%(subject)s") % {"subject": notice.subject})
    return redirect("office:failed_emails", city=notice.application.cycle.city.code)
