"""The office's pages: stage queues, the eligibility check and its decisions, failed e-mails, exports.

Who may use them: signed-in members of a city's office group (access.office_cities), for that city's
applications only (the access table: office.pages, office.city, office.application, office.notice).
Everyone else gets 403; another city's application is 404.
Views are thin: the work is done in awards.domain (queues, eligibility, supplements, formal_notices).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import IntegerField, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from awards import checks
from awards.domain import (
    access,
    documents,
    eligibility,
    export,
    forms_data,
    lifecycle,
    mail_failures,
    queues,
    supplements,
)
from awards.models import Application, AuditEntry, FormalNotice, Notice, Objection, RecommenderUnit, SupplementRequest
from awards.workflow import Status, staff_label
from cities.calendar import WorkingDayCalendar
from cities.models import City
from cities.schema import CityRules, Period, Role
from core.errors import TransitionError
from core.i18n import join_list, long_date
from honours.models import ReEvaluation, Revisit, RevocationCase, YearlyReport
from portal.decorators import requires
from portal.shared import charts
from portal.shared.pages import PAGE_SIZE

from . import data_cache, queue_rows


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

    def __init__(self, data, *, rules, recommenders: list[tuple[int, str]]):
        super().__init__(data)
        self.fields["award_kind"].choices = [("", _("全部"))] + [(k.key, k.name) for k in rules.award_kinds]
        self.fields["recommender"].choices = [("", _("全部")), *recommenders]

    def filters(self) -> queues.Filters:
        if not self.is_valid():
            return queues.Filters()
        data = self.cleaned_data
        return queues.Filters(
            award_kind=data["award_kind"], applicant_kind=data["applicant_kind"], recommender=data["recommender"],
            overdue=data["overdue"], q=data["q"], preferred_first=data["preferred_first"],
        )


# -- every stage of the city's flow, and the duties after the award ---------------------------------
@dataclass(frozen=True)
class FlowStage:
    """A stage of the city's flow as its queue shows it: who acts in it (the rules' actor) and the body's name."""

    status: str
    label: str
    article: str
    period: Period | None
    actor: Role
    body: str

    @property
    def office_acts(self) -> bool:
        return self.actor == Role.OFFICE


# Who acts, in words, where the rule file's bodies name nobody for the role (the office and the deciding body are
# named there; a recommender is the application's own unit where known).
ROLE_WORDS = {
    Role.APPLICANT: gettext_lazy("申报人"),
    Role.RECOMMENDER: gettext_lazy("推荐单位"),
    Role.EXPERT: gettext_lazy("评审专家组"),
    Role.PANEL_LEADER: gettext_lazy("评审专家组组长"),
    Role.SUPERVISOR: gettext_lazy("监督人员"),
    Role.SYSTEM: gettext_lazy("平台（期满自动进入下一阶段）"),
}


def body_name(rules: CityRules, role: Role, application: Application | None = None) -> str:
    """The body the rule file names for a role (bodies: the office, the deciding body), else the role in words;
    the application's own recommender unit or applicant where one is given."""
    if role == Role.OFFICE:
        return rules.bodies.office.value
    if role == Role.COMMITTEE:
        return rules.bodies.deciding_body.value
    if application is not None and role == Role.RECOMMENDER and application.recommender_id:
        return application.recommender.name
    if application is not None and role == Role.APPLICANT:
        return _("申报人（%(name)s）") % {"name": application.applicant_name}
    return str(ROLE_WORDS.get(role, role))


def flow_stages(rules: CityRules) -> list[FlowStage]:
    """Every stage of the city's rules, in the city's order, whoever acts in it; the supplement loop (the
    applicant's) follows eligibility."""
    stages = []
    for stage in rules.stages:
        stages.append(FlowStage(stage.kind.value, staff_label(stage.kind.value, rules), stage.article,
                                rules.period_of(stage), stage.actor, body_name(rules, stage.actor)))
        if stage.kind == Status.ELIGIBILITY:
            stages.append(FlowStage(Status.SUPPLEMENT_REQUESTED.value, staff_label(Status.SUPPLEMENT_REQUESTED),
                                    stage.article, rules.supplement_period, Role.APPLICANT,
                                    body_name(rules, Role.APPLICANT)))
    return stages


@dataclass(frozen=True)
class DutyQueue:
    """A queue after the award, on the honours pages: its name, count, how many are late, and the link."""

    key: str
    label: str
    article: str
    total: int
    overdue: int
    url: str


class _Count(Subquery):
    """COUNT(*) of a subquery, as a column (one query for several counts; SQLite and PostgreSQL)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def _duty_counts(city: City, rules: CityRules, today) -> dict[str, _Count]:
    """The duties the city's rules give after the award (yearly reports due and overdue, revisits, 复评, revocation
    cases): their counts as columns of a query on the city (side_tabs reads them with the stages' counts)."""
    post = rules.post_award
    mine = {"application__cycle__city": city}
    reports = YearlyReport.objects.filter(**mine, submitted_at__isnull=True, application__status=Status.AWARDED)
    subqueries = {
        "reports_due": reports.filter(due_on__gte=today),
        "reports_overdue": reports.filter(due_on__lt=today),
        "revisits": Revisit.objects.filter(**mine, outcome__in=[Revisit.Outcome.PLANNED, Revisit.Outcome.CORRECTION]),
        "re_evaluations": ReEvaluation.objects.filter(**mine, outcome=ReEvaluation.Outcome.OPEN),
        "revocations": RevocationCase.objects.filter(**mine, state=RevocationCase.State.OPEN),
    }
    wanted = {
        "reports_due": bool(post.yearly_self_assessment), "reports_overdue": bool(post.yearly_self_assessment),
        "revisits": bool(post.revisits), "re_evaluations": bool(post.re_evaluation),
        "revocations": bool(post.revocation_grounds),
    }
    return {key: _Count(subqueries[key].order_by().values("pk")) for key, on in wanted.items() if on}


def _duty_list(city: City, rules: CityRules, counts: dict) -> list[DutyQueue]:
    """Each duty with its count (read by _duty_counts' columns) and a link to the office's page for it."""
    post = rules.post_award
    duties_url = reverse("office:duties", args=[city.code])
    found = []
    if post.yearly_self_assessment:
        article = post.yearly_self_assessment.due.citation
        found.append(DutyQueue("reports_due", _("年度自评报告（待报送）"), article, counts["reports_due"], 0,
                               duties_url + "#handed-in"))
        found.append(DutyQueue("reports_overdue", _("年度自评报告（逾期未报送）"), article,
                               counts["reports_overdue"], counts["reports_overdue"], duties_url + "#overdue"))
    if post.revisits:
        found.append(DutyQueue("revisits", _("回访（巡访）"), post.revisits.article, counts["revisits"], 0,
                               duties_url + "#revisits"))
    if post.re_evaluation:
        found.append(DutyQueue("re_evaluations", _("复评"), post.re_evaluation.article, counts["re_evaluations"], 0,
                               duties_url + "#re-evaluations"))
    if post.revocation_grounds:
        articles = join_list(dict.fromkeys(g.article for g in post.revocation_grounds if g.article))
        found.append(DutyQueue("revocations", _("撤销案件（办理中）"), articles, counts["revocations"], 0,
                               reverse("office:revocations", args=[city.code])))
    return found


def _tab_counts(city: City, today, rules: CityRules, stages: list[FlowStage]) -> tuple[dict, dict]:
    """The side bar's numbers: per stage its applications and those overdue, and each duty's. One query."""
    duties = {key: City.objects.filter(pk=city.pk).annotate(total=count)
              for key, count in _duty_counts(city, rules, today).items()}
    return queues.stage_counts_with(city, [s.status for s in stages], today, duties)


def side_tabs(city: City, today, rules: CityRules | None = None, stages: list[FlowStage] | None = None,
              counts: tuple[dict, dict] | None = None) -> dict:
    """The office's side bar for a city: every stage of its flow with counts, then the duties after the award.
    The counts (`counts`, else _tab_counts) are kept in the office's cache until the data changes
    (data_cache): one query for all of them when they are built, none when kept."""
    rules = rules or city.current_rules().rules
    stages = stages or flow_stages(rules)
    if counts is None:
        key = ("tabs", city.pk, tuple(s.status for s in stages))
        counts = data_cache.fetch(key, lambda: _tab_counts(city, today, rules, stages))
    stage_counts, duty_counts = counts
    return {"tabs": [{"stage": s, **stage_counts[s.status]} for s in stages],
            "duty_tabs": _duty_list(city, rules, duty_counts), "office_body": body_name(rules, Role.OFFICE)}


def _flow_stage(city: City, status: str) -> tuple[CityRules, list[FlowStage], FlowStage]:
    """The city's rules, its flow's stages and the one of `status`: Http404 when its flow has none."""
    rules = city.current_rules().rules
    stages = flow_stages(rules)
    stage = next((s for s in stages if s.status == status), None)
    if stage is None:
        raise Http404(_("本市的评定流程没有这个阶段。"))
    return rules, stages, stage


def _recommenders(city: City) -> list[tuple[int, str]]:
    """The city's recommender units as (id, name), by name: the filter's choices."""
    return list(RecommenderUnit.objects.filter(city=city).order_by("name").values_list("pk", "name"))


@require_GET
@requires("office.pages")
def home(request):
    """Office staff: per city, every stage of its flow in order with its count and a link to its queue, and the
    duties after the award (各阶段)."""
    today = timezone.localdate()
    entries = []
    for city in access.office_cities(request.user):
        tabs = side_tabs(city, today)
        entries.append({"city": city, "status": tabs["tabs"][0]["stage"].status, **tabs})
    return render(request, "office/home.html", {"entries": entries, "today": today,
                                                "charts": charts.office_home([e["city"] for e in entries])})


class _Counted(Paginator):
    """A paginator told its count (the stage's count the page has already read): no COUNT query of its own."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known


@require_GET
@requires("office.pages")
def queue(request, city, status):
    """Office staff of the city: one stage's applications with counts, filters, search and deadlines. The page's
    body (everything below the header) is kept in the office's cache until the data changes (data_cache): it shows
    the same to every office user of the city; the header, with the user's name and links, is drawn each time."""
    city = _city(request, city)
    key = ("queue", city.pk, status, tuple(sorted((name, tuple(values)) for name, values in request.GET.lists())))
    page = data_cache.fetch(key, lambda: _queue_body(city, status, request.GET))
    # the body was rendered by the template engine (every value escaped) when it was built
    return render(request, "office/queue.html", {"title": page["title"], "body": mark_safe(page["body"])})


def _queue_body(city: City, status: str, query) -> dict:
    """The queue page's title and body (templates/office/_queue_body.html): Http404 for a stage the city's flow
    does not have."""
    rules, stages, stage = _flow_stage(city, status)
    today = timezone.localdate()
    form = QueueFilterForm(query or None, rules=rules, recommenders=_recommenders(city))
    filters = form.filters()
    tabs = side_tabs(city, today, rules, stages, counts=_tab_counts(city, today, rules, stages))
    listed = queues.queue(city, status, filters, today)
    if filters.narrows:  # the filtered rows are counted by their own query
        paginator = Paginator(listed, PAGE_SIZE)
    else:  # the whole stage: the side bar's count of it, from the stage counts' query
        total = next(tab["total"] for tab in tabs["tabs"] if tab["stage"].status == status)
        paginator = _Counted(listed, PAGE_SIZE, total)
    page = paginator.get_page(query.get("page"))
    rows = queues.rows(page.object_list, today)
    others = query.copy()
    others.pop("page", None)
    body = render_to_string("office/_queue_body.html", {
        "city": city, "rules": rules, "stage": stage, "form": form, "page": page,
        "rows_html": queue_rows.rows_html(rows), "query": others.urlencode(), **tabs, "today": today,
        "due_soon_days": queues.DUE_SOON_WORKING_DAYS,
        # 政府审定 is recorded on its own page (one application or the whole list)
        "approval_url": reverse("office:approval", args=[city.code]) if status == Status.GOVERNMENT_APPROVAL else "",
    })
    return {"title": f"{stage.label} · {city.name}", "body": body}


@require_GET
@requires("office.pages")
def export_queue(request, city, status):
    """Office staff of the city: the queue as an Excel file, with the page's filters."""
    city = _city(request, city)
    rules, _stages, _stage = _flow_stage(city, status)
    today = timezone.localdate()
    form = QueueFilterForm(request.GET or None, rules=rules, recommenders=_recommenders(city))
    content = export.queue_workbook(city, status, form.filters(), today)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"{city.code}-{status}-{today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- one application ---------------------------------------------------------------------------
def _where_done(application) -> str:
    """The office's page where the current stage's work is done, where it is not this page (the Status enum,
    not a rule key)."""
    city, status = application.cycle.city.code, application.status
    if status in (Status.DOCUMENT_REVIEW, Status.HEARING, Status.SITE_REVIEW):
        return reverse("office:panels")
    if status == Status.SATISFACTION_SURVEY:
        return reverse("office:survey", args=[application.pk])
    if status == Status.RANKING:
        return reverse("office:ranking_board", args=[application.cycle_id])
    if status == Status.COMMITTEE_DECISION:  # the office opens the sitting and counts the votes there
        return reverse("committee:sitting", args=[application.cycle_id])
    if status == Status.GOVERNMENT_APPROVAL:
        return reverse("office:approval", args=[city])
    if status == Status.AWARDED:
        return reverse("office:duties", args=[city])
    return ""


def next_step(application, user, deadline: queues.Deadline) -> dict:
    """下一步: what this office user can do now (lifecycle.available_actions), who acts in the current stage (the
    body the rules name for its actor) and by when (the stage deadline, in working days)."""
    rules = application.rules
    stage = rules.stage(application.status)
    available = lifecycle.available_actions(application, user)
    actions = [str(lifecycle.ACTIONS[name].label) for name in available]
    if application.status in eligibility.CHECKABLE:  # the checklist's decisions on this page
        actions = actions or [_("资格审查（填写审查清单并作出决定）")]
    if application.status == Status.GOVERNMENT_APPROVAL:  # only a recorded decision moves it (honours.checks)
        actions = [_("录入政府审定决定")]
    # what stands in the way of passing the stage, where the office is the one to pass it
    office_passes = (stage is not None and stage.actor == Role.OFFICE
                     and application.status != Status.GOVERNMENT_APPROVAL)
    waiting = checks.unmet(application, "advance") if office_passes and "advance" not in available else []
    if stage is not None:
        actor = stage.actor
    elif application.status == Status.SUPPLEMENT_REQUESTED:
        actor = Role.APPLICANT
    elif application.status == Status.AWARDED:
        actor = Role.OFFICE  # the duties after the award and a revocation case
    else:
        actor = None  # the application has ended
    who = body_name(rules, actor, application) if actor else ""
    approver = rules.bodies.approver.value if application.status == Status.GOVERNMENT_APPROVAL else ""
    if deadline.due:
        when = _("%(date)s前（%(left)s）") % {"date": long_date(deadline.due), "left": deadline.text}
    elif actor == Role.SYSTEM and stage is not None and rules.period_of(stage):
        when = _("公示期满后（%(period)s）") % {"period": rules.period_of(stage).in_words}
    else:
        when = ""
    return {
        "actions": actions, "who": who, "actor": actor.value if actor else "", "approver": approver,
        "when": when, "citation": deadline.citation, "ended": actor is None, "waiting": waiting,
        "office_acts": actor == Role.OFFICE, "url": _where_done(application),
    }


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
    deadline = queues.deadline_of(application, rules, today, calendar)
    context = {
        "application": application,
        "rules": rules,
        "deadline": deadline,
        "next_step": next_step(application, request.user, deadline),
        "form_sections": forms_data.spec_for(application).sections(forms_data.initial_values(application)),
        "docs": [{"doc": d, "url": _document_url(d)} for d in documents.live_documents(application)],
        "city": application.cycle.city,
        "stage_label": staff_label(application.status, rules),
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
        if any(s.status == application.status for s in flow_stages(rules)) else reverse("office:home"),
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
