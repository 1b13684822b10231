"""Reviewers disqualified for abusing the role (取消评审资格), as the rule file's `reviewer_conduct.sanctions` says:
Chenzhou 第二十九条, Qujing 第三十一条, Jinan 第二十七条 (the 评审监督小组 decides), Wuhan 第二十八条 (after the
市强市委's approval), Ordos 第二十五条 (追责问责; the disqualification itself is set by the office).

`disqualify` removes the expert from the city's pool with the ground, the reason and the article, in the role the
rule file names, and hands over the expert's open work:

- an open assignment is one awaiting the declaration or active, of an application still running, at a stage whose
  consensus is not recorded yet. Each is closed (state DISQUALIFIED) and its access to the application withdrawn;
- a sheet the expert already submitted in such an open stage is set aside: it stays as it was (nothing is deleted)
  but, since only active assignments count, the consensus page no longer shows it and the quorum no longer counts
  it (reviews.domain.consensus). Stages whose consensus is recorded keep their record as it stands;
- the expert leaves the panels of that open work, so a replacement fits the panel's size; `handovers` lists for
  each such panel what it now lacks (size, industry expert, leader) and the pool members who may replace the
  expert there (active, of the city, not on the panel, no conflict with its open applications). The office adds
  one on the panel page (reviews.domain.panels.add_member, which checks the rules again).

The record (ReviewerSanction) is append-only; each affected application's audit trail gets an entry (who, role,
why, article). A disqualified expert is not offered for panels (only active experts are), cannot be added to one
(panels._check_composition) and is told why on the expert pages (`refusal`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import remove_perm

from awards.domain import access
from awards.models import Application, AuditEntry, Notice
from awards.tasks import queue_emails
from awards.workflow import END_STATES, staff_label
from cities.schema import ReviewerSanctions, Role, SanctionConsequence
from core.errors import InvalidInput, TransitionDenied
from core.i18n import join_list

from ..models import Assignment, Consensus, Expert, Panel, PanelMember, ReviewerSanction
from . import conflicts
from .panels import EXPERT_PERMS

ACTION = "reviewer_disqualified"  # the audit trail's action name
OPEN_STATES = (Assignment.State.AWAITING_DECLARATION, Assignment.State.ACTIVE)
MAX_REASON = 5000
MAX_DETAIL = 500


def rules_for(city) -> ReviewerSanctions | None:
    """The sanctions part of the city's current rule file (None where the file has none)."""
    rule_set = city.current_rules()
    conduct = rule_set.rules.reviewer_conduct if rule_set else None
    return conduct.sanctions if conduct else None


def _holds(user, city, role: Role) -> bool:
    if role == Role.SUPERVISOR:
        return access.is_supervisor(user, city)
    return access.has_role(user, city, role)


def may_disqualify(user, expert: Expert | None) -> access.Verdict:
    """The role the rule file names (the office; Jinan: the 评审监督小组) of the expert's city."""
    if expert is None or not access.is_signed_in(user):
        return access.hide(_("没有这位专家。"))
    rule = rules_for(expert.city)
    if rule is None:
        return access.refuse(_("本市规则文件未规定评审专家的处理办法。"))
    if not _holds(user, expert.city, rule.recorded_by.value):
        return access.refuse(_("依据%(c)s，评审专家的评审资格由%(body)s取消，您无权记录。")
                             % {"c": rule.recorded_by.citation, "body": rule.decided_by.value})
    return access.ALLOWED


def read_expert(user, expert: Expert | None) -> access.Verdict:
    """The expert's page in the pool: the city's office, its supervisors, and whoever records sanctions there."""
    if expert is None or not access.is_signed_in(user):
        return access.hide(_("没有这位专家。"))
    if access.is_office(user, expert.city) or access.is_supervisor(user, expert.city):
        return access.ALLOWED
    return access.hide(_("没有这位专家。"))


access.register("office.expert", read_expert)
access.register("office.expert_sanction", may_disqualify)


def latest(expert: Expert) -> ReviewerSanction | None:
    return ReviewerSanction.objects.filter(expert=expert).order_by("-recorded_at", "-pk").first()


def refusal(expert: Expert) -> str:
    """What a disqualified expert reads on the expert pages (empty for an expert in the pool)."""
    if expert.active:
        return ""
    sanction = latest(expert)
    if sanction is None:
        return _("您已不在%(city)s评审专家库中，不能再参加评审任务。如有疑问，请联系评审办公室。") % {
            "city": expert.city.name}
    return _("您已于%(date)s被%(body)s取消评审资格（%(article)s），不能再参加%(city)s的评审任务，"
             "原有评审任务已移交其他专家。如有异议，请联系评审办公室。") % {
        "date": f"{sanction.recorded_at:%Y-%m-%d}", "body": sanction.decided_by, "article": sanction.article,
        "city": expert.city.name}


def open_assignments(expert: Expert) -> list[Assignment]:
    """The expert's work not done: awaiting or active, of a running application, at a stage without consensus."""
    rows = list(
        Assignment.objects.filter(expert=expert, state__in=OPEN_STATES)
        .exclude(application__status__in=END_STATES)
        .select_related("panel__cycle__rule_set", "application__cycle__rule_set", "sheet")
        .order_by("pk")
    )
    done = set(Consensus.objects.filter(application__in={a.application_id for a in rows})
               .values_list("application_id", "stage"))
    return [a for a in rows if (a.application_id, a.panel.stage) not in done]


def _clean_details(rule: ReviewerSanctions, details: dict[str, str]) -> list[dict]:
    """Each consequence the rule file names, with what the recorder wrote for it (required unless conditional)."""
    out, missing = [], []
    for kind in rule.consequences.value:
        detail = (details.get(kind.value) or "").strip()
        if len(detail) > MAX_DETAIL:
            raise InvalidInput(_("“%(l)s”的说明不超过%(n)s字。") % {"l": kind.label, "n": MAX_DETAIL})
        if "\x00" in detail:
            raise InvalidInput(_("说明中含有无效字符。"))
        if kind == SanctionConsequence.DISQUALIFIED:
            detail = detail or _("已移出评审专家库")
        elif not detail and not kind.conditional:
            missing.append(kind.label)
        out.append({"kind": kind.value, "label": kind.label, "detail": detail})
    if missing:
        raise InvalidInput(_("依据%(c)s，请说明以下处理措施的落实情况：%(m)s。")
                           % {"c": rule.consequences.citation, "m": join_list(missing)})
    return out


def disqualify(expert: Expert, actor, *, ground: str, reason: str, details: dict[str, str] | None = None,
               approval: str = "") -> ReviewerSanction:
    """Disqualify the expert (the rule file's article), hand over the open work, write the records."""
    verdict = may_disqualify(actor, expert)
    if not verdict:
        raise TransitionDenied(verdict.reason)
    rule = rules_for(expert.city)
    ground, reason, approval = (ground or "").strip(), (reason or "").strip(), (approval or "").strip()
    if ground not in rule.grounds.value:
        raise InvalidInput(_("请选择%(c)s所列的情形：%(g)s。") % {"c": rule.grounds.citation,
                                                           "g": join_list(rule.grounds.value)})
    if not reason:
        raise InvalidInput(_("请填写查实的事实与理由。"))
    if len(reason) > MAX_REASON or "\x00" in reason:
        raise InvalidInput(_("事实与理由不超过%(n)s字，且不能含有无效字符。") % {"n": MAX_REASON})
    if rule.approved_by.value and not approval:
        raise InvalidInput(_("依据%(c)s，取消评审资格须报经%(body)s批准，请填写批准文件或会议纪要。")
                           % {"c": rule.approved_by.citation, "body": rule.approved_by.value})
    if len(approval) > 200 or "\x00" in approval:
        raise InvalidInput(_("批准情况不超过200字，且不能含有无效字符。"))
    consequences = _clean_details(rule, details or {})
    rule_set = expert.city.current_rules()
    role = rule.recorded_by.value
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        if not locked.active:
            raise InvalidInput(_("%(n)s已不在专家库中（已被取消评审资格）。") % {"n": expert.name})
        tasks = open_assignments(locked)
        handed = []
        for a in tasks:
            sheet = getattr(a, "sheet", None)
            set_aside = bool(sheet and sheet.submitted)
            a.state = Assignment.State.DISQUALIFIED
            a.declaration_note = _("专家被取消评审资格（%(a)s），任务移交其他专家%(s)s。") % {
                "a": rule.article, "s": _("；已提交的评分表不再计入共识") if set_aside else ""}
            a.save(update_fields=["state", "declaration_note"])
            for perm in EXPERT_PERMS:
                remove_perm(perm, expert.user, a.application)
            handed.append({"assignment": a.pk, "application": a.application_id, "panel": a.panel_id,
                           "stage": a.panel.stage, "sheet_set_aside": set_aside})
        PanelMember.objects.filter(expert=locked, panel_id__in={a.panel_id for a in tasks}).delete()
        locked.active = False
        locked.save(update_fields=["active"])
        expert.active = False
        locked.user.groups.remove(access.city_group(expert.city, Role.EXPERT))
        sanction = ReviewerSanction.objects.create(
            expert=locked, ground=ground, reason=reason, article=rule.article, decided_by=rule.decided_by.value,
            approval=approval, consequences=consequences, handed_over=handed, rule_version=rule_set.version,
            recorded_by=actor, recorded_role=role.value,
        )
        _audit(sanction, tasks, actor, role)
        _notify(sanction, tasks)
    return sanction


def _audit(sanction: ReviewerSanction, tasks: list[Assignment], actor, role: Role) -> None:
    """One audit entry per affected application (its status unchanged): who, in which role, why, the article."""
    seen = set()
    for a in tasks:
        if a.application_id in seen:
            continue
        seen.add(a.application_id)
        application = a.application
        AuditEntry.objects.create(
            application=application, action=ACTION, actor=actor, actor_role=role.value,
            from_state=application.status, to_state=application.status,
            reason=_("评审组成员调整：一名评审专家因%(g)s被%(body)s取消评审资格，其%(stage)s任务移交其他专家。")
            % {"g": sanction.ground, "body": sanction.decided_by,
               "stage": staff_label(a.panel.stage, application.rules)},
            article=sanction.article, rule_version=application.cycle.rule_set.version,
        )


def _notify(sanction: ReviewerSanction, tasks: list[Assignment]) -> None:
    expert = sanction.expert
    made = []
    notice, created = Notice.objects.get_or_create(
        event_key=f"review:disqualified:{sanction.pk}", recipient=expert.user,
        defaults={"subject": _("【%(city)s】评审资格已被取消") % {"city": expert.city.name},
                  "body": refusal(expert)})
    if created:
        made.append(notice.pk)
    if tasks:
        panels_text = join_list(sorted({a.panel.name for a in tasks}))
        for officer in access.city_group(expert.city, Role.OFFICE).user_set.all():
            notice, created = Notice.objects.get_or_create(
                event_key=f"review:handover:{sanction.pk}", recipient=officer,
                defaults={"subject": _("【%(city)s】评审任务待移交：%(n)s") % {"city": expert.city.name,
                                                                          "n": expert.name},
                          "body": _("%(n)s已被取消评审资格（%(a)s），其在%(p)s的%(k)s项未完成评审任务已关闭。"
                                    "请在该专家的页面或评审组页面补充评审专家。")
                          % {"n": expert.name, "a": sanction.article, "p": panels_text, "k": len(tasks)}})
            if created:
                made.append(notice.pk)
    if made:
        transaction.on_commit(lambda: queue_emails(made))


# -- the hand-over: who may replace the expert on each panel ---------------------------------------------
@dataclass
class Handover:
    panel: Panel
    stage: str
    applications: list[Application]
    size: int
    short: bool
    needs_industry_expert: bool
    needs_leader: bool
    sheets_set_aside: int
    candidates: list[Expert] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return not (self.short or self.needs_industry_expert or self.needs_leader)


def handovers(sanction: ReviewerSanction) -> list[Handover]:
    """For each panel the expert left: what it lacks now and the pool members who may join it."""
    by_panel: dict[int, list[dict]] = {}
    for row in sanction.handed_over:
        by_panel.setdefault(row["panel"], []).append(row)
    if not by_panel:
        return []
    panels = (Panel.objects.filter(pk__in=by_panel).select_related("cycle__rule_set", "cycle__city")
              .prefetch_related("members__expert").order_by("name"))
    apps = {a.pk: a for a in Application.objects.filter(pk__in={r["application"] for rows in by_panel.values()
                                                               for r in rows})
            .exclude(status__in=END_STATES)
            .select_related("organisation", "individual", "cycle__rule_set")}
    pool = list(Expert.objects.filter(city=sanction.expert.city, active=True)
                .prefetch_related("employments", "relations").order_by("name"))
    out = []
    for panel in panels:
        rule = panel.cycle.rules.panel
        members = list(panel.members.all())
        on_panel = {m.expert_id for m in members}
        open_apps = [apps[r["application"]] for r in by_panel[panel.pk] if r["application"] in apps]
        needs_industry = rule.industry_expert_required.value and not any(m.expert.is_industry_expert for m in members)
        full = rule.max_size.value is not None and len(members) >= rule.max_size.value
        candidates = []
        if open_apps and not full:
            for e in pool:
                if e.pk in on_panel or (needs_industry and not e.is_industry_expert):
                    continue
                if any(conflicts.find(e, a) for a in open_apps):
                    continue
                candidates.append(e)
        out.append(Handover(
            panel=panel, stage=staff_label(panel.stage, panel.cycle.rules), applications=open_apps,
            size=len(members), short=len(members) < rule.min_size.value, needs_industry_expert=needs_industry,
            needs_leader=rule.leader.value and not any(m.is_leader for m in members),
            sheets_set_aside=sum(1 for r in by_panel[panel.pk] if r["sheet_set_aside"]), candidates=candidates,
        ))
    return out


def public_notices(limit: int = 200) -> list[ReviewerSanction]:
    """The disqualifications the city's rules say are announced to the public (曲靖 第三十一条: 取消评审员资格，并向社会
    公告), newest first: the expert's name and city, the ground, the deciding body and the article; never the
    facts recorded for the office (`reason`)."""
    rows = ReviewerSanction.objects.select_related("expert__city").order_by("-recorded_at", "-pk")
    return [s for s in rows[: limit * 5]
            if any(c.get("kind") == SanctionConsequence.PUBLIC_NOTICE for c in s.consequences)][:limit]
