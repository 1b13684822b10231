"""The recommender unit's work: check what was sent to it, recommend or return, publicise locally first
where the city's rules put a local_publicity stage after the recommendation (its period from the rules).

Local publicity reuses the one Publicity/Objection mechanism (awards.domain.publicity): the unit
publishes, the public may object on /publicity/, the advance guard waits for the period's end and
for open objections to be dealt with; after a sustained objection the unit may not recommend, and ends the
application with `decline` (or returns it to the applicant to correct and apply again).
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from core.errors import InvalidInput, TransitionDenied
from core.i18n import join_list

from ..models import Application, AuditEntry, Objection, Publicity, RecommenderUnit
from ..workflow import Status, route
from . import lifecycle, publicity

WORKING = (Status.RECOMMENDATION, Status.LOCAL_PUBLICITY)


def applications_for(user):
    """Applications sent to the user's recommender units that reached them (submitted at least once)."""
    return (
        Application.objects.for_recommender(user).with_rules()
        .select_related("organisation", "individual", "recommender")
        .order_by("-submitted_at", "-pk")
    )


def get_for(user, pk: int) -> Application | None:
    """One application, only if sent to one of the user's units and the user holds the recommender role on it."""
    application = applications_for(user).filter(pk=pk).first()
    if application is None or not user.has_perm("awards.act_as_recommender", application):
        return None
    return application


def local_publicity_follows(application: Application) -> bool:
    """True where the city's route has a local publicity stage right after the recommender's check."""
    kinds = [s.kind.value for s in route(application.rules, application.applicant_kind)]
    return Status.LOCAL_PUBLICITY in kinds


def local_publicity_since(application: Application):
    """When the application last entered the local publicity stage (None if it never did, or no record)."""
    if application.status == Status.LOCAL_PUBLICITY:
        return application.stage_entered_at
    return (
        AuditEntry.objects.filter(application=application, to_state=Status.LOCAL_PUBLICITY)
        .order_by("-created_at", "-pk").values_list("created_at", flat=True).first()
    )


def local_publicity_of(application: Application) -> Publicity | None:
    """The local publicity of the application's latest pass through the stage: one published before a return to
    the applicant and resubmission does not count, so the resubmitted application is publicised again."""
    found = Publicity.objects.filter(entries__application=application, stage=Status.LOCAL_PUBLICITY)
    since = local_publicity_since(application)
    if since is not None:
        found = found.filter(published_at__gte=since)
    return found.order_by("-starts_on", "-pk").first()


def sustained_objections(application: Application):
    """Sustained objections to the application's current local publicity."""
    local = local_publicity_of(application)
    return Objection.objects.filter(
        entry__application=application, entry__publicity=local, outcome=Objection.Outcome.SUSTAINED,
    ) if local is not None else Objection.objects.none()


def _check_mine(application: Application, actor):
    if get_for(actor, application.pk) is None:
        raise TransitionDenied(_("该申报未报送至您所在的推荐单位。"))


def recommend(application: Application, actor, *, opinion: str):
    """Pass the recommender's stage: the check (into local publicity where the rules have it) or, after the
    local publicity, issue the recommendation (into the office's eligibility check)."""
    _check_mine(application, actor)
    if application.status not in WORKING:
        raise InvalidInput(_("该申报当前不在推荐单位处理阶段。"))
    opinion = (opinion or "").strip()
    if not opinion:
        raise InvalidInput(_("请填写推荐（审核）意见。"))
    if application.status == Status.LOCAL_PUBLICITY:
        if local_publicity_of(application) is None:
            stage = application.rules.stage(Status.LOCAL_PUBLICITY)
            raise InvalidInput(_("须先进行推荐单位公示（%(article)s），公示期满且无异议后方可推荐。")
                               % {"article": stage.article})
        if sustained_objections(application).exists():
            raise InvalidInput(_("公示期间有异议经查属实，不能推荐。"))
    return lifecycle.perform(application, "advance", actor, reason=opinion)


def return_to_applicant(application: Application, actor, *, reason: str):
    _check_mine(application, actor)
    return lifecycle.perform(application, "return_to_applicant", actor, reason=reason)


def decline(application: Application, actor, *, reason: str):
    """Do not recommend: the application ends as not selected at the unit's stage, with the unit's reasons
    (e.g. a sustained objection to its local publicity, 武汉 第十七条). The applicant is told why."""
    _check_mine(application, actor)
    if application.status not in WORKING:
        raise InvalidInput(_("该申报当前不在推荐单位处理阶段。"))
    article = ""
    if sustained_objections(application).exists():
        article = application.rules.stage(Status.LOCAL_PUBLICITY).article
    return lifecycle.perform(application, "decline_recommendation", actor, reason=reason, article=article)


def start_local_publicity(unit: RecommenderUnit, applications: list[Application], actor) -> Publicity:
    """Publish the unit's local publicity for applications in the local publicity stage (length from the rules)."""
    if not unit.group.user_set.filter(pk=actor.pk).exists():
        raise TransitionDenied(_("您不是该推荐单位的用户。"))
    if not applications:
        raise InvalidInput(_("请选择要公示的申报。"))
    cycles = {a.cycle_id for a in applications}
    if len(cycles) != 1:
        raise InvalidInput(_("一次公示只能包含同一评定周期的申报。"))
    for application in applications:
        if application.recommender_id != unit.pk:
            raise TransitionDenied(_("申报%(ref)s未报送至本单位。") % {"ref": application.reference})
        if local_publicity_of(application) is not None:
            raise InvalidInput(_("申报%(ref)s已经公示过。") % {"ref": application.reference})
    cycle = applications[0].cycle
    awards = dict.fromkeys(cycle.rules.title_of(a.award_kind) for a in applications)  # the awards' own titles, once
    return publicity.publish(
        cycle=cycle, stage=Status.LOCAL_PUBLICITY, applications=applications, actor=actor, recommender=unit,
        title=_("%(unit)s关于推荐%(cycle)s%(award)s申报对象的公示")
        % {"unit": unit.name, "cycle": cycle, "award": join_list(awards)},
    )


def counts_by_status(user) -> dict[str, int]:
    rows = applications_for(user).order_by().values("status").annotate(n=Count("pk"))
    return {r["status"]: r["n"] for r in rows}

