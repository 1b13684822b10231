"""Panels (评审组), assignments, the expert's declaration and pledge, recusals, and the access they grant.

Rules read from the cycle's pinned rule file (rules.panel): min/max size, a leader, an industry expert,
grouping by industry or sector. Access to an application (guardian object permissions on it) is granted
to an assigned expert only after they declared no conflict and signed the confidentiality pledge, and is
withdrawn at a recusal. A conflicted expert is never assigned; a relation the expert declares later closes the
open assignments it now conflicts with (declare_relation, recheck_expert).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from awards.domain.access import city_group, is_office
from awards.models import Application, Cycle, Notice
from awards.tasks import queue_emails
from awards.workflow import END_STATES, Status, staff_label
from cities.schema import Role
from core import industry
from core.errors import InvalidInput, TransitionDenied
from core.i18n import join_clauses, join_list

from ..models import Assignment, Consensus, DeclaredRelation, Expert, Panel, PanelMember, Pledge, Recusal
from . import conflicts
from .schemes import EXPERT_STAGES

EXPERT_PERMS = ["awards.view_application", "awards.act_as_expert", "awards.view_confidential"]

PLEDGE_TEXT = _(
    "本人承诺：对评审中知悉的申报单位（个人）的商业秘密、技术秘密和个人信息严格保密，不复制、不外传、"
    "不用于评审以外的任何目的；不泄露评审过程、评分和评审意见；与申报方存在利害关系的，主动申请回避。"
)



class AssignmentRefused(InvalidInput):
    """An assignment the portal refuses because of conflicts; `conflicts` lists them."""

    def __init__(self, message, found):
        super().__init__(message)
        self.conflicts = found


def section_of_organisation(organisation) -> tuple[str, bool]:
    """The organisation's GB/T 4754 section letter and whether it is only guessed: the letter it chose, else (old
    records made before the section was asked for) a guess from its industry's name, else ("", True)."""
    if organisation.industry_section in industry.SECTOR_OF:
        return organisation.industry_section, False
    return industry.guess_section(organisation.industry), True


def sector_of_organisation(organisation) -> str:
    """一、二、三产业 of an organisation: from its section letter; from a guess of its industry's name only when
    the section was not given."""
    letter, _guessed = section_of_organisation(organisation)
    return industry.SECTOR_OF.get(letter, Expert.Sector.TERTIARY)


def sector_of(industry_name: str) -> str:
    """Fallback guess of the 产业 from an industry's name (tertiary unless a section can be guessed)."""
    return industry.SECTOR_OF.get(industry.guess_section(industry_name), Expert.Sector.TERTIARY)


def sections_of_expert(expert: Expert) -> tuple[str, bool]:
    """The sections an expert knows and whether only guessed (an old record: from the 熟悉行业 text)."""
    if expert.industry_sections:
        return expert.industry_sections, False
    return industry.guess_section(expert.industry), True


def sections_of_panel(panel: Panel) -> tuple[str, bool]:
    """The sections a panel covers and whether only guessed: its letters, else (a panel formed before panels
    carried letters) the sector's letters or a guess from the grouping's name."""
    if panel.sections:
        return panel.sections, False
    if panel.grouping in Expert.Sector.values:
        return industry.sections_of_sector(panel.grouping), False
    return industry.guess_section(panel.grouping), True


def _require_office(actor, cycle: Cycle):
    if not is_office(actor, cycle.city):
        raise TransitionDenied(_("只有本市评审办公室可以组建评审组和分配评审任务。"))


def _knows(expert: Expert, sections: str) -> bool:
    """An industry expert counts for a panel's sections when their own sections (or, on an old record, the guess
    from their 熟悉行业) overlap; one whose sections are unknown counts, as before panels carried letters."""
    known, _guessed = sections_of_expert(expert)
    return not sections or not known or bool(set(known) & set(sections))


def _check_composition(cycle: Cycle, members: list[PanelMember | tuple[Expert, bool]], sections: str = "") -> None:
    rule = cycle.rules.panel
    pairs = [(m.expert, m.is_leader) if isinstance(m, PanelMember) else m for m in members]
    problems = []
    size = len(pairs)
    if size < rule.min_size.value:
        problems.append(_("评审组至少%(n)s人（%(c)s），现有%(size)s人")
                        % {"n": rule.min_size.value, "c": rule.min_size.citation, "size": size})
    if rule.max_size.value is not None and size > rule.max_size.value:
        problems.append(_("评审组至多%(n)s人（%(c)s），现有%(size)s人")
                        % {"n": rule.max_size.value, "c": rule.max_size.citation, "size": size})
    leaders = sum(1 for _e, lead in pairs if lead)
    if rule.leader.value and leaders != 1:
        problems.append(_("评审组须确定一名组长（%(c)s）") % {"c": rule.leader.citation})
    if rule.industry_expert_required.value and not any(e.is_industry_expert for e, _l in pairs):
        problems.append(_("评审组须包含行业专家（%(c)s）") % {"c": rule.industry_expert_required.citation})
    elif rule.industry_expert_required.value and not any(e.is_industry_expert and _knows(e, sections)
                                                         for e, _l in pairs):
        problems.append(_("评审组须包含熟悉%(s)s的行业专家（%(c)s）") % {
            "s": join_list(industry.names_of(sections)), "c": rule.industry_expert_required.citation})
    if len({e.pk for e, _l in pairs}) != size:
        problems.append(_("同一专家不能重复加入"))
    outsiders = [e.name for e, _l in pairs if e.city_id != cycle.city_id or not e.active]
    if outsiders:
        problems.append(_("以下专家不在本市在库专家中：%(names)s") % {"names": join_list(outsiders)})
    if problems:
        raise InvalidInput(_("%(problems)s。") % {"problems": join_clauses(problems)})


def _check_grouping(cycle: Cycle, grouping: str, sections="") -> tuple[str, str]:
    """The panel's grouping label and its section letters, as the city's rules form panels: by industry, the
    sections it covers (chosen from the 20; a grouping name alone is read as a section only as a fallback); by
    sector, the sector (its letters follow); otherwise neither is needed."""
    formed_by = cycle.rules.panel.formed_by
    grouping = (grouping or "").strip()
    letters = industry.clean_letters(sections)
    if formed_by.value == "none":
        return grouping, letters
    if formed_by.value == "sector":
        if not grouping:
            raise InvalidInput(_("本市按%(what)s组建评审组（%(c)s），请选择评审组的产业。")
                               % {"what": _("产业（一、二、三产业）"), "c": formed_by.citation})
        if grouping not in Expert.Sector.values:
            raise InvalidInput(_("产业须为第一产业、第二产业或第三产业。"))
        return grouping, industry.sections_of_sector(grouping)
    if not letters:
        letters = industry.guess_section(grouping)  # fallback: a name typed without choosing a section
    if not letters:
        raise InvalidInput(_("本市按%(what)s组建评审组（%(c)s），请选择评审组所评的行业门类（GB/T 4754）。")
                           % {"what": _("行业"), "c": formed_by.citation})
    return grouping or "、".join(industry.names_of(letters)), letters


def form_panel(*, cycle: Cycle, stage: str, name: str, members: list[tuple[Expert, bool]], actor,
               grouping: str = "", sections="") -> Panel:
    """Form a panel for one expert stage of the cycle's route, checked against the city's panel rules.
    `sections`: the GB/T 4754 letters the panel covers (a string such as "C" or a list of letters)."""
    _require_office(actor, cycle)
    if stage not in EXPERT_STAGES or cycle.rules.stage(stage) is None:
        raise InvalidInput(_("本市评审流程中没有“%(s)s”环节。") % {"s": staff_label(stage)})
    if not (name or "").strip():
        raise InvalidInput(_("请填写评审组名称。"))
    grouping, letters = _check_grouping(cycle, grouping, sections)
    _check_composition(cycle, members, letters if cycle.rules.panel.formed_by.value == "industry" else "")
    with transaction.atomic():
        panel = Panel.objects.create(cycle=cycle, stage=stage, name=name.strip(), grouping=grouping,
                                     sections=letters)
        PanelMember.objects.bulk_create(PanelMember(panel=panel, expert=e, is_leader=lead) for e, lead in members)
    return panel


def leader_of(panel: Panel) -> Expert | None:
    member = panel.members.select_related("expert").filter(is_leader=True).first()
    return member.expert if member else None


def _grouping_matches(panel: Panel, application: Application) -> str | None:
    """None when it fits; otherwise the Chinese reason. Matched by the GB/T 4754 section letter: the
    organisation's against the panel's (a sector panel covers its sector's letters)."""
    formed_by = panel.cycle.rules.panel.formed_by.value
    if formed_by == "none" or not application.organisation_id:
        return None
    covered, _panel_guessed = sections_of_panel(panel)
    if not covered:
        return None  # a panel formed without a grouping where none was asked for
    organisation = application.organisation
    letter, guessed = section_of_organisation(organisation)
    if not letter:
        return _("申报单位未选择行业门类（GB/T 4754），无法从所属行业“%(i)s”判断，请先补充行业门类。") % {
            "i": organisation.industry or "—"}
    if letter in covered:
        return None
    source = (_("（未选择门类，按所属行业“%(i)s”推断）") % {"i": organisation.industry}) if guessed else ""
    if formed_by == "sector":
        return _("申报单位所属产业为%(s)s（%(l)s%(src)s），与评审组（%(g)s）不一致。") % {
            "s": Expert.Sector(industry.SECTOR_OF[letter]).label, "l": industry.name_of(letter), "src": source,
            "g": Expert.Sector(panel.grouping).label if panel.grouping in Expert.Sector.values else panel.grouping}
    return _("申报单位所属行业门类为“%(i)s”%(src)s，不在评审组所评的门类（%(g)s）之内。") % {
        "i": industry.name_of(letter), "src": source, "g": join_list(industry.names_of(covered))}


def assign(panel: Panel, application: Application, actor) -> list[Assignment]:
    """Assign every member of the panel to the application. Refused, with reasons, if any is conflicted."""
    cycle = panel.cycle
    _require_office(actor, cycle)
    if application.cycle_id != cycle.pk:
        raise InvalidInput(_("该申报不属于本评审组所在的评定周期。"))
    if application.status in (Status.DRAFT, *END_STATES):
        raise InvalidInput(_("该申报当前状态为“%(s)s”，不能分配评审。") % {"s": staff_label(application.status)})
    if panel.stage not in [s.kind.value for s in application.rules.stages_for(application.applicant_kind)]:
        raise InvalidInput(_("该申报的评审流程中没有“%(s)s”环节。") % {"s": staff_label(panel.stage, cycle.rules)})
    mismatch = _grouping_matches(panel, application)
    if mismatch:
        raise InvalidInput(mismatch)
    other = Assignment.objects.filter(application=application, panel__stage=panel.stage).exclude(panel=panel)
    if other.exists():
        raise InvalidInput(_("该申报在本环节已分配给其他评审组。"))
    members = list(panel.members.select_related("expert"))
    found = []
    for member in members:
        found += conflicts.find(member.expert, application)
    if found:
        raise AssignmentRefused(
            _("不能分配：存在利害关系，须回避。") + "".join(c.message for c in found)
            + _("请调整评审组成员后再分配。"),
            found,
        )
    with transaction.atomic():
        made = [
            Assignment.objects.get_or_create(panel=panel, application=application, expert=m.expert)[0] for m in members
        ]
        _notify_assigned(made)
    return made


def _notify_assigned(assignments: list[Assignment]) -> None:
    """An inbox notice (and an e-mail, after commit) to each expert: a new task waits for their declaration."""
    for a in assignments:
        rules = a.panel.cycle.rules
        notice, created = Notice.objects.get_or_create(
            event_key=f"review:assigned:{a.pk}", recipient=a.expert.user,
            defaults={
                "subject": _("【%(city)s】新的评审任务：%(stage)s") % {
                    "city": rules.name, "stage": staff_label(a.panel.stage, rules)},
                "body": _("您已被分配参加“%(panel)s”对“%(name)s”的%(stage)s。请登录平台，在查看材料前先作出回避声明"
                          "并签署保密承诺。") % {"panel": a.panel.name, "name": a.application.applicant_name,
                                              "stage": staff_label(a.panel.stage, rules)},
            },
        )
        if created:
            transaction.on_commit(lambda pk=notice.pk: _email(pk))


def _email(notice_pk: int) -> None:
    queue_emails([notice_pk])


def add_member(panel: Panel, expert: Expert, actor, *, is_leader: bool = False) -> PanelMember:
    """Add an expert to a panel; refused if conflicted with any application the panel already has."""
    _require_office(actor, panel.cycle)
    current = list(panel.members.select_related("expert"))
    if is_leader:
        current = [PanelMember(panel=panel, expert=m.expert, is_leader=False) for m in current]
    _check_composition_upper(panel.cycle, [*current, PanelMember(panel=panel, expert=expert, is_leader=is_leader)])
    applications = Application.objects.filter(expert_assignments__panel=panel).distinct().select_related(
        "organisation", "individual", "cycle__rule_set")
    found = [c for a in applications for c in conflicts.find(expert, a)]
    if found:
        raise AssignmentRefused(_("不能加入评审组：") + "".join(c.message for c in found), found)
    with transaction.atomic():
        if is_leader:
            panel.members.update(is_leader=False)
        member = PanelMember.objects.create(panel=panel, expert=expert, is_leader=is_leader)
        for application in applications:
            assignment, created = Assignment.objects.get_or_create(panel=panel, application=application,
                                                                  expert=expert)
            if created:
                _notify_assigned([assignment])
    return member


def set_leader(panel: Panel, expert: Expert, actor) -> None:
    """The office names another member as the leader (e.g. the leader had to recuse).

    The new leader must be a member with no recusal or declared conflict on the panel's applications and, once the
    panel has applications, an active assignment (declared no conflict and pledged): a leader who cannot see the
    sheets cannot record the consensus. Before anything is assigned any member may be named.
    """
    _require_office(actor, panel.cycle)
    if not panel.members.filter(expert=expert).exists():
        raise InvalidInput(_("组长须为本评审组成员。"))
    mine = list(Assignment.objects.filter(panel=panel, expert=expert).select_related("application"))
    closed = [a for a in mine if a.state in (Assignment.State.DECLARED_CONFLICT, Assignment.State.RECUSED)]
    recused = Recusal.objects.filter(expert=expert, application__expert_assignments__panel=panel).exists()
    if closed or recused:
        raise InvalidInput(_("%(n)s已对本评审组的申报回避（或本人申报存在利害关系），不能担任组长。")
                           % {"n": expert.name})
    if mine and not any(a.state == Assignment.State.ACTIVE for a in mine):
        raise InvalidInput(_("%(n)s尚未作出回避声明并签署保密承诺，不能担任组长；请先由其作出声明。")
                           % {"n": expert.name})
    with transaction.atomic():
        panel.members.update(is_leader=False)
        panel.members.filter(expert=expert).update(is_leader=True)


def _check_composition_upper(cycle: Cycle, members) -> None:
    """While changing a formed panel only the upper bound and membership checks apply."""
    rule = cycle.rules.panel
    if rule.max_size.value is not None and len(members) > rule.max_size.value:
        raise InvalidInput(_("评审组至多%(n)s人（%(c)s）。") % {"n": rule.max_size.value, "c": rule.max_size.citation})
    if len({m.expert.pk for m in members}) != len(members):
        raise InvalidInput(_("该专家已在评审组中。"))
    expert = members[-1].expert
    if expert.city_id != cycle.city_id or not expert.active:
        raise InvalidInput(_("该专家不在本市在库专家中。"))


# -- the expert's side ------------------------------------------------------------------------------


def has_pledged(expert: Expert, cycle: Cycle) -> bool:
    return Pledge.objects.filter(expert=expert, cycle=cycle).exists()


def sign_pledge(expert: Expert, cycle: Cycle, user) -> Pledge:
    if user.pk != expert.user_id:
        raise TransitionDenied(_("保密承诺须由专家本人签署。"))
    pledge, _created = Pledge.objects.get_or_create(expert=expert, cycle=cycle, defaults={"text": str(PLEDGE_TEXT)})
    return pledge


def declare(assignment: Assignment, user, *, has_conflict: bool, note: str = "", pledge: bool = False) -> Assignment:
    """The expert's own declaration, before seeing anything of the application.

    No conflict (and the pledge signed, now or before) opens the application to the expert.
    A declared conflict closes the assignment; the office sees it with the note.
    """
    expert = assignment.expert
    if user.pk != expert.user_id:
        raise TransitionDenied(_("回避声明须由专家本人作出。"))
    if not expert.active:  # disqualified (reviews.domain.sanctions): no new work
        raise TransitionDenied(_("您已被取消评审资格（或已不在本市评审专家库中），不能再参加评审任务。"))
    if assignment.state != Assignment.State.AWAITING_DECLARATION:
        raise InvalidInput(_("您已就该申报作出声明。"))
    note = (note or "").strip()
    cycle = assignment.panel.cycle
    with transaction.atomic():
        if has_conflict:
            if not note:
                raise InvalidInput(_("申请回避的，请说明与申报方的利害关系。"))
            assignment.state = Assignment.State.DECLARED_CONFLICT
            _close_other_open(assignment, note)
            _revoke(expert, assignment.application)  # any access from an earlier stage ends too
        else:
            if not pledge and not has_pledged(expert, cycle):
                raise InvalidInput(_("首次查看申报材料前须签署保密承诺。"))
            found = conflicts.find(expert, assignment.application)
            if found:
                raise InvalidInput(_("系统发现您与该申报存在利害关系，不能参加评审：")
                                   + "".join(c.message for c in found))
            if pledge:
                sign_pledge(expert, cycle, user)
            assignment.state = Assignment.State.ACTIVE
            _grant(expert, assignment.application)
        assignment.declared_at = timezone.now()
        assignment.declaration_note = note
        assignment.save(update_fields=["state", "declared_at", "declaration_note"])
    return assignment


def _close_other_open(assignment: Assignment, note: str) -> None:
    """A conflict declared at one stage also closes the expert's open assignments to the same application at
    stages whose consensus is not yet recorded (finished stages keep their record as it was)."""
    done = set(Consensus.objects.filter(application=assignment.application).values_list("stage", flat=True))
    (Assignment.objects.filter(expert=assignment.expert, application=assignment.application,
                               state__in=[Assignment.State.AWAITING_DECLARATION, Assignment.State.ACTIVE])
     .exclude(pk=assignment.pk).exclude(panel__stage__in=done)
     .update(state=Assignment.State.DECLARED_CONFLICT, declared_at=timezone.now(),
             declaration_note=_("在“%(panel)s”中声明存在利害关系：%(note)s") % {
                 "panel": assignment.panel.name, "note": note}))


def record_recusal(application: Application, expert: Expert, actor, *, reason: str) -> Recusal:
    """The office records that an expert steps aside: the assignments close and access is withdrawn."""
    _require_office(actor, application.cycle)
    if not (reason or "").strip():
        raise InvalidInput(_("请填写回避理由。"))
    rule = application.rules.panel.conflict_lookback_years
    with transaction.atomic():
        recusal = Recusal.objects.create(application=application, expert=expert, reason=reason.strip(),
                                         article=rule.article or "", recorded_by=actor)
        Assignment.objects.filter(application=application, expert=expert).update(state=Assignment.State.RECUSED)
        _revoke(expert, application)
    return recusal


def declare_relation(expert: Expert, user, *, organisation_name: str, relation: str, credit_code: str = ""):
    """The expert (or the office) adds a relation to the expert's profile; current assignments are re-checked."""
    if not (user.pk == expert.user_id or is_office(user, expert.city)):
        raise TransitionDenied(_("您无权修改该专家的信息。"))
    if not organisation_name.strip() or not relation.strip():
        raise InvalidInput(_("请填写单位名称和关系说明。"))
    if len(organisation_name.strip()) > 200 or len(relation.strip()) > 200:
        raise InvalidInput(_("单位名称和关系说明各不超过200字。"))
    if len(credit_code.strip()) > 18:
        raise InvalidInput(_("统一社会信用代码为18位。"))
    with transaction.atomic():
        row = DeclaredRelation.objects.create(expert=expert, organisation_name=organisation_name.strip(),
                                              credit_code=credit_code.strip().upper(), relation=relation.strip())
        recheck_expert(expert)  # open assignments that now conflict are closed and their access withdrawn
    return row


def recheck_expert(expert: Expert) -> list[Assignment]:
    """After the expert's profile changed (e.g. a newly declared relation): close every open assignment that now
    conflicts, take the application's access back, and tell the city's office. Returns the closed assignments."""
    open_ones = list(
        Assignment.objects.filter(expert=expert, state__in=[Assignment.State.AWAITING_DECLARATION,
                                                            Assignment.State.ACTIVE])
        .exclude(application__status__in=END_STATES)
        .select_related("panel__cycle__rule_set", "application__organisation", "application__individual",
                        "application__cycle__rule_set")
    )
    closed = []
    checked: dict[int, list] = {}
    for a in open_ones:
        if a.application_id not in checked:
            checked[a.application_id] = conflicts.find(expert, a.application)
        found = checked[a.application_id]
        if not found:
            continue
        with transaction.atomic():
            a.state = Assignment.State.DECLARED_CONFLICT
            a.declared_at = timezone.now()
            a.declaration_note = _("专家信息变更后系统发现利害关系：") + "".join(c.message for c in found)
            a.save(update_fields=["state", "declared_at", "declaration_note"])
            _revoke(expert, a.application)
            rules = a.panel.cycle.rules
            for officer in city_group(a.panel.cycle.city, Role.OFFICE).user_set.all():
                Notice.objects.get_or_create(
                    event_key=f"review:conflict:{a.pk}", recipient=officer,
                    defaults={
                        "application": a.application,
                        "subject": _("【%(city)s】评审专家回避：%(name)s") % {
                            "city": rules.name, "name": a.application.applicant_name},
                        "body": _("%(expert)s在“%(panel)s”对“%(name)s”的%(stage)s任务已因利害关系关闭，查阅权限已收回。"
                                  "%(why)s请核实并视需要补充评审组成员。") % {
                            "expert": expert.name, "panel": a.panel.name, "name": a.application.applicant_name,
                            "stage": staff_label(a.panel.stage, rules), "why": a.declaration_note},
                    },
                )
        closed.append(a)
    return closed


def _grant(expert: Expert, application: Application) -> None:
    for perm in EXPERT_PERMS:
        assign_perm(perm, expert.user, application)


def _revoke(expert: Expert, application: Application) -> None:
    for perm in EXPERT_PERMS:
        remove_perm(perm, expert.user, application)
