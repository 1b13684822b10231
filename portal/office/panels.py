"""The office's review pages: expert pool, panels and assignments, recusals, survey results, comments.

Who: members of the city's office group (評审办公室) for that city only; everyone else gets 403.
Status changes go through awards.domain.lifecycle.perform; the office advances an application out of
an expert stage here only once the panel's consensus has been recorded.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.domain import access, forms_data, lifecycle, publicity
from awards.models import Application, Cycle, Publicity
from awards.workflow import END_STATES, Status, staff_label
from core import industry
from core.errors import InvalidInput, TransitionError
from core.i18n import join_list, long_date
from core.industry import IndustrySection
from portal.decorators import requires
from reviews.domain import consensus, experts, panels, pool_review, results, site_reviews, stage_inputs
from reviews.domain.experts import Job, Relation
from reviews.domain.ranking import board
from reviews.domain.schemes import EXPERT_STAGES
from reviews.models import Assignment, Expert, Panel, PanelMember, PublicComment


def _year(raw, label, required=True):
    raw = (raw or "").strip()
    if not raw:
        if required:
            raise InvalidInput(_("请填写%(l)s。") % {"l": label})
        return None
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(_("%(l)s须为四位年份。") % {"l": label}) from None


def _posted_id(request, name: str, label: str) -> int:
    """A posted record id: a positive whole number, else a clear Chinese message (nothing is changed)."""
    raw = (request.POST.get(name) or "").strip()
    if not raw:
        raise InvalidInput(_("请选择%(l)s。") % {"l": label})
    if not (raw.isascii() and raw.isdigit()) or int(raw) == 0 or len(raw) > 18:
        raise InvalidInput(_("所选%(l)s无效（编号须为正整数），请从列表中重新选择。") % {"l": label})
    return int(raw)


@requires("office.experts")
def expert_pool(request):
    """The office: its cities' expert pools; adds an expert (a new user account) with jobs and relations."""
    cities = access.office_cities(request.user)
    form = {k: request.POST.get(k, "") for k in (
        "city", "username", "name", "email", "field", "industry", "sector", "industry_expert", "employer",
        "employer_code", "employer_since", "past_employer", "past_code", "past_from", "past_to", "rel_org",
        "rel_code", "rel_text")}
    if request.method == "POST":
        city = next((c for c in cities if c.code == form["city"]), None)
        try:
            if city is None:
                raise InvalidInput(_("请选择城市。"))
            username = form["username"].strip()
            if not username:
                raise InvalidInput(_("请填写登录用户名。"))
            if User.objects.filter(username=username).exists():
                raise InvalidInput(_("用户名“%(u)s”已被使用。") % {"u": username})
            jobs = []
            if form["employer"].strip():
                jobs.append(Job(form["employer"], _year(form["employer_since"], _("现单位起始年份")), None,
                                form["employer_code"]))
            if form["past_employer"].strip():
                jobs.append(Job(form["past_employer"], _year(form["past_from"], _("曾任职起始年份")),
                                _year(form["past_to"], _("曾任职截止年份")), form["past_code"]))
            relations = []
            if form["rel_org"].strip():
                if not form["rel_text"].strip():
                    raise InvalidInput(_("请说明与该单位的利害关系。"))
                relations.append(Relation(form["rel_org"], form["rel_text"], form["rel_code"]))
            with transaction.atomic():
                user = User(username=username, email=form["email"].strip(), first_name=form["name"].strip())
                user.set_unusable_password()
                user.save()
                experts.add_expert(city=city, user=user, name=form["name"], field=form["field"],
                                   industry=form["industry"], sector=form["sector"],
                                   is_industry_expert=form["industry_expert"] == "on", jobs=jobs,
                                   relations=relations, actor=request.user,
                                   industry_sections=request.POST.getlist("industry_sections"))
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已将%(n)s加入专家库。") % {"n": form["name"]})
            return redirect("office:experts")
    pool = (
        Expert.objects.filter(city__in=cities)
        .select_related("city", "user")
        .prefetch_related("employments", "relations")
        .order_by("city__code", "name")
    )
    this_year = timezone.localdate().year  # the pool's yearly performance review where the rule file asks for it
    reviews = [{"city": c, "year": this_year, "rule": pool_review.rule_for(c)} for c in cities]
    return render(request, "reviews/office/experts.html", {
        "pool": pool, "cities": cities, "form": form, "sectors": Expert.Sector.choices,
        "sections": IndustrySection.choices, "chosen_sections": request.POST.getlist("industry_sections"),
        "performance_reviews": [r for r in reviews if r["rule"] and r["rule"].value],
    })


@requires("office.panels")
def panel_list(request):
    """The office: panels of its cities' cycles; forms a new panel checked against the city's rules."""
    cities = access.office_cities(request.user)
    cycles = list(Cycle.objects.filter(city__in=cities).select_related("city", "rule_set").order_by("city__code",
                                                                                                     "-year"))
    if request.method == "POST":
        cycle = next((c for c in cycles if str(c.pk) == request.POST.get("cycle")), None)
        try:
            if cycle is None:
                raise InvalidInput(_("请选择评定周期。"))
            chosen = request.POST.getlist("experts")
            ids = [i for i in map(forms_data.as_id, chosen) if i]
            pool = {str(e.pk): e for e in Expert.objects.filter(city=cycle.city, pk__in=ids)}
            leader = request.POST.get("leader", "")
            members = [(pool[c], c == leader) for c in chosen if c in pool]
            if leader and leader not in pool:
                raise InvalidInput(_("组长须从所选专家中指定。"))
            panel = panels.form_panel(cycle=cycle, stage=request.POST.get("stage", ""),
                                      name=request.POST.get("name", ""), members=members, actor=request.user,
                                      grouping=request.POST.get("grouping", ""),
                                      sections=request.POST.getlist("sections"))
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("评审组已组建。"))
            if panel.sections and not request.POST.getlist("sections") and cycle.rules.panel.formed_by.value \
                    == "industry":  # the fallback: a name typed without choosing a section
                messages.warning(request, _("未选择行业门类，已按名称“%(g)s”推断为：%(s)s，请核对。") % {
                    "g": panel.grouping, "s": join_list(industry.names_of(panel.sections))})
            return redirect("office:panel", pk=panel.pk)
    existing = (
        Panel.objects.filter(cycle__in=cycles)
        .select_related("cycle__city", "cycle__rule_set")
        .annotate(size=Count("members", distinct=True),
                  apps=Count("assignments__application", distinct=True))
        .prefetch_related(Prefetch("members", PanelMember.objects.filter(is_leader=True).select_related("expert"),
                                   to_attr="leaders"))
        .order_by("cycle__city__code", "stage", "name")
    )
    rows = [{"p": p, "stage": staff_label(p.stage, p.cycle.rules),
             "sections": industry.names_of(panels.sections_of_panel(p)[0])} for p in existing]
    pool = Expert.objects.filter(city__in=cities, active=True).select_related("city").order_by("city__code", "name")
    rules_by_city = [{"city": c.city, "cycle": c, "panel": c.rules.panel,
                      "stages": [(s.kind.value, staff_label(s.kind.value, c.rules)) for s in c.rules.stages
                                 if s.kind.value in EXPERT_STAGES]} for c in cycles]
    return render(request, "reviews/office/panels.html", {
        "rows": rows, "cycles": rules_by_city, "pool": pool, "sectors": Expert.Sector.choices,
        "sections": IndustrySection.choices,
    })


def _panel_for_office(request, pk) -> Panel:
    panel = get_object_or_404(Panel.objects.select_related("cycle__city", "cycle__rule_set"), pk=pk)
    access.require(request.user, "office.review", panel.cycle.city)
    return panel


@requires()
def panel_detail(request, pk):
    """The office: one panel's members and applications, progress per application, assign, recuse, advance."""
    panel = _panel_for_office(request, pk)
    rules = panel.cycle.rules
    members = list(panel.members.select_related("expert").prefetch_related("expert__employments")
                   .order_by("-is_leader", "expert__name"))
    assignments = list(
        Assignment.objects.filter(panel=panel)
        .select_related("application__organisation", "application__individual", "expert", "sheet")
        .order_by("application__reference", "expert__name")
    )
    by_app = {}
    for a in assignments:
        by_app.setdefault(a.application_id, {"app": a.application, "assignments": []})["assignments"].append(a)
    found = {c.application_id: c for c in consensus.Consensus.objects.filter(panel=panel)}
    for row in by_app.values():
        row["consensus"] = found.get(row["app"].pk)
        row["status"] = staff_label(row["app"].status, rules)
        row["can_advance"] = (row["consensus"] is not None and row["app"].status == panel.stage
                              and not board.decides_after(rules, panel.stage))
        row["active"] = sum(1 for a in row["assignments"] if a.state in (Assignment.State.ACTIVE,
                                                                         Assignment.State.AWAITING_DECLARATION))
        row["short"] = row["active"] < rules.panel.min_size.value
    candidates = (
        Application.objects.filter(cycle=panel.cycle)
        .exclude(status__in=[Status.DRAFT, *END_STATES])
        .exclude(expert_assignments__panel__stage=panel.stage)
        .select_related("organisation", "individual")
        .order_by("reference")
    )
    candidates = [a for a in candidates
                  if panel.stage in [s.kind.value for s in rules.stages_for(a.applicant_kind)]]
    for a in candidates:  # the section each is matched by, and whether only guessed from the industry's name
        a.section, a.section_guessed = (panels.section_of_organisation(a.organisation) if a.organisation_id
                                        else ("", False))
        a.section_name = industry.name_of(a.section) if a.section else ""
    covered, covered_guessed = panels.sections_of_panel(panel)
    return render(request, "reviews/office/panel_detail.html", {
        "panel": panel, "members": members, "apps": list(by_app.values()), "candidates": candidates,
        "stage": staff_label(panel.stage, rules), "rule": rules.panel, "rules": rules,
        "ranking_decides": board.decides_after(rules, panel.stage),
        "sections": industry.names_of(covered), "sections_guessed": covered_guessed,
        "pool": Expert.objects.filter(city=panel.cycle.city, active=True).exclude(memberships__panel=panel)
        .order_by("name"),
    })


@requires()
@require_POST
def panel_assign(request, pk):
    panel = _panel_for_office(request, pk)
    application = None
    try:
        application = Application.objects.filter(pk=_posted_id(request, "application", _("申报")),
                                                 cycle=panel.cycle).first()
        if application is None:
            raise InvalidInput(_("请选择要分配的申报。"))
        panels.assign(panel, application, request.user)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已将%(a)s分配给%(p)s。") % {"a": application.applicant_name, "p": panel.name})
    return redirect("office:panel", pk=panel.pk)


def _posted_expert(request, panel) -> Expert:
    """The expert of the panel's city chosen in the form; InvalidInput for a missing or foreign id."""
    expert = Expert.objects.filter(pk=_posted_id(request, "expert", _("专家")), city=panel.cycle.city).first()
    if expert is None:
        raise InvalidInput(_("请选择专家。"))
    return expert


@requires()
@require_POST
def panel_add_member(request, pk):
    panel = _panel_for_office(request, pk)
    expert = None
    try:
        expert = _posted_expert(request, panel)
        panels.add_member(panel, expert, request.user, is_leader=request.POST.get("leader") == "on")
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s已加入评审组。") % {"n": expert.name})
    return redirect("office:panel", pk=panel.pk)


@requires()
@require_POST
def panel_leader(request, pk):
    panel = _panel_for_office(request, pk)
    expert = None
    try:
        expert = _posted_expert(request, panel)
        panels.set_leader(panel, expert, request.user)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s已担任组长。") % {"n": expert.name})
    return redirect("office:panel", pk=panel.pk)


@requires()
@require_POST
def recuse(request, pk):
    """The office records a recusal of one expert for one application of this panel."""
    panel = _panel_for_office(request, pk)
    assignment = None
    try:
        assignment = (
            Assignment.objects.select_related("application__cycle__rule_set", "expert")
            .filter(panel=panel, pk=_posted_id(request, "assignment", _("要回避的专家"))).first()
        )
        if assignment is None:
            raise InvalidInput(_("请选择要回避的专家。"))
        panels.record_recusal(assignment.application, assignment.expert, request.user,
                              reason=request.POST.get("reason", ""))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已记录%(n)s回避，其对该申报的查阅权限已收回。") % {"n": assignment.expert.name})
    return redirect("office:panel", pk=panel.pk)


@requires()
@require_POST
def advance(request, pk, app_pk):
    """The office passes an application on from this expert stage. `perform` refuses until the consensus is
    recorded, and where the ranking decides who goes on (reviews.checks)."""
    panel = _panel_for_office(request, pk)
    application = (Application.objects.select_related("cycle__rule_set")
                   .filter(pk=app_pk, expert_assignments__panel=panel).distinct().first())
    if application is None:
        raise Http404(_("本评审组没有这份申报。"))
    try:
        if application.status != panel.stage:
            raise InvalidInput(_("该申报已不在本环节。"))
        lifecycle.perform(application, "advance", request.user,
                          reason=_("评审组已形成%(r)s") % {"r": site_reviews.report_label(application, panel.stage)})
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(a)s已进入“%(s)s”。") % {
            "a": application.applicant_name, "s": staff_label(application.status, application.rules)})
    return redirect("office:panel", pk=panel.pk)


@requires()
def cycle_results(request, pk):
    """The office: the cycle's applications with their results per stage and review progress."""
    cycle = get_object_or_404(Cycle.objects.select_related("city", "rule_set"), pk=pk)
    access.require(request.user, "office.review", cycle.city)
    rules = cycle.rules
    apps = list(
        Application.objects.filter(cycle=cycle).exclude(status=Status.DRAFT)
        .select_related("organisation", "individual")
        .annotate(experts=Count("expert_assignments", filter=Q(expert_assignments__state="active")))
        .order_by("reference")
    )
    scores = results.stage_results(apps)
    scored_stages = [s for s in rules.stages if s.kind.value in (*EXPERT_STAGES, stage_inputs.SURVEY)]
    rows = [{"app": a, "status": staff_label(a.status, rules),
             "scores": [scores[a.pk].get(s.kind.value) for s in scored_stages],
             "survey_open": a.status == stage_inputs.SURVEY} for a in apps]
    has_comment_stage = rules.stage(stage_inputs.PUBLIC_COMMENT) is not None
    awaiting_comments = len(stage_inputs.awaiting_comment_period(cycle)) if has_comment_stage else 0
    comment_periods = Publicity.objects.filter(cycle=cycle, stage=stage_inputs.PUBLIC_COMMENT).annotate(
        comments=Count("public_comments")).order_by("-starts_on")
    return render(request, "reviews/office/results.html", {
        "cycle": cycle, "rows": rows,
        "stages": [(s.kind.value, staff_label(s.kind.value, rules)) for s in scored_stages],
        "comment_periods": comment_periods, "awaiting_comments": awaiting_comments,
        "comment_period": rules.period_of(stage_inputs.PUBLIC_COMMENT) if has_comment_stage else None,
    })


@requires()
def survey(request, app_pk):
    """The office: enter the customer-satisfaction survey result of one application, citing the article."""
    application = get_object_or_404(Application.objects.with_rules().select_related("organisation", "individual"),
                                    pk=app_pk)
    access.require(request.user, "office.review", application.cycle.city)
    stage = application.rules.stage(stage_inputs.SURVEY)
    if stage is None:
        raise PermissionDenied(_("本市评审流程中没有满意度测评环节。"))
    current = getattr(application, "survey_result", None)
    form = {k: request.POST.get(k, "") for k in ("score", "agency", "summary")}
    if request.method == "POST":
        try:
            stage_inputs.record_survey(application, request.user, score=form["score"], agency=form["agency"],
                                       summary=form["summary"])
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("满意度测评结果已录入。"))
            return redirect("office:results", pk=application.cycle_id)
    elif current:
        form = {"score": current.score, "agency": current.agency, "summary": current.summary}
    return render(request, "reviews/office/survey.html", {
        "app": application, "stage": stage, "rules": application.rules, "form": form, "current": current,
        "label": staff_label(stage.kind.value, application.rules),
    })


@requires()
def comments(request, publicity_pk):
    """The office: every comment received in a public comment period."""
    notice = get_object_or_404(Publicity.objects.select_related("cycle__city", "cycle__rule_set"), pk=publicity_pk,
                               stage=stage_inputs.PUBLIC_COMMENT)
    access.require(request.user, "office.review", notice.cycle.city)
    received = PublicComment.objects.filter(publicity=notice).select_related(
        "entry__application").order_by("entry__pk", "filed_at")
    return render(request, "reviews/office/comments.html", {"notice": notice, "received": received,
                                                            "rules": notice.cycle.rules})


@require_POST
@requires()
def survey_advance(request, app_pk):
    """The office passes an application on from the satisfaction survey once its result is recorded
    (reviews.checks refuses before)."""
    application = get_object_or_404(Application.objects.with_rules(), pk=app_pk)
    access.require(request.user, "office.review", application.cycle.city)
    try:
        if application.status != stage_inputs.SURVEY:
            raise InvalidInput(_("该申报已不在满意度测评环节。"))
        lifecycle.perform(application, "advance", request.user, reason=_("满意度测评结果已录入"))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(a)s已进入“%(s)s”。") % {
            "a": application.applicant_name, "s": staff_label(application.status, application.rules)})
    return redirect("office:results", pk=application.cycle_id)


def _period_length(raw) -> int | None:
    """The length of a period the office typed (blank: as the rules set it); anything but a whole number is refused."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 3 or int(raw) < 1:
        raise InvalidInput(_("期限请填写1至366之间的整数（天数），或留空按规则设定。"))
    return int(raw)


@require_POST
@requires()
def publish_comments(request, pk):
    """The office publishes the review results for public comment (公开征求意见): every application of the cycle
    at that stage and not yet in an open comment period. The scheduler moves them on after the period."""
    cycle = get_object_or_404(Cycle.objects.select_related("city", "rule_set"), pk=pk)
    access.require(request.user, "office.review", cycle.city)
    try:
        waiting = stage_inputs.awaiting_comment_period(cycle)
        if not waiting:
            raise InvalidInput(_("没有等待公开征求意见的申报。"))
        notice = publicity.publish(cycle=cycle, stage=stage_inputs.PUBLIC_COMMENT, applications=waiting,
                                   actor=request.user, length=_period_length(request.POST.get("length")))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已发布“%(title)s”，征求意见至%(end)s。") % {
            "title": notice.title, "end": long_date(notice.ends_on)})
    return redirect("office:results", pk=cycle.pk)
