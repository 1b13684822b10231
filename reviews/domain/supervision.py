"""The supervisors of the process, as the city's rule file names them (`rules.supervision`).

- Who: a supervising body (Qujing 第二十七条: 市监察部门, the whole process) reads every watched stage and, where the
  rule file says so, each application's audit trail — read only. Its users are the city's Role.SUPERVISOR group.
- A group appointed per 届 (Jinan 第九条: 评审监督小组, `supervision.group`; one per `Cycle.term`, shared by the
  届's cycles): the office appoints (聘任) members of
  the kinds the rule file lists; on appointment at least `rotation_share` of the 届's members must not have been
  members of the previous 届's group (refused otherwise, citing the article); appointed members join the city's
  supervisor group, and when the 届's work ends (`dissolves`: no application of the 届 still in progress) the
  group is dissolved and its members' supervisor access ends with it (a member of another 届's standing group keeps
  it).
- Written opinions (监督意见, a file optional) of the group's members. Where `opinions_before` names a stage, the
  office confirms that stage's list (the candidate list, Jinan 第十六条) only once the 届's group has given one:
  reviews.domain.ranking.shortlists.confirm asks `opinion_missing` (the portal's only way to propose the list).
Appointments, dissolutions and opinions are append-only records (reviews.models) with who, when and the article.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.dispatch import receiver
from django.utils.translation import gettext as _

from awards.domain import access, documents
from awards.models import Application, AuditEntry, Cycle, Objection
from awards.signals import transition_done
from awards.workflow import END_STATES, IN_PROGRESS_STATES, Status, staff_label
from cities.schema import Dissolution, Role, StageKind, Watched
from core.errors import InvalidInput, TransitionDenied
from core.i18n import join_list

from ..models import SupervisionOpinion, SupervisorAppointment, SupervisoryGroupDissolution

# The application states each watched part of the process covers (outcomes are shown to every supervisor).
_REVIEW_STATES = [Status.ELIGIBILITY, Status.SUPPLEMENT_REQUESTED, Status.DOCUMENT_REVIEW, Status.HEARING,
                  Status.SITE_REVIEW, Status.SATISFACTION_SURVEY, Status.PUBLIC_COMMENT, Status.RANKING,
                  Status.COMMITTEE_DECISION]
WATCHED_STATES = {
    Watched.RECOMMENDATION: [Status.RECOMMENDATION, Status.LOCAL_PUBLICITY],
    Watched.REVIEW: _REVIEW_STATES,
    Watched.OBJECTIONS: [Status.PUBLICITY],
    Watched.WHOLE_PROCESS: [*IN_PROGRESS_STATES, *END_STATES],
}
OPINION_TEXT_LIMIT = 5000
OPINION_FILE_TYPES = {"pdf", "doc", "docx", "jpg", "png"}
APPOINT_ROWS = 6  # blank member rows on the office's appointment form


# -- the rules ----------------------------------------------------------------------------------------------------
def supervision_of(cycle: Cycle):
    """The cycle's `rules.supervision`, or None where the measure names no supervisors."""
    return cycle.rules.supervision


def group_rules(cycle: Cycle):
    """The cycle's supervisory group rules (`supervision.group`), or None."""
    supervision = supervision_of(cycle)
    return supervision.group if supervision else None


def concerns_label(key: str) -> str:
    """What an opinion concerns, in words (a key of `Watched`)."""
    return Watched(key).label if key in {w.value for w in Watched} else key


def watched_states(supervision) -> list[str]:
    states = []
    for part in supervision.watches.value:
        for state in [*WATCHED_STATES[part], *END_STATES]:
            if state not in states:
                states.append(state)
    return [str(s) for s in states]


def watches_objections(supervision) -> bool:
    return bool({Watched.OBJECTIONS, Watched.WHOLE_PROCESS} & set(supervision.watches.value))


def share_in_words(share: float) -> str:
    """A share as the measures write it: 三分之一 for 1/3, else a percentage."""
    fraction = Fraction(share).limit_denominator(100)
    digits = _("零,一,二,三,四,五,六,七,八,九,十").split(",")  # the numerals as the text writes them (English: 0,1,…)
    if fraction.denominator <= 10 and fraction.numerator < fraction.denominator:
        return _("%(d)s分之%(n)s") % {"d": digits[fraction.denominator], "n": digits[fraction.numerator]}
    return f"{float(share) * 100:.0f}%"


def needed_rotation(share: float, total: int) -> int:
    """How many of `total` members must be new for the share (at least), the share read as the fraction it is."""
    fraction = Fraction(share).limit_denominator(100)
    return math.ceil(fraction * total)


# -- the group of a 届 -----------------------------------------------------------------------------------------------
def _term(cycle: Cycle) -> dict:
    """The rows of the cycle's 届: a group is appointed per 届 (`cycle.term`), which may hold more than one cycle where
    a city evaluates more often than its 届 lasts; it is recorded on the cycle where the office appointed it."""
    return {"cycle__city_id": cycle.city_id, "cycle__term": cycle.term}


def members(cycle: Cycle) -> list[SupervisorAppointment]:
    return list(SupervisorAppointment.objects.filter(**_term(cycle)).select_related("user", "appointed_by"))


def dissolution(cycle: Cycle) -> SupervisoryGroupDissolution | None:
    return SupervisoryGroupDissolution.objects.filter(**_term(cycle)).select_related("dissolved_by").first()


def previous_term(cycle: Cycle) -> Cycle | None:
    """The city's previous 届: the latest cycle with a lower term number."""
    return (Cycle.objects.filter(city_id=cycle.city_id, term__lt=cycle.term).order_by("-term", "-year", "-pk")
            .first())


def is_member(user, cycle: Cycle) -> bool:
    """A member of the 届's group while it stands (appointed, not dissolved)."""
    if not access.is_signed_in(user):
        return False
    return (SupervisorAppointment.objects.filter(user=user, **_term(cycle)).exists()
            and not SupervisoryGroupDissolution.objects.filter(**_term(cycle)).exists())


@dataclass(frozen=True)
class Rotation:
    total: int
    rotated: int
    needed: int
    previous: Cycle | None

    @property
    def met(self) -> bool:
        return self.rotated >= self.needed


def rotation(cycle: Cycle, user_ids) -> Rotation:
    """How many of these members of the 届 were not in the previous 届's group, and how many must not have been."""
    user_ids = set(user_ids)
    before = previous_term(cycle)
    previous = set(SupervisorAppointment.objects.filter(**_term(before)).values_list("user_id", flat=True)) \
        if before else set()
    if not previous:  # the first group the portal knows of: nobody to rotate out
        return Rotation(len(user_ids), len(user_ids), 0, before)
    share = group_rules(cycle).rotation_share.value
    return Rotation(len(user_ids), len(user_ids - previous), needed_rotation(share, len(user_ids)), before)


@dataclass(frozen=True)
class Row:
    """One member as the office typed it on the appointment form."""

    username: str
    name: str
    kind: str
    affiliation: str = ""


def appoint(cycle: Cycle, rows: list[Row], actor) -> list[SupervisorAppointment]:
    """The office appoints members of the 届's group (聘任). Checks the kinds and, over the whole group as it will be,
    the rotation share from the previous 届; refused in Chinese with the article. All or nothing."""
    group = group_rules(cycle)
    if group is None:
        raise InvalidInput(_("本市办法未规定按届聘任的评审监督小组。"))
    if not access.is_office(actor, cycle.city_id):
        raise TransitionDenied(_("只有本市评审办公室可以聘任评审监督小组成员。"))
    if SupervisoryGroupDissolution.objects.filter(**_term(cycle)).exists():
        raise InvalidInput(_("本届%(body)s已解散（%(article)s），不能再聘任成员。") % {
            "body": supervision_of(cycle).body.value, "article": group.dissolves.citation})
    rows = [r for r in rows if r.username or r.name or r.affiliation]
    if not rows:
        raise InvalidInput(_("请至少填写一名成员的用户名、姓名和成员类别。"))
    kinds = {k.key for k in group.member_kinds.value}
    users = {}
    user_model = get_user_model()
    for r in rows:
        if not r.username or not r.name or not r.kind:
            raise InvalidInput(_("每名成员须填写用户名、姓名和成员类别。"))
        if len(r.username) > 150 or len(r.name) > 50 or len(r.affiliation) > 200:
            raise InvalidInput(_("用户名不超过150字、姓名不超过50字、工作单位或身份不超过200字。"))
        if r.kind not in kinds:
            raise InvalidInput(_("成员类别须为%(article)s所列：%(kinds)s。") % {
                "article": group.member_kinds.citation, "kinds": join_list(k.name for k in group.member_kinds.value)})
        user = user_model.objects.filter(username=r.username, is_active=True).first()
        if user is None:
            raise InvalidInput(_("没有用户名为“%(name)s”的有效账号，请先为其开通账号。") % {"name": r.username})
        if user.pk in users:
            raise InvalidInput(_("“%(name)s”填写了两次。") % {"name": r.username})
        users[user.pk] = (user, r)
    existing = set(SupervisorAppointment.objects.filter(**_term(cycle)).values_list("user_id", flat=True))
    again = [r.username for pk, (_user, r) in users.items() if pk in existing]
    if again:
        raise InvalidInput(_("%(names)s已是本届成员。") % {"names": join_list(again)})
    check = rotation(cycle, existing | set(users))
    if not check.met:
        raise InvalidInput(_(
            "%(article)s规定评审监督小组成员每届轮换的比例不少于%(share)s：本届%(total)s名成员中只有%(rotated)s名"
            "不是上一届（%(previous)s）的成员，至少须有%(needed)s名，请更换成员。") % {
                "article": group.rotation_share.citation, "share": share_in_words(group.rotation_share.value),
                "total": check.total, "rotated": check.rotated, "previous": check.previous.name,
                "needed": check.needed})
    supervisors = access.city_group(cycle.city, Role.SUPERVISOR)
    try:
        with transaction.atomic():
            made = [SupervisorAppointment.objects.create(
                cycle=cycle, user=user, name=r.name, kind=r.kind, affiliation=r.affiliation,
                article=group.member_kinds.citation, appointed_by=actor) for user, r in users.values()]
            supervisors.user_set.add(*[user for user, _r in users.values()])
    except IntegrityError:
        raise InvalidInput(_("成员已被他人同时聘任，请刷新页面。")) from None
    return made


def work_ended(cycle: Cycle) -> bool:
    """The 届's review work is over: applications were submitted and none is still in progress."""
    submitted = Application.objects.filter(**_term(cycle)).exclude(status=Status.DRAFT)
    return submitted.exists() and not submitted.filter(status__in=IN_PROGRESS_STATES).exists()


def dissolve(cycle: Cycle, actor=None, *, reason: str = "") -> SupervisoryGroupDissolution:
    """Dissolve the 届's group (解散) once its work has ended: its members leave the city's supervisor group unless
    they sit in another standing group of the city. `actor` None: the system, on the last decision."""
    group = group_rules(cycle)
    if group is None:
        raise InvalidInput(_("本市办法未规定按届聘任的评审监督小组。"))
    if actor is not None and not access.is_office(actor, cycle.city_id):
        raise TransitionDenied(_("只有本市评审办公室可以办理评审监督小组解散。"))
    if group.dissolves.value == Dissolution.TERM_WORK_ENDS and not work_ended(cycle):
        raise InvalidInput(_("%(article)s：当届评审工作结束后评审监督小组即解散；本届尚有申报在评审中。") % {
            "article": group.dissolves.citation})
    if SupervisoryGroupDissolution.objects.filter(**_term(cycle)).exists():
        raise InvalidInput(_("本届评审监督小组已解散。"))
    with transaction.atomic():
        try:
            with transaction.atomic():
                done = SupervisoryGroupDissolution.objects.create(
                    cycle=cycle, dissolved_by=actor, article=group.dissolves.citation,
                    reason=reason or _("当届评审工作结束，评审监督小组解散"))
        except IntegrityError:
            raise InvalidInput(_("本届评审监督小组已解散。")) from None
        leaving = set(SupervisorAppointment.objects.filter(**_term(cycle)).values_list("user_id", flat=True))
        ended = {cycle.term, *SupervisoryGroupDissolution.objects.filter(cycle__city_id=cycle.city_id)
                 .values_list("cycle__term", flat=True)}
        staying = set(SupervisorAppointment.objects.filter(cycle__city_id=cycle.city_id, user_id__in=leaving)
                      .exclude(cycle__term__in=ended).values_list("user_id", flat=True))
        supervisors = access.city_group(cycle.city, Role.SUPERVISOR)
        supervisors.user_set.remove(*(leaving - staying))
    return done


@receiver(transition_done, dispatch_uid="reviews.supervision.dissolve_when_work_ends")
def _dissolve_when_work_ends(sender, entry, **kwargs):
    """On the 届's last decision the group is dissolved (where the rule file says it dissolves then)."""
    if entry.to_state not in END_STATES:
        return
    cycle = entry.application.cycle
    group = group_rules(cycle)
    if (group is None or group.dissolves.value != Dissolution.TERM_WORK_ENDS
            or not SupervisorAppointment.objects.filter(**_term(cycle)).exists()
            or SupervisoryGroupDissolution.objects.filter(**_term(cycle)).exists() or not work_ended(cycle)):
        return
    try:
        dissolve(cycle)
    except InvalidInput:  # dissolved at the same moment by another decision
        pass


# -- written opinions ----------------------------------------------------------------------------------------------
def _check_file(uploaded_file) -> None:
    name = getattr(uploaded_file, "name", "") or _("未命名文件")
    size = uploaded_file.size or 0
    if size == 0:
        raise InvalidInput(_("“%(name)s”是空文件（0 字节），未上传。") % {"name": name})
    limit = documents.max_file_bytes()
    if size > limit:
        raise InvalidInput(_("“%(name)s”大小为%(size)s，超过单个文件上限%(limit)s，未上传。")
                           % {"name": name, "size": documents.megabytes(size), "limit": documents.megabytes(limit)})
    try:
        kind = documents.sniff(uploaded_file)
    except documents.UploadRefused as exc:
        raise InvalidInput(_("“%(name)s”：%(error)s") % {"name": name, "error": exc.message}) from None
    if kind not in OPINION_FILE_TYPES:
        raise InvalidInput(_("“%(name)s”是%(type)s文件；附件须为 PDF、Word 或 jpg/png 图片。")
                           % {"name": name, "type": documents.TYPE_LABELS.get(kind, kind)})


def record_opinion(cycle: Cycle, author, *, concerns: str, text: str, uploaded_file=None) -> SupervisionOpinion:
    """A member of the 届's standing group writes an opinion (监督意见) on a watched part of the process."""
    supervision = supervision_of(cycle)
    if supervision is None or supervision.group is None or not is_member(author, cycle):
        raise TransitionDenied(_("只有本届%(body)s的成员可以提出监督意见。") % {
            "body": supervision.body.value if supervision else _("评审监督小组")})
    if concerns not in {w.value for w in supervision.watches.value}:
        raise InvalidInput(_("请选择监督事项。"))
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("请填写书面监督意见。"))
    if len(text) > OPINION_TEXT_LIMIT:
        raise InvalidInput(_("监督意见不超过%(n)s字。") % {"n": OPINION_TEXT_LIMIT})
    if uploaded_file is not None:
        _check_file(uploaded_file)
    with transaction.atomic():
        opinion = SupervisionOpinion(cycle=cycle, author=author, concerns=concerns, text=text)
        if uploaded_file is not None:
            opinion.original_name = (uploaded_file.name or "")[:255]
            opinion.file.save(uploaded_file.name or "opinion", uploaded_file, save=False)
        opinion.save()
    return opinion


def opinions(cycle: Cycle) -> list[SupervisionOpinion]:
    return list(SupervisionOpinion.objects.filter(cycle=cycle).select_related("author"))


def opinion_missing(cycle: Cycle, stage: str) -> str | None:
    """Why the office may not yet confirm this stage's list: the rule file asks for the group's written opinion
    first (`opinions_before`, Jinan 第十六条) and the 届's group has given none. None: nothing stands in the way."""
    group = group_rules(cycle)
    if group is None or group.opinions_before.value is None or group.opinions_before.value != stage:
        return None
    if SupervisionOpinion.objects.filter(cycle=cycle).exists():
        return None
    return _("按%(article)s，须根据评审情况和%(body)s的监督意见提出名单；本届%(body)s尚未提交书面监督意见，"
             "暂不能确认“%(stage)s”的名单。") % {"article": group.opinions_before.citation,
                                          "body": supervision_of(cycle).body.value,
                                          "stage": staff_label(StageKind(stage).value, cycle.rules)}


# -- what the supervisors read ---------------------------------------------------------------------------------------
@dataclass
class StageRows:
    status: str
    label: str
    applications: list


def by_stage(cycle: Cycle) -> list[StageRows]:
    """The cycle's submitted applications at the watched stages, in the order of the city's route, with their audit
    trail where the rule file lets the supervisors read it. Two queries (three with the trail)."""
    supervision = supervision_of(cycle)
    rules = cycle.rules
    states = watched_states(supervision)
    found = Application.objects.filter(cycle=cycle, status__in=states).select_related(
        "organisation", "individual").order_by("reference")
    if supervision.audit_trail.value:
        found = found.prefetch_related(Prefetch(
            "audit_trail", queryset=AuditEntry.objects.select_related("actor").order_by("created_at", "pk")))
    route = [s.kind.value for s in rules.stages]
    order = [s for s in route if s in states] + [s for s in states if s not in route]
    rows = {s: [] for s in order}
    for application in found:
        rows[application.status].append(application)
    return [StageRows(s, staff_label(s, rules), rows[s]) for s in order if rows[s]]


def objections_of(cycle: Cycle) -> list[Objection]:
    return list(Objection.objects.filter(entry__publicity__cycle=cycle).select_related(
        "entry__application__organisation", "entry__application__individual", "entry__publicity",
    ).order_by("filed_at", "pk"))


# -- who may ---------------------------------------------------------------------------------------------------------
def supervisor_index(user, cities) -> access.Verdict:
    """`cities`: those where the user is a supervisor."""
    if not cities:
        return access.refuse(_("只有监督人员可以访问此页面。"))
    return access.ALLOWED


def read_supervision(user, cycle) -> access.Verdict:
    """The city's supervisors, where its rule file names a supervising body."""
    if cycle is None or not access.is_supervisor(user, cycle.city_id):
        return access.refuse(_("只有本市监督人员可以查看监督页面。"))
    if supervision_of(cycle) is None:
        return access.hide(_("本市办法未规定监督机构。"))
    return access.ALLOWED


def write_opinion(user, cycle) -> access.Verdict:
    verdict = read_supervision(user, cycle)
    return access.narrowed(verdict, bool(verdict) and is_member(user, cycle),
                           _("只有本届评审监督小组的成员可以提出监督意见。"))


def open_opinion_file(user, opinion) -> access.Verdict:
    """The city's office and supervisors."""
    if opinion is None or not (access.is_office(user, opinion.cycle.city_id)
                               or access.is_supervisor(user, opinion.cycle.city_id)):
        return access.hide(_("没有这份监督意见。"))
    return access.ALLOWED


def appoint_group(user, cycle) -> access.Verdict:
    if cycle is None or not access.is_office(user, cycle.city_id):
        return access.refuse(_("只有本市评审办公室可以聘任评审监督小组。"))
    if group_rules(cycle) is None:
        return access.hide(_("本市办法未规定按届聘任的评审监督小组。"))
    return access.ALLOWED


access.register("supervision.index", supervisor_index)
access.register("supervision.read", read_supervision)
access.register("supervision.opinion", write_opinion)
access.register("supervision.opinion_file", open_opinion_file)
access.register("office.supervision", appoint_group)
