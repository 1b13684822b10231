"""The office's ranking page (综合评价): the list for the next stage after document review, the candidate
list within the quotas, the weights; and the feedback report PDF.

Who: the ranking pages, the city's office; the board (read only, no forms) also the city's supervisors
(Role.SUPERVISOR); others 403, an unknown cycle 404. The feedback report: the city's office, and the applicant
once the decision about them is made (others 404). The CSV export of the whole board: the board's readers.

At 10,000 applications the board is not one 8 MB page: each group shows its proposal and the best candidates just
outside it (split_rows), the rest one page of PAGE_SIZE at a time, a count per award kind, and the CSV export.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from awards.domain import access
from awards.models import Application, Cycle
from awards.workflow import staff_label
from cities.schema import Role
from core.errors import InvalidInput, TransitionError
from core.i18n import join_list
from portal.decorators import requires
from reviews.domain import supervision
from reviews.domain.ranking import board, quotas, scores, shortlists, weights
from reviews.domain.ranking import set_aside as set_aside_steps
from reviews.models import RankingWeights, Shortlist


def _reader_cycle(request, cycle_pk) -> tuple[Cycle, bool]:
    """The cycle and whether the user is its city's office; its supervisors may read; anyone else 403."""
    cycle = get_object_or_404(Cycle.objects.select_related("city", "rule_set"), pk=cycle_pk)
    access.require(request.user, "ranking.read", cycle)
    if cycle.rules.ranking is None:
        raise Http404(_("该城市规则文件未设定综合评价规则。"))
    return cycle, access.is_office(request.user, cycle.city)


def _office_cycle(request, cycle_pk) -> Cycle:
    cycle, _office = _reader_cycle(request, cycle_pk)
    access.require(request.user, "ranking.decide", cycle)
    return cycle


@requires()
def index(request):
    """The office and the supervisors: their cities' cycles."""
    cities = access.cities_with(request.user, {Role.OFFICE, Role.SUPERVISOR})
    cycles = Cycle.objects.filter(city__in=cities).select_related("city").order_by("city__code", "-year")
    access.require(request.user, "ranking.index", cycles)
    return render(request, "reviews/ranking/index.html", {"cycles": cycles})


def _num(value) -> str | None:
    """Numbers as plain strings: the page may list a thousand rows, and localising each is slow."""
    return None if value is None else str(value)


PAGE_SIZE = 100  # rows of "the rest" per page of one group (a page at 10,000 applications stays well under 1 MB)
BORDERLINE = 5  # the best candidates just outside the proposal, always shown beside it


def _row(shown: board.Board, outcome, application, stages, notes, thresholds, rules) -> dict:
    """One candidate's line on the board."""
    r = outcome.ranked
    method = shown.methods[r.candidate.award_kind]
    return {
        "id": application.pk, "position": r.position, "tied": r.tied_with_previous,
        "reference": application.reference, "name": application.applicant_name,
        "award": rules.award_kind(application.award_kind).name,
        "cells": [(_num(r.candidate.stage_scores.get(s)), _num(method.stage_full_marks.get(s))) for s in stages],
        "score": _num(r.score), "missing": [staff_label(s) for s in r.missing if s != "-"],
        "is_sme": r.candidate.is_sme, "repeat": r.candidate.repeat_winner, "outside": outcome.outside_quota,
        "proposed": outcome.selected, "reason": outcome.reason,
        "below": notes.get(r.candidate.award_kind) if notes and quotas.below_threshold(outcome, thresholds)
        else "",
        "comments": shown.comments.get(application.pk),
        "incomplete": not r.complete,  # the office may set it aside (set_aside) rather than wait
    }


def split_rows(outcomes) -> tuple[list[int], list[int]]:
    """The indexes always shown (the proposal and the BORDERLINE best complete candidates outside it) and the
    rest, both in ranking order. The proposal is always on the page, so the confirm form always carries it; a
    row of the rest is ticked on its own page."""
    head, rest, border = [], [], 0
    for index, outcome in enumerate(outcomes):
        if outcome.selected:
            head.append(index)
        elif outcome.ranked.complete and border < BORDERLINE:
            border += 1
            head.append(index)
        else:
            rest.append(index)
    return head, rest


def _page_link(request, param: str, number: int, anchor: str) -> str:
    query = request.GET.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}#{anchor}"


def _counts(group: board.Group, rules) -> list[tuple[str, int, int]]:
    """Per award kind of the group: its name, the candidates and the proposed."""
    found: dict[str, list[int]] = {k: [0, 0] for k in group.quota_seats.award_kinds}
    for outcome in group.outcomes:
        counts = found.setdefault(outcome.ranked.candidate.award_kind, [0, 0])
        counts[0] += 1
        counts[1] += 1 if outcome.selected else 0
    return [(rules.award_kind(k).name, n, chosen) for k, (n, chosen) in found.items() if n]


def _table(shown: board.Board, group: board.Group, rules, request=None) -> dict:
    notes = {}  # award kind -> the warning next to a candidate under the score line (final list only)
    if shown.section == board.FINAL:
        notes = {k: weights.threshold_note(rules, k, v) for k, v in group.thresholds.items() if v is not None}
    stages = []
    for kind in group.quota_seats.award_kinds:
        for stage in shown.methods[kind].stages:
            if stage not in stages:
                stages.append(stage)
    key = group.quota_seats.key
    anchor = f"g-{shown.section}-{key}"
    param = f"p-{shown.section}-{key}"
    outcomes = group.outcomes
    head, rest = split_rows(outcomes)
    page = Paginator(rest, PAGE_SIZE).get_page(request.GET.get(param) if request else None)

    def rows_of(indexes):
        return [_row(shown, outcomes[i], group.applications[outcomes[i].ranked.candidate.id], stages, notes,
                     group.thresholds, rules) for i in indexes]

    return {
        "key": key, "anchor": anchor, "award_names": group.award_names, "seats": group.seats,
        "quota_seats": group.quota_seats, "stages": [(s, staff_label(s)) for s in stages],
        "rows": rows_of(head), "rest": rows_of(page.object_list), "rest_page": page, "rest_count": len(rest),
        "total": len(outcomes), "proposed_count": sum(1 for o in outcomes if o.selected),
        "counts": _counts(group, rules),
        "previous_url": _page_link(request, param, page.previous_page_number(), anchor)
        if request and page.has_previous() else "",
        "next_url": _page_link(request, param, page.next_page_number(), anchor)
        if request and page.has_next() else "",
        "incomplete": [(o.ranked.candidate.id, o.ranked.candidate.reference, o.ranked.candidate.name)
                       for o in outcomes if not o.ranked.complete],
        "warnings": group.warnings, "complete": group.complete,
        "drawn": rules.award_kind(group.drawn_into) if group.drawn_into else None,
        "keeps_for_next_tier": group.keeps_for_next_tier,
        "thresholds": [(rules.award_kind(k), v) for k, v in group.thresholds.items() if v is not None],
    }


@requires()
def board_page(request, cycle_pk):
    """The city's office: both lists with the proposal, the weights, quotas and rules with citations."""
    cycle, office = _reader_cycle(request, cycle_pk)
    rules = cycle.rules
    sections = []
    for section, title in ((board.SHORTLIST, _("资料评审后：确定进入下一阶段的名单")),
                           (board.FINAL, _("综合排名：确定提交审议的候选名单"))):
        shown = board.read(cycle, section)
        sections.append({
            "key": section, "title": title, "status": shown.status,
            "stage_label": staff_label(shown.status, rules), "article": rules.stage(shown.status).article,
            "groups": [_table(shown, g, rules, request) for g in shown.groups],
            "set_aside": shown.set_aside,
        })
        in_force = shown.weights
    cut = rules.ranking.shortlist
    quota_names = {q.key: join_list(rules.award_kind(k).name for k in q.award_kinds) for q in rules.quotas}
    context = {
        "cycle": cycle, "rules": rules, "sections": sections,
        "weights": [(rules.award_kind(k), [(staff_label(s), w) for s, w in v.values.items()], v)
                    for k, v in in_force.items()],
        "cut": cut, "cut_stage": staff_label(cut.after.value, rules),
        "tie_break": scores.TIE_BREAK_TEXT,
        "selection_rule": SELECTION_RULE_TEXT,
        "quotas": [(q, [rules.award_kind(k).name for k in q.award_kinds]) for q in rules.quotas],
        "repeat_rules": [(award, rules.repeat_outside(award.key)) for award in rules.award_kinds],
        "read_only": not office, "comment_article": board.comment_stage_article(rules),
        # the supervisory group's written opinion the candidate list waits for (Jinan 第十六条), and its page
        "supervision_missing": supervision.opinion_missing(cycle, board.FINAL),
        "supervision_group": office and supervision.group_rules(cycle) is not None,
        "history": [
            (s, staff_label(s.stage, rules), quota_names.get(s.quota_key, s.quota_key))
            for s in Shortlist.objects.filter(cycle=cycle).select_related("confirmed_by").order_by("-confirmed_at")[:20]
        ],
    }
    return render(request, "reviews/ranking/board.html", context)


# The plain-language version of the selection rule in reviews.domain.ranking.quotas' docstring.
SELECTION_RULE_TEXT = gettext_lazy(
    "同一名额内的申报按综合得分（折算为奖项满分的比例）排序，未完成评分或未达分数线的不入选；依次占用名额，"
    "为中小企业预留的名额只由中小企业占用（无中小企业且名额可以空缺的，预留名额空缺；有符合条件的中小企业时，"
    "确认的名单不能留空预留名额）；规则规定该奖项再次获奖不占名额的，再次获奖者达到分数线即入选，不占名额，"
    "也不受剩余名额限制；按届计算名额的，本届此前各次评定已授奖数计入。"
)


@requires()
@require_POST
def confirm(request, cycle_pk):
    """The city's office (POST): confirm one list; errors come back as a Chinese message, nothing changed."""
    cycle = _office_cycle(request, cycle_pk)
    try:
        shortlists.confirm(cycle, request.POST.get("section", ""), request.POST.get("quota", ""),
                           request.POST.getlist("selected"), request.user, reason=request.POST.get("reason", ""))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("名单已确认：入选者已进入下一阶段，其余申报已终止并通知申报人。"))
    return redirect("office:ranking_board", cycle_pk=cycle.pk)


def _posted_application(request, cycle):
    """The application chosen in the form; InvalidInput when none was chosen, 404 for one not of this cycle."""
    raw = (request.POST.get("application") or "").strip()
    if not raw:
        raise InvalidInput(_("请选择申报。"))
    application = (Application.objects.with_rules().select_related("organisation", "individual")
                   .filter(pk=int(raw), cycle=cycle).first() if raw.isascii() and raw.isdigit() and len(raw) < 19
                   else None)
    if application is None:
        raise Http404(_("本周期没有这份申报。"))
    return application


@requires()
@require_POST
def set_aside(request, cycle_pk):
    """The city's office (POST): set one application without a complete ranking aside from a list (暂缓列入本轮排名),
    with a reason; the list is then confirmed without it. Nothing changes on a refusal."""
    cycle = _office_cycle(request, cycle_pk)
    try:
        application = _posted_application(request, cycle)
        set_aside_steps.set_aside(cycle, request.POST.get("section", ""), application, request.user,
                                  request.POST.get("reason", ""))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(ref)s已暂缓列入本轮排名，名单可不含该申报确认；已记录理由并通知申报人。") % {
            "ref": application.reference})
    return redirect("office:ranking_board", cycle_pk=cycle.pk)


@requires()
@require_POST
def bring_back(request, cycle_pk):
    """The city's office (POST): bring a set-aside application back to the list, with a reason."""
    cycle = _office_cycle(request, cycle_pk)
    try:
        application = _posted_application(request, cycle)
        set_aside_steps.bring_back(cycle, request.POST.get("section", ""), application, request.user,
                                   request.POST.get("reason", ""))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(ref)s已恢复参加排名。") % {"ref": application.reference})
    return redirect("office:ranking_board", cycle_pk=cycle.pk)


@requires()
def weights_page(request, cycle_pk, award_kind):
    """The city's office: its own weights where the rule file leaves them to it, with the change history."""
    cycle = _office_cycle(request, cycle_pk)
    rules = cycle.rules
    try:
        award = rules.award_kind(award_kind)
    except KeyError:
        raise Http404(_("本市没有该奖项。")) from None
    in_force = weights.weights_in_force(cycle)[award.key]
    if request.method == "POST":
        try:
            weights.set_weights(cycle, award.key, request.POST, request.user, reason=request.POST.get("reason", ""))
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("权重已调整并记录。"))
            return redirect("office:ranking_board", cycle_pk=cycle.pk)
    cited = rules.ranking.weights[award.applicant_kind]
    fields = [(s.value, staff_label(s.value, rules), in_force.values.get(s.value, 0)) for s in cited.value]
    history = RankingWeights.objects.filter(cycle=cycle, award_kind=award.key).select_related("changed_by")
    return render(request, "reviews/ranking/weights.html", {
        "cycle": cycle, "award": award, "cited": cited, "fields": fields, "in_force": in_force,
        "history": history,
    })


def _cell(value):
    """A CSV cell a spreadsheet will not run as a formula (an applicant's name may begin with "=")."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _export_lines(shown: board.Board, rules):
    """The full board of one section as CSV lines: every candidate of every group, in ranking order."""
    for group in shown.groups:
        quota = join_list(group.award_names)
        for outcome, application in group.rows:
            r = outcome.ranked
            stages = ", ".join(f"{staff_label(s, rules)} {_num(v)}" for s, v in r.candidate.stage_scores.items())
            yield [_cell(v) for v in [staff_label(shown.status, rules), quota, r.position or "", application.reference,
                   application.applicant_name, rules.award_kind(application.award_kind).name, stages,
                   _num(r.score) or "", _("是") if r.candidate.is_sme else "",
                   _("入选") if outcome.selected else _("不入选"), outcome.reason]]


@requires()
def export(request, cycle_pk):
    """The city's office and supervisors: the whole board of both lists as CSV (Excel opens it: UTF-8 with a
    byte-order mark), the page itself showing the proposal and one page of the rest."""
    cycle, _office = _reader_cycle(request, cycle_pk)
    rules = cycle.rules
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ranking-{cycle.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("阶段"), _("名额"), _("名次"), _("申报编号"), _("申报单位/个人"), _("奖项"), _("各环节得分"),
                     _("综合得分"), _("中小企业"), _("建议"), _("说明")])
    for section in (board.SHORTLIST, board.FINAL):
        writer.writerows(_export_lines(board.read(cycle, section), rules))
    return response
