"""The expert's pages: the queue, the declaration with the pledge, the materials, the own score sheet.

Who: a signed-in expert, and only for their own assignments. Before the declaration the expert sees
the applicant's name only; materials and the sheet need an active assignment and the object
permission granted then (anything else is 404, so URL guessing reveals nothing).
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.domain import access, forms_data, queues
from awards.models import Document
from awards.workflow import staff_label
from cities import scoring_bands
from cities.calendar import WorkingDayCalendar
from cities.schema import Role
from core.errors import TransitionError
from core.i18n import join_list, long_date
from portal.decorators import requires
from reviews.domain import panels, ratings, sanctions, schemes, scoring
from reviews.models import Assignment, ConductRating, Consensus, Expert, PanelMember, Pledge


def _queue(user):
    leader = PanelMember.objects.filter(panel=OuterRef("panel"), expert=OuterRef("expert"), is_leader=True)
    pledged = Pledge.objects.filter(expert=OuterRef("expert"), cycle=OuterRef("panel__cycle"))
    stage_done = Consensus.objects.filter(application=OuterRef("application"), stage=OuterRef("panel__stage"))
    rated = ConductRating.objects.filter(assignment=OuterRef("pk"), rater_side=ConductRating.Rater.EXPERT)
    return (
        Assignment.objects.filter(expert__user=user)
        .select_related("panel__cycle__city", "panel__cycle__rule_set", "application__organisation",
                        "application__individual", "sheet", "expert")
        .annotate(is_leader=Exists(leader), pledged=Exists(pledged), stage_done=Exists(stage_done),
                  rated=Exists(rated))
        .order_by("-assigned_at", "-pk")
    )


@requires()
def queue(request):
    """Any signed-in user: their own assignments (none for a user who is not an expert)."""
    rows = []
    for a in _queue(request.user):
        rules = a.panel.cycle.rules
        sheet = getattr(a, "sheet", None)
        rows.append({
            "a": a,
            "city": a.panel.cycle.city.name,
            "award": rules.award_kind(a.application.award_kind).name,
            "stage": staff_label(a.panel.stage, rules),
            "status": staff_label(a.application.status, rules),
            "at_stage": a.application.status == a.panel.stage,
            "sheet": sheet,
            "rate": _rating_open(a),
        })
    out_of_pool = [sanctions.refusal(e) for e in Expert.objects.filter(user=request.user, active=False)
                   .select_related("city")]
    return render(request, "reviews/queue.html", {"rows": rows, "out_of_pool": out_of_pool})


def _rating_open(a: Assignment) -> str:
    """'open', 'done' or '' for the expert's rating of the applicant (reviews.domain.ratings; Ordos 第二十五条)."""
    rule = ratings.rule_in(a.panel.cycle.rules, Role.EXPERT)
    if (rule is None or a.panel.stage != rule.after.value or a.state != Assignment.State.ACTIVE
            or not a.expert.active):
        return ""
    if a.rated:
        return "done"
    return "open" if a.stage_done and a.application.status != a.panel.stage else ""


@requires()
def declare(request, pk):
    """The assigned expert only: declare conflicts (and sign the pledge) before seeing anything."""
    assignment = _task(request, pk, "experts.declare")
    cycle = assignment.panel.cycle
    pledged = panels.has_pledged(assignment.expert, cycle)
    if request.method == "POST":
        choice = request.POST.get("conflict", "")
        try:
            if choice not in ("yes", "no"):
                raise panels.InvalidInput(_("请选择是否与申报方存在利害关系。"))
            panels.declare(assignment, request.user, has_conflict=choice == "yes",
                           note=request.POST.get("note", ""), pledge=request.POST.get("pledge") == "on")
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            if choice == "yes":
                messages.success(request, _("已记录您的回避申请，评审办公室将另行安排。"))
                return redirect("experts:queue")
            messages.success(request, _("已记录您的声明和保密承诺，现在可以查阅材料并评分。"))
            return redirect("experts:sheet", pk=assignment.pk)
    rules = cycle.rules
    return render(request, "reviews/declare.html", {
        "a": assignment, "pledged": pledged, "pledge_text": panels.PLEDGE_TEXT,
        "stage": staff_label(assignment.panel.stage, rules), "rules": rules,
        "lookback": rules.panel.conflict_lookback_years,
    })


def _assignment(pk) -> Assignment | None:
    """The assignment with what the experts' rules and the sheet need, in one query: panel, application, expert,
    sheet, and whether the expert still holds the expert permission (access.with_grant: no guardian queries)."""
    rows = Assignment.objects.select_related(
        "panel__cycle__rule_set", "panel__cycle__city", "expert", "application__organisation",
        "application__individual", "application__cycle__rule_set", "sheet",
    )
    return access.with_grant(rows, Role.EXPERT, user="expert__user", application="application").filter(pk=pk).first()


def _task(request, pk, action: str) -> Assignment:
    """The expert's own assignment, as far as `action` allows (experts.declare: any state; experts.review: active
    with the permission still held); anything else 404."""
    assignment = _assignment(pk)
    access.require(request.user, action, assignment)
    return assignment


@requires()
def materials(request, pk):
    """An active, non-conflicted assigned expert: the application's form and documents."""
    assignment = _task(request, pk, "experts.review")
    return render(request, "reviews/materials.html", {"a": assignment, **_materials(assignment.application)})


def _materials(application) -> dict:
    """What the materials page and the materials panel beside the sheet show: the documents and the form."""
    documents = Document.objects.filter(application=application, removed_at__isnull=True).order_by("kind", "pk")
    return {
        "app": application, "documents": documents, "award": application.award.name,
        "sections": forms_data.spec_for(application).sections(application.form_data or {}),
    }


def _changes_from_post(post, names) -> dict[str, scoring.Change]:
    """The fields of `names` that the request carries, each with the value the page loaded ('base-<name>')."""
    return {name: scoring.Change(post.get(name), post.get(f"base-{name}")) for name in names if name in post}


def _sheet_fields(scheme) -> list[str]:
    names = [scoring.field_name(prefix, i.code) for i in scheme.items for prefix in scoring.ITEM_FIELDS]
    return [*names, scoring.OPINION]


def _item_bands(item, bands, percent, choices) -> list[dict]:
    """The bands of one item with the points each gives it; `current`: the band its stored percentage is in;
    `hint`: what a click on the band says (the percentages the sheet offers in it, and the points)."""
    current = scoring_bands.band_of(percent)
    rows = []
    for n, b in enumerate(bands):
        low, high = b.points(item.points)
        offered = join_list(f"{p}%" for p in choices if b.holds(p))
        rows.append({"band": b, "points": (low, high), "current": n == current,
                     "hint": _("本段可选%(choices)s，得%(low)s–%(high)s分") % {
                         "choices": offered, "low": low, "high": high}})
    return rows


def _deadline(assignment, application) -> dict | None:
    """The stage's deadline in words: 截止 2026年12月10日（还剩5个工作日）; None when the stage has none."""
    if application.status != assignment.panel.stage or application.stage_deadline is None:
        return None
    today = timezone.localdate()
    calendar = WorkingDayCalendar.for_range(today, max(application.stage_deadline, today))
    due = queues.deadline_of(application, application.rules, today, calendar)
    if due.state == "overdue":
        left = _("已逾期")
    else:
        left = _("还剩%(n)s个工作日") % {"n": due.working_days_left}
    return {"text": _("截止 %(date)s（%(left)s）") % {"date": long_date(due.due), "left": left},
            "state": due.state, "citation": due.citation, "unconfirmed": due.unconfirmed}


def _render_sheet(request, assignment, own, scheme, *, kept=None, status=200):
    """The sheet page, the materials beside it; `kept`: what this request typed but could not save (shown next
    to the stored text). Each item shows the scoring bands of cities/scoring_bands.py for its kind."""
    scores = {i.item_code: i for i in own.items.all()}
    kept = kept or {}
    bands = {c.kind: scoring_bands.bands(c.kind) for c in scheme.categories}  # the texts once per kind
    categories = [
        {"c": c, "items": [{"item": i, "score": scores.get(i.code),
                            "bands": _item_bands(i, bands[c.kind], getattr(scores.get(i.code), "percent", None),
                                                 scheme.percent_choices),
                            "kept": {p: kept.get(scoring.field_name(p, i.code), "") for p in scoring.ITEM_FIELDS}}
                           for i in c.items]}
        for c in scheme.categories
    ]
    application = assignment.application
    scored = sum(1 for s in scores.values() if s.percent is not None)
    return render(request, "reviews/sheet.html", {
        **_materials(application),
        "a": assignment, "sheet": own, "scheme": scheme, "categories": categories,
        "total": scoring.total(scores.values()),
        "scored": scored, "item_count": len(scheme.items),
        "kinds": [{"kind": k, "bands": v} for k, v in bands.items() if k is not None],
        "band_source": scheme.bands.source if scheme.bands else "",
        "deadline": _deadline(assignment, application) if not own.submitted else None,
        "stage": staff_label(assignment.panel.stage, application.rules),
        "editable": not own.submitted and application.status == assignment.panel.stage,
        "missing": scoring.missing_items(own, scheme) if not scheme.report_only else [],
        "saved_at": _saved_at(own, scores.values()) if scores or own.opinion else None,
        "kept_opinion": kept.get(scoring.OPINION, ""),
        "messages_js": {
            "saving": _("正在保存…"), "saved": _("已自动保存"), "saved_at": _("保存于"),
            "failed": _("自动保存失败，请点击“保存”。"), "kept": _("您刚才输入、未能保存的内容："),
        },
    }, status=status)


def _saved_at(own, items):
    """When the sheet was last saved: an opinion save and the transactional save stamp the sheet, an item's
    autosave only its own row (scoring.save_fields)."""
    return max([own.updated_at, *(i.updated_at for i in items if i.updated_at)])


@requires()
def sheet(request, pk):
    """An active assigned expert: their own score sheet (save, submit); read-only once submitted."""
    assignment = _task(request, pk, "experts.review")
    own = scoring.sheet_for(assignment)
    scheme = schemes.load(own.scheme)
    if request.method == "POST":
        changes = _changes_from_post(request.POST, _sheet_fields(scheme))
        try:
            scoring.save_fields(own, request.user, changes)
            if request.POST.get("action") == "submit":
                scoring.submit(own, request.user)
                messages.success(request, _("评分表已提交。"))
                return redirect("experts:queue")
        except scoring.SheetConflict as exc:
            messages.error(request, exc.message)
            own.refresh_from_db()
            if exc.submitted:
                return redirect("experts:sheet", pk=assignment.pk)
            kept = {name: request.POST.get(name, "") for name in exc.stored}
            return _render_sheet(request, assignment, own, scheme, kept=kept, status=409)
        except TransitionError as exc:
            messages.error(request, exc.message)
            own.refresh_from_db()
        else:
            messages.success(request, _("已保存。"))
            return redirect("experts:sheet", pk=assignment.pk)
    return _render_sheet(request, assignment, own, scheme)


@requires()
@require_POST
def autosave(request, pk):
    """An active assigned expert: save one item's fields (or the opinion) as they type; only the fields the
    request carries are written. Answers JSON: 409 with the stored text when the sheet was submitted meanwhile
    or the field was saved elsewhere since the page loaded it."""
    assignment = _assignment(pk)
    verdict = access.check(request.user, "experts.score", assignment)
    if not verdict:
        return JsonResponse({"ok": False, "error": verdict.reason}, status=404)
    own = scoring.sheet_for(assignment)
    scheme = schemes.load(own.scheme)
    code = request.POST.get("code", "")
    if code == scoring.OPINION:
        names = [scoring.OPINION]
    else:
        names = [scoring.field_name(prefix, code) for prefix in scoring.ITEM_FIELDS]
    try:
        if code != scoring.OPINION and scheme.item(code) is None:
            raise scoring.InvalidInput(_("评分表中没有条款“%(code)s”。") % {"code": code})
        changes = _changes_from_post(request.POST, names)
        if not changes:
            raise scoring.InvalidInput(_("没有要保存的内容。"))
        saved = scoring.save_fields(own, request.user, changes)
    except scoring.SheetConflict as exc:
        return JsonResponse({"ok": False, "error": exc.message, "stored": exc.stored,
                             "submitted": exc.submitted, "conflict": True}, status=409)
    except TransitionError as exc:
        return JsonResponse({"ok": False, "error": exc.message}, status=400)
    row = next((i for i in saved.items if i.item_code == code), None)
    return JsonResponse({
        "ok": True,
        "values": saved.values,
        "points": str(row.points) if row and row.points is not None else "",
        "total": str(scoring.total(saved.items)),
        "scored": sum(1 for i in saved.items if i.percent is not None),
        "saved_at": timezone.localtime(saved.saved_at).strftime("%H:%M:%S"),
    })


@requires()
def profile(request):
    """An expert: their own pool entries (jobs with years, declared relations); they may declare a relation."""
    own = list(Expert.objects.filter(user=request.user).select_related("city")
               .prefetch_related("employments", "relations").order_by("city__code"))
    access.require(request.user, "experts.profile", own)
    form = {k: request.POST.get(k, "") for k in ("expert", "organisation_name", "credit_code", "relation")}
    if request.method == "POST":
        expert = next((e for e in own if str(e.pk) == form["expert"]), own[0] if len(own) == 1 else None)
        try:
            if expert is None:
                raise panels.InvalidInput(_("请选择城市。"))
            panels.declare_relation(expert, request.user, organisation_name=form["organisation_name"],
                                   relation=form["relation"], credit_code=form["credit_code"])
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已记录您申报的利害关系，系统分配评审任务时将据此回避；"
                                        "现有评审任务中与之冲突的已关闭并收回查阅权限，评审办公室已收到通知。"))
            return redirect("experts:profile")
    return render(request, "reviews/profile.html", {"own": own, "form": form})
