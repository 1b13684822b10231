"""The deciding body's vote on the candidate list (评委会审议表决 / 领导小组审议).

The office opens a sitting with the members present (the quorum is read from the city's rules,
``ranking.committee.quorum``), and every member of the city's committee is told of it, with the link to the
sitting's page where each candidate's scores and review report are read (tell_members); each member present
casts one vote per candidate (同意/不同意/弃权), once and for good; the office counts. A candidate passes with
more than ``pass_share`` of the members present voting for it. Passed candidates go on (lifecycle.perform
advance) and, where the next stage is a publicity (公示), are published at once (awards publicity.publish); the
others stop as not selected.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.domain import lifecycle, notices, publicity
from awards.domain.access import is_committee, is_office
from awards.models import Application, Cycle
from awards.tasks import email_later
from awards.workflow import ROLE_PERMISSIONS, Status, staff_label
from cities.schema import Role
from core.errors import InvalidInput, TransitionDenied
from core.i18n import long_date

from ..models import CommitteeSitting, CommitteeTally, CommitteeVote, ShortlistEntry


def members(city):
    """The committee's members: active users in the city's committee group."""
    return get_user_model().objects.filter(
        is_active=True, groups__city_role__city=city, groups__city_role__role=Role.COMMITTEE.value
    ).distinct().order_by("last_name", "first_name", "username")


def open_sitting_of(cycle: Cycle) -> CommitteeSitting | None:
    return CommitteeSitting.objects.filter(cycle=cycle, closed_at__isnull=True).first()


def candidates(cycle: Cycle) -> list[Application]:
    """The applications before the committee, in the order of the confirmed candidate list."""
    apps = list(Application.objects.filter(cycle=cycle, status=Status.COMMITTEE_DECISION).with_rules()
                .select_related("organisation", "individual"))
    positions = dict(ShortlistEntry.objects.filter(application__in=apps, shortlist__stage=Status.RANKING)
                     .values_list("application_id", "position"))
    return sorted(apps, key=lambda a: (a.award_kind, positions.get(a.pk) or 10**6, a.reference))


def _need(value) -> Decimal:
    return Decimal(str(value))


def quorum_needed(cycle: Cycle, total: int) -> int:
    """Fewest members present that is more than the quorum share of all members."""
    share = _need(cycle.rules.ranking.committee.quorum.value)
    return int(share * total) + 1


def open_sitting(cycle: Cycle, actor, present_ids) -> CommitteeSitting:
    if not is_office(actor, cycle.city):
        raise TransitionDenied(_("只有本市评审办公室可以召集评审委员会会议。"))
    if open_sitting_of(cycle) is not None:
        raise InvalidInput(_("本周期已有一次会议正在进行，请先计票。"))
    if not candidates(cycle):
        raise InvalidInput(_("目前没有待审议的候选名单。"))
    all_members = list(members(cycle.city))
    try:
        chosen = {int(pk) for pk in present_ids}
    except (TypeError, ValueError):
        raise InvalidInput(_("出席委员名单无效。")) from None
    by_id = {m.pk: m for m in all_members}
    if chosen - set(by_id):
        raise InvalidInput(_("出席名单中有非本市评审委员会委员的人员。"))
    rule = cycle.rules.ranking.committee.quorum
    needed = quorum_needed(cycle, len(all_members))
    if len(chosen) < needed:
        raise InvalidInput(_("出席委员%(present)s人，不足法定人数（委员%(total)s人，"
                             "须至少%(needed)s人出席；%(cite)s）。")
                           % {"present": len(chosen), "total": len(all_members), "needed": needed,
                              "cite": rule.citation})
    article = cycle.rules.stage(Status.COMMITTEE_DECISION).article
    with transaction.atomic():
        sitting = CommitteeSitting.objects.create(cycle=cycle, members_total=len(all_members), article=article,
                                                  opened_by=actor)
        sitting.present.set([by_id[pk] for pk in sorted(chosen)])
        tell_members(sitting, all_members)
    return sitting


def tell_members(sitting: CommitteeSitting, all_members=None) -> list:
    """Every committee member of the city is told of the sitting: when, the candidates, the link to the sitting's
    page (their reports and scores are read there before voting). Inbox and e-mail through the outbox, once."""
    cycle = sitting.cycle
    rules = cycle.rules
    opened = timezone.localtime(sitting.opened_at)
    link = (getattr(settings, "PORTAL_BASE_URL", "") or "").rstrip("/") + reverse("committee:sitting",
                                                                                   args=[cycle.pk])
    body = rules.bodies.deciding_body.value
    pending = notices.tell(
        all_members if all_members is not None else members(cycle.city),
        event_key=f"committee:sitting:{sitting.pk}",
        subject=_("【%(city)s】%(body)s会议已召开：%(cycle)s") % {"city": rules.name, "body": body, "cycle": cycle},
        lines=[
            _("%(body)s会议于%(date)s %(time)s召开，审议%(cycle)s的候选名单（%(n)s名）。") % {
                "body": body, "date": long_date(opened.date()), "time": opened.strftime("%H:%M"), "cycle": cycle,
                "n": len(candidates(cycle))},
            _("请在表决前查阅各候选的评审报告和得分；出席会议的委员在会议页面投票：%(link)s") % {"link": link},
        ],
    )
    email_later(pending)
    return pending


def cast_vote(sitting: CommitteeSitting, application: Application, member, choice: str) -> CommitteeVote:
    """One member's vote on one candidate. Append-only: a second vote is refused."""
    if choice not in CommitteeVote.Choice.values:
        raise InvalidInput(_("请选择同意、不同意或弃权。"))
    if not is_committee(member, sitting.cycle.city) or not sitting.present.filter(pk=member.pk).exists():
        raise TransitionDenied(_("只有出席本次会议的本市评审委员会委员可以投票。"))
    try:
        with transaction.atomic():
            # Lock the sitting row: a vote and the count (which updates the row) never overlap.
            if not CommitteeSitting.objects.select_for_update().filter(pk=sitting.pk, closed_at__isnull=True).exists():
                raise InvalidInput(_("本次会议已计票，不能再投票。"))
            if application.cycle_id != sitting.cycle_id or application.status != Status.COMMITTEE_DECISION:
                raise InvalidInput(_("该申报不在本次会议的审议名单中。"))
            if not member.has_perm(ROLE_PERMISSIONS[Role.COMMITTEE], application):
                raise TransitionDenied(_("您无权对该申报投票。"))
            return CommitteeVote.objects.create(sitting=sitting, application=application, member=member,
                                                choice=choice)
    except IntegrityError:
        raise InvalidInput(_("您已对该候选投过票，投票不可更改。")) from None


@dataclass(frozen=True)
class Count:
    application: Application
    votes_for: int
    votes_against: int
    abstentions: int
    not_voted: int
    present: int
    passed: bool


def counts(sitting: CommitteeSitting, apps: list[Application] | None = None) -> list[Count]:
    """The running count per candidate (three queries)."""
    apps = apps if apps is not None else candidates(sitting.cycle)
    present = sitting.present.count()
    share = _need(sitting.cycle.rules.ranking.committee.pass_share.value)
    tally: dict[int, dict[str, int]] = {a.pk: {} for a in apps}
    for app_id, choice in CommitteeVote.objects.filter(sitting=sitting).values_list("application_id", "choice"):
        if app_id in tally:
            tally[app_id][choice] = tally[app_id].get(choice, 0) + 1
    result = []
    for a in apps:
        t = tally[a.pk]
        votes_for, against, abstain = (t.get(c, 0) for c in CommitteeVote.Choice.values)
        result.append(Count(a, votes_for, against, abstain, present - votes_for - against - abstain, present,
                            votes_for > share * present))
    return result


def count_votes(sitting: CommitteeSitting, actor) -> list[CommitteeTally]:
    """Close the sitting: record the count, move passed candidates on (and publish them where the next stage
    is a publicity), stop the others. All or nothing."""
    cycle = sitting.cycle
    if not is_office(actor, cycle.city):
        raise TransitionDenied(_("只有本市评审办公室可以计票。"))
    rules = cycle.rules
    cite = rules.ranking.committee.pass_share.citation
    with transaction.atomic():
        claimed = CommitteeSitting.objects.filter(pk=sitting.pk, closed_at__isnull=True).update(
            closed_at=timezone.now(), closed_by=actor)
        if not claimed:
            raise InvalidInput(_("本次会议已计票。"))
        results = counts(sitting)
        tallies = CommitteeTally.objects.bulk_create(
            CommitteeTally(sitting=sitting, application=c.application, present=c.present, votes_for=c.votes_for,
                           votes_against=c.votes_against, abstentions=c.abstentions, not_voted=c.not_voted,
                           passed=c.passed)
            for c in results
        )
        moved: dict[str, list[Application]] = {}
        for c in results:
            words = _("出席%(present)s人，同意%(yes)s、不同意%(no)s、弃权%(abstain)s、未投票%(none)s（%(cite)s）") % {
                "present": c.present, "yes": c.votes_for, "no": c.votes_against, "abstain": c.abstentions,
                "none": c.not_voted, "cite": cite}
            if c.passed:
                lifecycle.perform(c.application, "advance", actor, reason=_("审议通过：") + words,
                                  article=sitting.article)
                moved.setdefault(c.application.status, []).append(c.application)
            else:
                lifecycle.perform(c.application, "stop", actor, reason=_("审议未通过：") + words,
                                  article=sitting.article)
        for stage, apps in moved.items():
            rule = rules.stage(stage)
            if rule is not None and rule.advance_after_period and rule.actor in (Role.SYSTEM, Role.OFFICE):
                publicity.publish(cycle=cycle, stage=stage, applications=apps, actor=actor,
                                  title=f"{cycle}{staff_label(stage, rules)}")
    return tallies
