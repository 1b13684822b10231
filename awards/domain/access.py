"""Who may see and do what: the role questions, one permission table, and the object permissions behind them.

- Role questions (is_office, office_cities, is_applicant, ...) read the user's groups: a city's role groups
  (city_group(city, role)), organisations' groups and recommender units' groups.
- PERMISSIONS maps an action a page names ("office.application") to a small predicate answering
  (user, object) with a Verdict: allowed, or the Chinese reason the user is shown and whether the row is
  hidden (404: its existence is not revealed) or refused (403). Pages call require(user, action, obj).
  Reviews adds the rules that need its own data through register().
- Object permissions (django-guardian) are granted to groups when an application is submitted.
Inside remembering() (the portal wraps every request in it) each role question is asked once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm

from cities.models import City
from cities.schema import ApplicantKind, Role

from ..models import Application, CityRoleGroup, Individual, Organisation, RecommenderUnit
from ..workflow import ROLE_PERMISSIONS, Status
from . import documents

VIEW = "awards.view_application"
CHANGE = "awards.change_application"

APPLICANT_PERMS = [VIEW, CHANGE, "awards.act_as_applicant"]
RECOMMENDER_PERMS = [VIEW, "awards.act_as_recommender"]
OFFICE_PERMS = [VIEW, "awards.act_as_office", "awards.view_confidential"]
COMMITTEE_PERMS = [VIEW, "awards.act_as_committee"]
SUPERVISOR_PERMS = [VIEW]

CITY_ROLES = {Role.OFFICE: OFFICE_PERMS, Role.COMMITTEE: COMMITTEE_PERMS, Role.SUPERVISOR: SUPERVISOR_PERMS}


# -- verdicts ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """The answer to "may this user…": allowed, or the reason shown to the user (403, or 404 when hidden)."""

    allowed: bool
    reason: str = ""
    hidden: bool = False

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)
Predicate = Callable[[Any, Any], Verdict]


def narrowed(verdict: Verdict, allowed: bool, reason: str) -> Verdict:
    """A wider verdict narrowed by one more condition: its own refusal first, else `reason` if not `allowed`."""
    if verdict and not allowed:
        return refuse(reason)
    return verdict


def refuse(reason: str) -> Verdict:
    """Denied, saying why (403)."""
    return Verdict(False, str(reason))


def hide(reason: str) -> Verdict:
    """Denied as if the row did not exist (404): URL guessing reveals nothing."""
    return Verdict(False, str(reason), hidden=True)


# -- remembered per request --------------------------------------------------------------------
_remembered: ContextVar[dict | None] = ContextVar("access_remembered", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Within this block each role question is answered once per user (one request: roles do not change)."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def _remember(key: tuple, compute: Callable[[], Any]) -> Any:
    memo = _remembered.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


# -- who is who ---------------------------------------------------------------------------------
def is_signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def memberships(user) -> list[CityRoleGroup]:
    """The user's roles in cities (office, committee, supervisor, ...), with the city. One query."""
    if not is_signed_in(user):
        return []
    return _remember(("memberships", user.pk), lambda: list(
        CityRoleGroup.objects.filter(group__user=user).select_related("city").order_by("city__code", "pk")
    ))


def has_role(user, city: City | int, role: Role) -> bool:
    """The user belongs to the group holding `role` in this city (deny by default)."""
    city_id = getattr(city, "pk", city)
    return any(m.city_id == city_id and m.role == role for m in memberships(user))


def is_office(user, city: City | int) -> bool:
    return has_role(user, city, Role.OFFICE)


def is_committee(user, city: City | int) -> bool:
    return has_role(user, city, Role.COMMITTEE)


def is_supervisor(user, city: City | int) -> bool:
    """The city's supervisors (Role.SUPERVISOR) may read the lists, never act."""
    return has_role(user, city, Role.SUPERVISOR)


def cities_with(user, roles) -> list[City]:
    """The cities where the user holds any of `roles`, by code."""
    found = {m.city_id: m.city for m in memberships(user) if m.role in roles}
    return sorted(found.values(), key=lambda c: c.code)


def office_cities(user) -> list[City]:
    """The cities whose office group this user belongs to (none for anyone else)."""
    return cities_with(user, {Role.OFFICE})


# The header's role questions answered from the user's own row: portal.security.SignInBackend loads the
# session's user with role_annotations() in the query that loads it, so a page's header asks no query for them.
# A user loaded otherwise (no attribute) asks the database, once per request (remembering).
IS_APPLICANT = "_access_is_applicant"
IN_RECOMMENDER_UNIT = "_access_in_recommender_unit"


def role_annotations() -> dict:
    """Annotations for a User queryset: IS_APPLICANT (is_applicant) and IN_RECOMMENDER_UNIT (is_recommender)."""
    user = OuterRef("pk")
    return {
        IS_APPLICANT: Exists(Organisation.objects.filter(group__user=user))
        | Exists(Individual.objects.filter(user=user)),
        IN_RECOMMENDER_UNIT: Exists(RecommenderUnit.objects.filter(group__user=user)),
    }


def answered(row, attribute: str, ask: Callable[[], Any]) -> bool:
    """A yes/no question answered by the annotation `attribute` when the query that loaded `row` carried it
    (role_annotations, with_grant, portal.security.SignInBackend), else by ask()."""
    known = getattr(row, attribute, None)
    return bool(ask()) if known is None else bool(known)


def is_applicant(user) -> bool:
    """A member of an applicant organisation, or a registered individual applicant."""
    if not is_signed_in(user):
        return False
    return answered(user, IS_APPLICANT, lambda: _remember(("applicant", user.pk), lambda: (
        Organisation.objects.filter(group__user=user).exists() or Individual.objects.filter(user=user).exists()
    )))


def recommender_units(user) -> list[RecommenderUnit]:
    """The recommender units whose group the user belongs to."""
    if not is_signed_in(user):
        return []
    return _remember(("recommender_units", user.pk), lambda: list(
        RecommenderUnit.objects.filter(group__user=user).select_related("city")
    ))


def is_recommender(user) -> bool:
    """The user belongs to a recommender unit's group (recommender_units() lists them)."""
    if not is_signed_in(user):
        return False
    return bool(answered(user, IN_RECOMMENDER_UNIT, lambda: recommender_units(user)))


def is_member_of(user, organisation: Organisation) -> bool:
    return is_signed_in(user) and user.groups.filter(pk=organisation.group_id).exists()


def is_applicant_of(user, application: Application) -> bool:
    """One of the application's applicants: a member of its organisation, or the individual."""
    if application.organisation_id:
        return is_member_of(user, application.organisation)
    return is_signed_in(user) and application.individual.user_id == user.pk


# Roles a person holds only by being that person (an applicant's member, the assigned expert): a superuser's
# blanket permission does not make them one, so nobody can submit, score or sign as someone they are not.
PERSONAL_ROLES = frozenset({Role.APPLICANT, Role.EXPERT})


def holds(user, role: Role, application) -> bool:
    """The user holds `role`'s object permission on the application (perform and the pages ask this).

    For the personal roles only a permission really granted to the user or one of their groups counts, never
    is_superuser; the audit trail then names the role the actor really holds."""
    if not is_signed_in(user):
        return False
    perm = ROLE_PERMISSIONS[role]
    if role in PERSONAL_ROLES:
        return documents.granted(user, perm, application)
    return user.has_perm(perm, application)


def granted_attribute(role: Role) -> str:
    """The name of the annotation with_grant() puts on each row for `role`."""
    return f"granted_{role.value}"


def with_grant(queryset: QuerySet, role: Role, *, user: str, application: str) -> QuerySet:
    """Each row annotated (granted_attribute(role)) with whether the user at the path `user` really holds `role`'s
    object permission on the application at the path `application` (its id): guardian's own permission rows, the
    user's or one of their groups', so a predicate answers `holds` from the row instead of guardian's two queries.
    Only for the personal roles (no blanket permission counts for them); whether that user is the one asking
    and is active is still the predicate's question."""
    if role not in PERSONAL_ROLES:
        raise ValueError(f"with_grant answers the personal roles only, not {role}")
    codename = ROLE_PERMISSIONS[role].split(".", 1)[1]
    meta = Application._meta
    on_application = {
        "permission__codename": codename,
        "permission__content_type__app_label": meta.app_label, "permission__content_type__model": meta.model_name,
        "content_type__app_label": meta.app_label, "content_type__model": meta.model_name,
        "object_pk": Cast(OuterRef(application), CharField()),
    }
    own = UserObjectPermission.objects.filter(user=OuterRef(user), **on_application)
    groups = GroupObjectPermission.objects.filter(group__user=OuterRef(user), **on_application)
    return queryset.annotate(**{granted_attribute(role): Exists(own) | Exists(groups)})


def _holds_by_row(user, role: Role, application, row) -> bool:
    """holds(), answered from `row`'s with_grant annotation when it has one (the row's user must be `user`: the
    caller checked), else asked of guardian."""
    return is_signed_in(user) and answered(row, granted_attribute(role), lambda: holds(user, role, application))


# -- the predicates ------------------------------------------------------------------------------
def _has(user, role: Role, application) -> bool:
    return holds(user, role, application)


def own_notice(user, notice) -> Verdict:
    """A notice in the user's own inbox; anyone else's: as if it did not exist."""
    if notice is None or not is_signed_in(user) or notice.recipient_id != user.pk:
        return hide(_("没有这条通知。"))
    return ALLOWED


def own_application(user, application) -> Verdict:
    """The application's applicants (object permission); anyone else: as if it did not exist."""
    if application is None or not _has(user, Role.APPLICANT, application):
        return hide(_("没有这份申报。"))
    return ALLOWED


def own_organisation(user, organisation) -> Verdict:
    """The organisation's own users (its profile: industry and GB/T 4754 section); anyone else: as if none."""
    if organisation is None or not is_member_of(user, organisation):
        return hide(_("没有这个单位。"))
    return ALLOWED


def decide_join_request(user, join) -> Verdict:
    """Existing members of the organisation decide who joins it."""
    if join is None or not is_member_of(user, join.organisation):
        return hide(_("没有这条加入申请。"))
    return ALLOWED


def start_application(user, cycle) -> Verdict:
    """An organisation of the user, or the user as an individual, of the cycle's city — or of anywhere, where the
    cycle's rules do not require applicants of that kind to be registered or to work in the city (Ordos 第十一条)."""
    if not is_signed_in(user):
        return hide(_("您没有可在该城市申报的单位或个人身份。"))
    eligibility = cycle.rules.eligibility
    local = {kind: (rule is None or rule.value) for kind in ApplicantKind
             for rule in [eligibility.local_requirement(kind)]}
    orgs = Organisation.objects.filter(group__user=user)
    people = Individual.objects.filter(user=user)
    if ((orgs.filter(city_id=cycle.city_id) if local[ApplicantKind.ORGANISATION] else orgs).exists()
            or (people.filter(city_id=cycle.city_id) if local[ApplicantKind.INDIVIDUAL] else people).exists()):
        return ALLOWED
    return hide(_("您没有可在该城市申报的单位或个人身份。"))


def open_document(user, document) -> Verdict:
    """Anyone who may view the application; a trade or technical secret, only those documents.can_open names."""
    if document is None or not (is_signed_in(user) and documents.granted(user, VIEW, document.application)):
        return hide(_("没有这份材料。"))
    if document.removed_at is not None:
        return hide(_("该材料已被申报人删除。"))
    if not documents.can_open(user, document):
        return refuse(_("该材料标注为商业秘密或技术秘密，仅评审办公室和指派的评审专家可以查阅。"))
    return ALLOWED


def read_self_assessment(user, application) -> Verdict:
    """The online 自评报告 (its PDF): the application's applicants and whoever may view the application (its
    recommender, the city's office, committee, supervisors, the assigned experts); anyone else: as if it did not
    exist."""
    if application is not None and (_has(user, Role.APPLICANT, application)
                                    or (is_signed_in(user) and documents.granted(user, VIEW, application))):
        return ALLOWED
    return hide(_("没有这份申报。"))


def read_formal_notice(user, notice) -> Verdict:
    """The applicant of that application and the office of its city; nobody else."""
    if notice is not None and is_signed_in(user):
        application = notice.application
        if is_applicant_of(user, application) or is_office(user, application.cycle.city_id):
            return ALLOWED
    return hide(_("没有这份文书。"))


def recommender_pages(user, _obj=None) -> Verdict:
    if not recommender_units(user):
        return refuse(_("只有推荐单位的用户可以使用此页面。"))
    return ALLOWED


def recommender_application(user, application) -> Verdict:
    """An application sent to one of the user's units, submitted at least once, with the recommender permission."""
    verdict = recommender_pages(user)
    if not verdict:
        return verdict
    units = {u.pk for u in recommender_units(user)}
    if (application is None or application.recommender_id not in units or application.submitted_at is None
            or not _has(user, Role.RECOMMENDER, application)):
        return hide(_("没有这份申报，或该申报未报送至您所在的推荐单位。"))
    return ALLOWED


def recommender_objection(user, objection) -> Verdict:
    """Objections to a local publicity, for the unit that published it."""
    if objection is None or objection.entry.publicity.recommender_id not in {u.pk for u in recommender_units(user)}:
        return hide(_("没有这条异议。"))
    return ALLOWED


def _office_somewhere(reason) -> Predicate:
    """Pages for the office staff of any city, with the page's own refusal."""

    def predicate(user, _obj=None) -> Verdict:
        return ALLOWED if office_cities(user) else refuse(reason)

    return predicate


office_pages = _office_somewhere(gettext_lazy("仅评审办公室工作人员可以访问。"))
expert_pool = _office_somewhere(gettext_lazy("只有评审办公室可以管理专家库。"))
form_panels = _office_somewhere(gettext_lazy("只有评审办公室可以组建评审组。"))


def office_city(user, city) -> Verdict:
    if city is None or not is_office(user, city):
        return refuse(_("您不是该城市评审办公室的工作人员。"))
    return ALLOWED


def office_application(user, application) -> Verdict:
    """An application of one of the user's cities, past the draft stage."""
    if application is None or application.status == Status.DRAFT or not is_office(user, application.cycle.city_id):
        return hide(_("没有这份申报。"))
    return ALLOWED


def office_notice(user, notice) -> Verdict:
    """A notice about an application of one of the user's cities (to queue its e-mail again)."""
    if notice is None or notice.application_id is None or not is_office(user, notice.application.cycle.city_id):
        return hide(_("没有这条通知。"))
    return ALLOWED


def office_objection(user, objection) -> Verdict:
    if objection is None or not is_office(user, objection.entry.publicity.cycle.city_id):
        return hide(_("没有这条异议。"))
    return ALLOWED


def office_review(user, city) -> Verdict:
    """The review pages of one city (a panel, results, survey, comments): its office only."""
    if not is_office(user, city):
        return refuse(_("只有本市评审办公室可以使用此页面。"))
    return ALLOWED


def ranking_index(user, cycles) -> Verdict:
    """`cycles`: those of the cities where the user is office or supervisor."""
    if not cycles:
        return refuse(_("只有评审办公室和监督人员可以查看综合评价。"))
    return ALLOWED


def read_ranking(user, cycle) -> Verdict:
    if not (is_office(user, cycle.city_id) or is_supervisor(user, cycle.city_id)):
        return refuse(_("只有本市评审办公室和监督人员可以查看综合评价。"))
    return ALLOWED


def decide_ranking(user, cycle) -> Verdict:
    """Confirming a list or changing weights: the city's office (supervisors read only)."""
    return narrowed(read_ranking(user, cycle), is_office(user, cycle.city_id),
                    _("只有本市评审办公室可以确认名单或调整权重。"))


def committee_index(user, cycles) -> Verdict:
    """`cycles`: those of the cities where the user is office, committee member or supervisor."""
    if not cycles:
        return refuse(_("只有评审办公室和评审委员会委员可以查看审议名单。"))
    return ALLOWED


def _committee_refusal() -> Verdict:
    return refuse(_("只有本市评审办公室和评审委员会委员可以查看审议名单。"))


def read_sitting(user, cycle) -> Verdict:
    """The city's office and committee members; its supervisors read too."""
    city = cycle.city_id
    if is_office(user, city) or is_committee(user, city) or is_supervisor(user, city):
        return ALLOWED
    return _committee_refusal()


def take_part_in_sitting(user, cycle) -> Verdict:
    """Posting to the sitting: the city's office and committee members (never supervisors)."""
    if is_office(user, cycle.city_id) or is_committee(user, cycle.city_id):
        return ALLOWED
    return _committee_refusal()


def convene_sitting(user, cycle) -> Verdict:
    return narrowed(take_part_in_sitting(user, cycle), is_office(user, cycle.city_id),
                    _("只有本市评审办公室可以召集会议。"))


def vote(user, cycle) -> Verdict:
    return narrowed(take_part_in_sitting(user, cycle), is_committee(user, cycle.city_id),
                    _("只有评审委员会委员可以投票。"))


def count_votes(user, cycle) -> Verdict:
    return narrowed(take_part_in_sitting(user, cycle), is_office(user, cycle.city_id),
                    _("只有本市评审办公室可以计票。"))


def _own_task(user, assignment) -> bool:
    return assignment is not None and is_signed_in(user) and assignment.expert.user_id == user.pk


def _active_task(user, assignment) -> bool:
    """Declared without a conflict (active), and the expert permission on the application still held (from the
    assignment's own row when it was loaded with_grant(…, Role.EXPERT, user="expert__user", …): no more queries)."""
    return (_own_task(user, assignment) and assignment.state == type(assignment).State.ACTIVE
            and _holds_by_row(user, Role.EXPERT, assignment.application, assignment))


def _out_of_pool(user, assignment) -> bool:
    """The expert's own task, but the expert left the pool (disqualified: reviews.domain.sanctions)."""
    return _own_task(user, assignment) and not assignment.expert.active


OUT_OF_POOL = gettext_lazy("您已被取消评审资格（或已不在本市评审专家库中），不能再参加评审任务；"
                           "原有任务已移交其他专家。详情见“评审任务”页面。")


def declare_task(user, assignment) -> Verdict:
    """The assigned expert's own task, in any state (the declaration page shows the applicant's name only)."""
    if _out_of_pool(user, assignment):
        return refuse(OUT_OF_POOL)
    return ALLOWED if _own_task(user, assignment) else hide(_("没有这项评审任务。"))


def review_task(user, assignment) -> Verdict:
    """Materials and the sheet: the expert's own active task."""
    if _out_of_pool(user, assignment):
        return refuse(OUT_OF_POOL)
    return ALLOWED if _active_task(user, assignment) else hide(_("没有这项评审任务，或您尚未作出回避声明。"))


def score_task(user, assignment) -> Verdict:
    """The sheet's autosave: the expert's own active task."""
    if _out_of_pool(user, assignment):
        return refuse(OUT_OF_POOL)
    return ALLOWED if _active_task(user, assignment) else hide(_("没有这项评审任务。"))


def expert_profile(user, own_entries) -> Verdict:
    """`own_entries`: the user's entries in the cities' expert pools."""
    return ALLOWED if own_entries else hide(_("您不在任何城市的评审专家库中。"))


def read_consensus(user, role: str | None) -> Verdict:
    """`role`: reviews.domain.consensus.viewer_role. The panel's experts once they submitted, and the office."""
    if role is None:
        return hide(_("没有这项评审。"))
    if role == "pending":
        return refuse(_("请先提交您本人的评分表，提交后才能看到其他专家的评分。"))
    return ALLOWED


def record_consensus(user, role: str | None) -> Verdict:
    return narrowed(read_consensus(user, role), role == "leader", _("只有评审组组长可以记录共识评分。"))



PERMISSIONS: dict[str, Predicate] = {
    # everyone signed in
    "inbox.notice": own_notice,
    # applicants
    "applicant.application": own_application,
    "applicant.join_request": decide_join_request,
    "applicant.organisation": own_organisation,
    "applicant.start": start_application,
    "applicant.document": open_document,
    "applicant.formal_notice": read_formal_notice,
    "applicant.self_assessment": read_self_assessment,
    # recommender units
    "recommender.pages": recommender_pages,
    "recommender.application": recommender_application,
    "recommender.objection": recommender_objection,
    # the office
    "office.pages": office_pages,
    "office.city": office_city,
    "office.application": office_application,
    "office.notice": office_notice,
    "office.objection": office_objection,
    "office.experts": expert_pool,
    "office.panels": form_panels,
    "office.review": office_review,
    # the ranking (office decides, supervisors read)
    "ranking.index": ranking_index,
    "ranking.read": read_ranking,
    "ranking.decide": decide_ranking,
    # the committee's sitting
    "committee.index": committee_index,
    "committee.read": read_sitting,
    "committee.take_part": take_part_in_sitting,
    "committee.convene": convene_sitting,
    "committee.vote": vote,
    "committee.count": count_votes,
    # experts
    "experts.declare": declare_task,
    "experts.review": review_task,
    "experts.score": score_task,
    "experts.profile": expert_profile,
    "experts.consensus": read_consensus,
    "experts.record_consensus": record_consensus,
}


def register(action: str, predicate: Predicate) -> Predicate:
    """Add a rule that needs an upper floor's data (reviews registers the feedback report's)."""
    PERMISSIONS[action] = predicate
    return predicate


def check(user, action: str, obj=None) -> Verdict:
    """The verdict of the table for this user, action and object. An unknown action is a programming error."""
    return PERMISSIONS[action](user, obj)


def require(user, action: str, obj=None) -> None:
    """Raise Http404 (hidden) or PermissionDenied (refused) with the reason, unless the table allows it."""
    verdict = check(user, action, obj)
    if verdict.allowed:
        return
    if verdict.hidden:
        raise Http404(verdict.reason)
    raise PermissionDenied(verdict.reason)


# -- object permissions, granted to groups --------------------------------------------------------
def city_group(city: City, role: Role) -> Group:
    """The group holding one role in one city, created on first use."""
    found = CityRoleGroup.objects.select_related("group").filter(city=city, role=role).first()
    if found:
        return found.group
    group, _created = Group.objects.get_or_create(name=f"{city.code}:{role.value}")
    CityRoleGroup.objects.get_or_create(city=city, role=role, defaults={"group": group})
    return group


def _grant(perms, group_or_user, application):
    for perm in perms:
        assign_perm(perm, group_or_user, application)


def grant_applicant_access(application: Application) -> None:
    if application.organisation_id:
        _grant(APPLICANT_PERMS, application.organisation.group, application)
    else:
        _grant(APPLICANT_PERMS, application.individual.user, application)


def grant_review_access(application: Application) -> None:
    """On submission: the recommender it was sent to, and the city's office, committee and supervisors.
    A recommender unit the application was sent to before (and then returned and redirected) loses access."""
    _revoke_other_recommenders(application)
    if application.recommender_id:
        _grant(RECOMMENDER_PERMS, application.recommender.group, application)
    city = application.cycle.city
    for role, perms in CITY_ROLES.items():
        _grant(perms, city_group(city, role), application)


def applicant_users(application: Application):
    """The application's applicants: its organisation's members (first joined first), or the individual."""
    if application.organisation_id:
        return list(application.organisation.group.user_set.order_by("pk"))
    return [application.individual.user]


def _revoke_other_recommenders(application: Application) -> None:
    stale = GroupObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_pk=str(application.pk),
        group__recommender_unit__isnull=False,
    )
    if application.recommender_id:
        stale = stale.exclude(group_id=application.recommender.group_id)
    stale.delete()
