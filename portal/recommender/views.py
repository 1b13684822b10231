"""The recommender unit's pages: its queue, one application, recommend/return, local publicity.

Who: users in a RecommenderUnit.group, for applications sent to that unit (Application.recommender)
and on which the unit holds the recommender object permission. Anything else is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, F
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.domain import access, documents, forms_data, publicity, recommendation
from awards.models import Application, AuditEntry, Objection, Publicity, PublicityEntry
from awards.workflow import Status, staff_label
from cities.schema import PeriodKey
from core.errors import TransitionError
from portal.decorators import requires
from portal.shared.pages import ACTION_WORDS


@requires("recommender.pages")
def queue(request):
    """Recommender unit users: the applications sent to their units, and their local publicities."""
    units = access.recommender_units(request.user)
    rows = []
    for app in recommendation.applications_for(request.user):
        rows.append({"app": app, "award": app.award.name, "label": staff_label(app.status, app.rules),
                     "todo": app.status in recommendation.WORKING})
    publicities = (
        Publicity.objects.filter(recommender__in=units)
        .select_related("cycle__city", "recommender")
        .annotate(entry_count=Count("entries", distinct=True), objection_count=Count("entries__objections"))
        .order_by("-starts_on", "-pk")
    )
    today = timezone.localdate()
    pub_rows = [{"p": p, "open": publicity.is_open(p, today), "ended": p.ends_on < today} for p in publicities]
    published_ids = set(PublicityEntry.objects.filter(  # a publicity before a return and resubmission does not count
        publicity__stage=Status.LOCAL_PUBLICITY, application__recommender__in=units,
        application__status=Status.LOCAL_PUBLICITY, publicity__published_at__gte=F("application__stage_entered_at"),
    ).values_list("application_id", flat=True))
    to_publish = [r for r in rows if r["app"].status == Status.LOCAL_PUBLICITY and r["app"].pk not in published_ids]
    return render(request, "recommender/queue.html", {
        "units": units, "todo": [r for r in rows if r["todo"]], "done": [r for r in rows if not r["todo"]],
        "publicities": pub_rows, "to_publish": to_publish,
    })


def _app_or_404(request, pk) -> Application:
    """An application sent to one of the user's units (403 for users of no unit, 404 for any other)."""
    app = (Application.objects.with_rules().select_related("organisation", "individual", "recommender")
           .filter(pk=pk).first())
    access.require(request.user, "recommender.application", app)
    return app


@requires()
def detail(request, pk):
    """Recommender unit users: one application sent to their unit, read-only, with its actions."""
    app = _app_or_404(request, pk)
    rules = app.rules
    spec = forms_data.spec_for(app)
    values = forms_data.initial_values(app)
    local = recommendation.local_publicity_of(app)
    # Every objection to the unit's local publicities of this application (an earlier pass included: one left
    # open there would still hold the application), each resolvable here while open (武汉 第十七条).
    objections = list(
        Objection.objects.filter(entry__application=app, entry__publicity__stage=Status.LOCAL_PUBLICITY,
                                 entry__publicity__recommender=app.recommender_id)
        .select_related("entry__publicity").order_by("filed_at", "pk")
    )
    stage = rules.stage(app.status)
    follows = recommendation.local_publicity_follows(app)
    history = [{"e": e, "action": ACTION_WORDS.get(e.action, e.action), "to": staff_label(e.to_state, rules)}
               for e in AuditEntry.objects.filter(application=app).select_related("actor").order_by("created_at", "pk")]
    today = timezone.localdate()
    return render(request, "recommender/detail.html", {
        "app": app, "rules": rules, "award": app.award, "label": staff_label(app.status, rules),
        "stage": stage, "sections": spec.sections(values), "spec": spec, "values": values,
        "declaration": _declarations(app, spec, values),
        "documents": documents.live_documents(app), "history": history,
        "local": local, "local_open": local is not None and publicity.is_open(local, today),
        "local_ended": local is not None and local.ends_on < today, "objections": objections,
        "sustained": any(o.outcome == Objection.Outcome.SUSTAINED and o.entry.publicity_id == getattr(local, "pk", None)
                         for o in objections),
        "follows": follows, "local_period": rules.period(PeriodKey.LOCAL_PUBLICITY),
        "local_stage": rules.stage(Status.LOCAL_PUBLICITY),
        "can_act": app.status in recommendation.WORKING,
    })


@requires()
@require_POST
def act(request, pk):
    """Recommend (pass the stage), return to the applicant, or decline to recommend (ends it), with reasons."""
    app = _app_or_404(request, pk)
    try:
        if request.POST.get("action") == "return":
            recommendation.return_to_applicant(app, request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("已退回申报人，退回理由将通知申报人。"))
        elif request.POST.get("action") == "decline":
            recommendation.decline(app, request.user, reason=request.POST.get("decline_reason", ""))
            messages.success(request, _("已作出不予推荐的决定，理由将通知申报人。"))
        elif request.POST.get("action") == "recommend":
            recommendation.recommend(app, request.user, opinion=request.POST.get("opinion", ""))
            messages.success(request, _("已处理：%(label)s。") % {"label": staff_label(app.status, app.rules)})
        else:
            messages.error(request, _("请选择“推荐”“退回”或“不予推荐”。"))
    except TransitionError as exc:
        messages.error(request, exc.message)
    return redirect("recommender:detail", pk=app.pk)


@requires()
@require_POST
def publish(request):
    """Start the unit's local publicity for the chosen applications (length from the city's rules)."""
    access.require(request.user, "recommender.pages")
    units = access.recommender_units(request.user)
    ids = [i for i in map(forms_data.as_id, request.POST.getlist("applications")) if i]
    apps = [a for a in recommendation.applications_for(request.user).filter(pk__in=ids)]
    unit = next((u for u in units if apps and u.pk == apps[0].recommender_id), None)
    back = request.POST.get("back") or ""
    try:
        if unit is None:
            raise TransitionError(_("请选择要公示的申报。"))
        notice = recommendation.start_local_publicity(unit, apps, request.user)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("公示已发布：%(start)s至%(end)s（%(article)s）。公众可在“公示公告”中提出异议。")
                         % {"start": f"{notice.starts_on:%Y年%m月%d日}", "end": f"{notice.ends_on:%Y年%m月%d日}",
                            "article": notice.article})
    if forms_data.as_id(back):
        return redirect("recommender:detail", pk=forms_data.as_id(back))
    return redirect("recommender:queue")



@requires()
@require_POST
def resolve_objection(request, pk, objection_pk):
    """The unit that published the local publicity: record an objection's outcome (成立/不成立) with reasons."""
    app = _app_or_404(request, pk)
    objection = (Objection.objects.select_related("entry__publicity")
                 .filter(pk=objection_pk, entry__application=app).first())
    access.require(request.user, "recommender.objection", objection)
    outcome = request.POST.get("outcome", "")
    try:
        if outcome not in ("sustained", "dismissed"):
            raise TransitionError(_("请选择处理结果：异议成立或异议不成立。"))
        publicity.resolve_objection(objection, sustained=outcome == "sustained",
                                    resolution=request.POST.get("resolution", ""), actor=request.user)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("异议已处理：%(outcome)s。处理结果将在公示页面公开，供异议人查询。")
                         % {"outcome": _("异议成立") if outcome == "sustained" else _("异议不成立")})
    return redirect("recommender:detail", pk=app.pk)


def _declarations(app, spec, values) -> list[dict]:
    """The declarations signed at the latest submission (each with its text and article as signed); for an
    application submitted before they were stored, the boxes of its form."""
    exclusions = {d.key for d in spec.declaration}  # the pledge of truthfulness is not one of the exclusions
    signed = [d for d in forms_data.signed_declarations(app) if d.key in exclusions]
    if signed:
        return [{"item": d, "checked": True} for d in signed]
    return [{"item": d, "checked": values.get(d.key) == "on"} for d in spec.declaration]
