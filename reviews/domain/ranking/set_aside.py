"""Setting one unscored application aside from a list of the ranking board (暂缓列入本轮排名), so that the list
is confirmed without it instead of the whole cycle waiting for its score.

The city's office sets aside an application at the list's stage that has no complete ranking yet (a stage result
missing, e.g. no consensus), with a written reason; it may bring it back at any time while the application is still
at that stage (before the list is confirmed it simply rejoins the list; after, it is ranked later for the seats the
confirmed list left, like any late result: board.selected_in_cycle). Nothing changes the application's status:
each step is an append-only RankingSetAside and an AuditEntry on the application (same state, who, role, when, why;
no measure speaks to this step, so no article is cited), and the applicant is told in neutral words (inbox and
e-mail through the outbox). The board (board.read) leaves set-aside applications out of the lists and shows them
apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from awards.domain import access, notices
from awards.models import Application, AuditEntry
from awards.tasks import email_later
from cities.schema import Role
from core.errors import InvalidInput, TransitionConflict, TransitionDenied

from ...models import RankingSetAside

REASON_MAX = 1000
SET_ASIDE = "ranking_set_aside"  # the audit trail's actions (portal.shared.pages.ACTION_WORDS)
BROUGHT_BACK = "ranking_brought_back"
Kind = RankingSetAside.Kind


@dataclass(frozen=True)
class SetAside:
    """An application set aside at a stage, with the record that did it."""

    application: Application
    record: RankingSetAside


def current(cycle, status: str) -> dict[int, RankingSetAside]:
    """Per application of the cycle at `status`: the record that set it aside, where its latest step at that stage
    is a set-aside. One query."""
    latest: dict[int, RankingSetAside] = {}
    for row in (RankingSetAside.objects.filter(application__cycle=cycle, application__status=status, stage=status)
                .select_related("actor", "application__organisation", "application__individual")
                .order_by("recorded_at", "pk")):
        latest[row.application_id] = row
    return {app_id: row for app_id, row in latest.items() if row.kind == Kind.SET_ASIDE}


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写理由。"))
    if len(reason) > REASON_MAX:
        raise InvalidInput(_("理由不能超过%(n)s字。") % {"n": REASON_MAX})
    return reason


def _check(cycle, application: Application, actor, section: str) -> str:
    """The stage of the list, after the checks every step shares."""
    from . import board  # board reads this module's records

    if not access.is_office(actor, cycle.city):
        raise TransitionDenied(_("只有本市评审办公室可以暂缓或恢复申报参加排名。"))
    if section not in (board.SHORTLIST, board.FINAL):
        raise InvalidInput(_("未知的名单类型。"))
    status = board.section_status(cycle, section)
    if application.cycle_id != cycle.pk or application.status != status:
        raise TransitionConflict(_("该申报已不在本名单所处阶段（可能已被他人处理），请刷新页面。"))
    return status


def _record(application: Application, actor, status: str, kind: str, reason: str, audit_reason: str,
            action: str, lines: list[str]) -> RankingSetAside:
    rules = application.rules
    with transaction.atomic():
        row = RankingSetAside.objects.create(application=application, stage=status, kind=kind, reason=reason,
                                             actor=actor, actor_role=Role.OFFICE.value)
        AuditEntry.objects.create(
            application=application, action=action, actor=actor, actor_role=Role.OFFICE.value,
            from_state=status, to_state=status, reason=audit_reason, article="",
            rule_version=application.cycle.rule_set.version,
        )
        subject = _("【%(city)s】您的申报%(ref)s：%(what)s") % {
            "city": rules.name, "ref": application.reference, "what": Kind(kind).label}
        pending = notices.tell(access.applicant_users(application), event_key=f"ranking:{kind}:{row.pk}",
                               subject=subject, lines=[_("%(name)s：") % {"name": application.applicant_name},
                                                       *lines], application=application)
        email_later(pending)
    return row


def set_aside(cycle, section: str, application: Application, actor, reason: str) -> RankingSetAside:
    """The office sets one application without a complete ranking aside from the list of `section`."""
    from . import board

    status = _check(cycle, application, actor, section)
    reason = _reason(reason)
    if application.pk in current(cycle, status):
        raise InvalidInput(_("该申报已暂缓列入本轮排名。"))
    shown = board.read(cycle, section)
    outcome = next((o for g in shown.groups for o in g.outcomes if o.ranked.candidate.id == application.pk), None)
    if outcome is None:
        raise InvalidInput(_("该申报不在本名单中，请刷新页面。"))
    if outcome.ranked.complete:
        raise InvalidInput(_("该申报已完成评分，应参加本轮排名，不能暂缓。"))
    words = _("本申报的评审尚未完成，暂不列入本轮名单，待评审完成后另行排名。说明：%(why)s") % {"why": reason}
    return _record(application, actor, status, Kind.SET_ASIDE, reason, words, SET_ASIDE, [
        _("您的申报“%(ref)s”的评审尚未完成，评审办公室决定暂不将其列入本轮名单，待评审完成后另行排名；"
          "这不是对申报的评定结论。") % {"ref": application.reference},
        _("说明：%(why)s") % {"why": reason},
    ])


def bring_back(cycle, section: str, application: Application, actor, reason: str) -> RankingSetAside:
    """The office brings a set-aside application back to the list of `section`."""
    status = _check(cycle, application, actor, section)
    reason = _reason(reason)
    if application.pk not in current(cycle, status):
        raise InvalidInput(_("该申报没有被暂缓，无须恢复。"))
    words = _("恢复参加排名。说明：%(why)s") % {"why": reason}
    return _record(application, actor, status, Kind.BROUGHT_BACK, reason, words, BROUGHT_BACK, [
        _("您的申报“%(ref)s”已恢复参加排名。") % {"ref": application.reference},
        _("说明：%(why)s") % {"why": reason},
    ])
