"""The office confirms one list of the ranking board (确认名单): the selected go on, the others stop.

Where the rule file asks for the supervisory group's written opinion first (`supervision.group.opinions_before`,
Jinan 第十六条), that stage's list is refused until the 届's group has given one. The list is checked against the
board as it stands: every candidate scored, no more than the seats open, the
seats reserved for SMEs filled where an eligible SME is listed and left empty where none is (no other
candidate takes one, whatever the reason, where the quota may stay empty: Qujing 第五条), the score line kept
(or, where the measure says 原则上, crossed only with a written reason), and any change to the proposal
explained. The confirmed list is recorded (reviews.Shortlist with its entries); each application then moves
through awards' lifecycle.perform.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from awards.domain import lifecycle
from awards.domain.access import is_office
from awards.workflow import staff_label
from core.errors import InvalidInput, TransitionDenied
from core.i18n import join_list

from ...models import Shortlist, ShortlistEntry
from .. import supervision
from . import board
from .quotas import below_threshold
from .scores import format_points


def confirm(cycle, section: str, quota_key: str, selected_ids, actor, *, reason: str = ""):
    """The office confirms one list: the selected go on (advance), the others stop (not selected), each
    through lifecycle.perform, which writes the audit entry and tells the applicant. All or nothing."""
    if not is_office(actor, cycle.city):
        raise TransitionDenied(_("只有本市评审办公室可以确认名单。"))
    if section not in (board.SHORTLIST, board.FINAL):
        raise InvalidInput(_("未知的名单类型。"))
    missing = supervision.opinion_missing(cycle, board.section_status(cycle, section))  # Jinan 第十六条
    if missing:
        raise TransitionDenied(missing)
    reason = (reason or "").strip()
    current = board.read(cycle, section)
    group = next((g for g in current.groups if g.quota_seats.key == quota_key), None)
    if group is None:
        raise InvalidInput(_("该名额下没有待确认的申报。"))
    try:
        chosen = {int(pk) for pk in selected_ids}
    except (TypeError, ValueError):
        raise InvalidInput(_("所选申报无效。")) from None
    ids = {o.ranked.candidate.id for o in group.outcomes}
    if chosen - ids:
        raise InvalidInput(_("所选申报不在本名单中（可能已被他人处理），请刷新页面。"))
    if not group.complete:
        waiting = [o.ranked.candidate.reference for o in group.outcomes if not o.ranked.complete]
        raise InvalidInput(_("尚有申报未完成评分，不能确认名单：%(refs)s。") % {"refs": join_list(waiting)})
    outside = {o.ranked.candidate.id for o in group.outcomes if o.outside_quota}
    if section == board.FINAL and group.seats.remaining is not None:
        taken = len(chosen - outside)
        if taken > group.seats.remaining:
            raise InvalidInput(_("所选%(taken)s名超过可用名额%(seats)s名（%(article)s）。") % {
                "taken": taken, "seats": group.seats.remaining, "article": group.seats.article})
    rules = cycle.rules
    _check_sme_seats(group, chosen)
    if section == board.FINAL:
        _check_reserved_seats_stay_empty(group, chosen)
        _check_thresholds(rules, group, chosen, reason)
    if chosen != group.proposed_ids and not reason:
        raise InvalidInput(_("所选名单与按规则排序的建议名单不一致，请填写调整说明。"))
    article = rules.stage(current.status).article
    with transaction.atomic():
        shortlist = Shortlist.objects.create(
            cycle=cycle, stage=current.status, quota_key=quota_key, article=article, reason=reason,
            confirmed_by=actor,
        )
        ShortlistEntry.objects.bulk_create(
            ShortlistEntry(
                shortlist=shortlist, application_id=o.ranked.candidate.id, position=o.ranked.position,
                score=o.ranked.score, proposed=o.selected, selected=o.ranked.candidate.id in chosen,
                outside_quota=o.outside_quota, note=o.reason,
            )
            for o in group.outcomes
        )
        for outcome, application in group.rows:
            if application.pk in chosen and group.drawn_into and application.award_kind != group.drawn_into:
                # one ranking, two lists (Wuhan 第二十三条): placed in the award drawn from its ranking
                drawn = rules.award_kind(group.drawn_into)
                base = rules.award_kind(application.award_kind)
                application.award_kind = drawn.key
                lifecycle.perform(application, "advance", actor, reason=_(
                    "列入“%(drawn)s”候选名单（由“%(base)s”综合排序产生，排名第%(pos)s）") % {
                    "drawn": drawn.name, "base": base.name, "pos": outcome.ranked.position},
                    article=drawn.drawn_from.citation)
            elif application.pk in chosen:
                lifecycle.perform(application, "advance", actor, reason=_("列入名单（排名第%(pos)s）") % {
                    "pos": outcome.ranked.position}, article=article)
            elif group.keeps_for_next_tier:
                continue  # stays at the ranking for the list drawn from it (Wuhan 第二十三条)
            else:
                text = _("未列入%(list)s（%(stage)s排名第%(pos)s，%(why)s）") % {
                    "list": _("下一阶段名单") if section == board.SHORTLIST else _("候选名单"),
                    "stage": staff_label(current.status, rules), "pos": outcome.ranked.position,
                    "why": outcome.reason,
                }
                lifecycle.perform(application, "stop", actor, reason=text, article=article)
    return shortlist


def _check_thresholds(rules, group, chosen, reason):
    """Under the award's score line: refused where the line is strict; where the measure says 原则上 (in principle),
    allowed only with a written reason."""
    below = [o for o in group.outcomes if o.ranked.candidate.id in chosen and below_threshold(o, group.thresholds)]
    for o in below:
        award = rules.award_kind(group.drawn_into or o.ranked.candidate.award_kind)
        if not (award.threshold_in_principle and award.threshold_in_principle.value):
            raise InvalidInput(_(
                "%(ref)s综合得分%(score)s分，低于%(article)s规定的分数线%(line)s分，不能列入候选名单。") % {
                "ref": o.ranked.candidate.reference, "score": o.ranked.score, "article": award.threshold.citation,
                "line": format_points(award.threshold.value)})
    if below and not reason:
        first = rules.award_kind(group.drawn_into or below[0].ranked.candidate.award_kind)
        raise InvalidInput(_(
            "%(refs)s综合得分低于分数线（%(article)s：原则上不低于%(line)s分），列入候选名单须填写调整说明。") % {
            "refs": join_list(o.ranked.candidate.reference for o in below), "article": first.threshold.citation,
            "line": format_points(first.threshold.value)})


def _check_reserved_seats_stay_empty(group, chosen):
    """A seat the measure reserves for an SME (Qujing 第五条) stays empty when no eligible SME takes it, where the
    quota may stay empty: no other candidate fills it, whatever the written reason (quotas.select proposes the
    same). Where the quota may not stay empty (`may_stay_empty` false), the reserved seat goes to the next best."""
    seats = group.seats
    if seats.remaining is None or not seats.reserved_remaining or not seats.may_stay_empty:
        return
    others = [o for o in group.outcomes if o.ranked.candidate.id in chosen and not o.outside_quota
              and not o.ranked.candidate.is_sme]
    open_to_others = seats.remaining - seats.reserved_remaining
    if len(others) > open_to_others:
        raise InvalidInput(_(
            "%(article)s规定名额中%(n)s名预留给中小企业：没有中小企业列入时该名额空缺，不得由其他申报填补（填写调整说明"
            "也不能）。所选非中小企业%(taken)s名，超过其余名额%(open)s名。") % {
            "article": seats.sme_article or seats.article, "n": seats.reserved_remaining, "taken": len(others),
            "open": open_to_others})


def _check_sme_seats(group, chosen):
    """Seats reserved for SMEs (Qujing 第五条) may not be left unfilled while an eligible SME is on the list."""
    reserve = group.seats.reserved_remaining
    if not reserve:
        return
    smes = [o for o in group.outcomes if o.ranked.candidate.is_sme and not o.outside_quota
            and o.ranked.meets(group.thresholds.get(o.ranked.candidate.award_kind))]
    filled = sum(1 for o in smes if o.ranked.candidate.id in chosen)
    waiting = [o.ranked.candidate.reference for o in smes if o.ranked.candidate.id not in chosen]
    if filled < reserve and waiting:
        raise InvalidInput(_(
            "%(article)s规定名额中须有中小企业%(n)s名：所选名单留空了中小企业预留名额，而中小企业%(refs)s符合条件，"
            "请将其列入名单。") % {"article": group.seats.sme_article or group.seats.article, "n": reserve,
                                  "refs": join_list(waiting)})
