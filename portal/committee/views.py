"""The committee's vote (评委会审议表决).

Who: the city's office (opens the sitting with the members present, counts; every member is told of it) and the
city's committee members (see the candidates with their scores, rank and review reports; vote while present at an
open sitting); the city's supervisors (Role.SUPERVISOR)
read the candidates and the result, without any button. Anyone else: 403; unknown cycle: 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.domain import access
from awards.models import Application, Cycle
from awards.workflow import Status, staff_label
from cities.schema import Role
from core.errors import TransitionError
from portal.decorators import requires
from reviews.domain import committee, feedback, results
from reviews.domain.ranking import board, weights
from reviews.models import CommitteeSitting, CommitteeTally, CommitteeVote, Consensus, ShortlistEntry


def _cycle_for(request, cycle_pk, *, readers=False) -> tuple[Cycle, bool, bool]:
    """The cycle, whether the user is its city's office and whether a committee member. `readers`: the city's
    supervisors may read too (GET pages only: committee.read; posts: committee.take_part)."""
    cycle = get_object_or_404(Cycle.objects.select_related("city", "rule_set"), pk=cycle_pk)
    access.require(request.user, "committee.read" if readers else "committee.take_part", cycle)
    if cycle.rules.ranking is None:
        raise Http404(_("该城市规则文件未设定审议规则。"))
    return cycle, access.is_office(request.user, cycle.city), access.is_committee(request.user, cycle.city)


@requires()
def index(request):
    """The office's and the committee members' cities' cycles."""
    cities = access.cities_with(request.user, {Role.OFFICE, Role.COMMITTEE, Role.SUPERVISOR})
    cycles = Cycle.objects.filter(city__in=cities).select_related("city").order_by("city__code", "-year")
    access.require(request.user, "committee.index", cycles)
    return render(request, "reviews/committee/index.html", {"cycles": cycles})


@requires()
def sitting_page(request, cycle_pk):
    """The city's office and committee members: the candidates; members vote, the office sees the count.
    The city's supervisors: the same page read only."""
    cycle, office, member = _cycle_for(request, cycle_pk, readers=True)
    rules = cycle.rules
    candidates = committee.candidates(cycle)
    sitting = committee.open_sitting_of(cycle)
    present_ids = set(sitting.present.values_list("pk", flat=True)) if sitting else set()
    listed, positions = {}, {}
    for app_id, score, reason, position in ShortlistEntry.objects.filter(
        application__in=candidates, shortlist__stage=Status.RANKING,
    ).values_list("application_id", "score", "shortlist__reason", "position"):
        listed[app_id], positions[app_id] = (score, reason), position
    scores = {app_id: score for app_id, (score, _reason) in listed.items()}
    # each panel's consensus score per scored stage, in the route's order (two queries for all candidates)
    stage_scores = results.stage_results(candidates)
    route = [s.kind.value for s in rules.stages]
    my_votes = {}
    if sitting and member:
        my_votes = dict(CommitteeVote.objects.filter(sitting=sitting, member=request.user)
                        .values_list("application_id", "choice"))
    counts = {c.application.pk: c for c in committee.counts(sitting, candidates)} if sitting and office else {}
    comments = board.public_comments(cycle, [a.pk for a in candidates])
    rows = [{"application": a, "award": rules.award_kind(a.award_kind).name, "score": scores.get(a.pk),
             "position": positions.get(a.pk),
             "stages": [(staff_label(k, rules), stage_scores[a.pk][k]) for k in route if k in stage_scores[a.pk]],
             "my_vote": CommitteeVote.Choice(my_votes[a.pk]).label if a.pk in my_votes else None,
             "count": counts.get(a.pk), "comments": comments.get(a.pk),
             "below": weights.under_line_warning(rules, a.award_kind, *listed.get(a.pk, (None, "")))}
            for a in candidates]
    last = CommitteeSitting.objects.filter(cycle=cycle, closed_at__isnull=False).order_by("-closed_at").first()
    tallies = (CommitteeTally.objects.filter(sitting=last).select_related("application__organisation",
                                                                         "application__individual")
               if last else [])
    all_members = list(committee.members(cycle.city)) if office else []
    voting = rules.ranking.committee
    return render(request, "reviews/committee/sitting.html", {
        "cycle": cycle, "rules": rules, "office": office, "member": member, "rows": rows, "sitting": sitting,
        "present_count": len(present_ids), "may_vote": bool(sitting and request.user.pk in present_ids),
        "members": all_members, "needed": committee.quorum_needed(cycle, len(all_members)) if office else None,
        "voting": voting, "quorum_pct": f"{voting.quorum.value * 100:g}",
        "pass_pct": f"{voting.pass_share.value * 100:g}",
        "stage_label": staff_label(Status.COMMITTEE_DECISION, rules),
        "article": rules.stage(Status.COMMITTEE_DECISION).article, "choices": CommitteeVote.Choice.choices,
        "last": last, "tallies": tallies, "body": rules.bodies.deciding_body,
        "read_only": not (office or member), "comment_article": board.comment_stage_article(rules),
        "reports": office or member,  # the review reports: committee.candidate_report
    })


@requires()
def candidate_report(request, cycle_pk, app_pk):
    """The city's committee members (while the candidate is before the committee, or once counted) and its office:
    one candidate's review report — each panel's consensus score and report, the combined score and rank, the
    strengths and opportunities per category — read before voting. Anyone else: 404."""
    cycle = get_object_or_404(Cycle.objects.select_related("city", "rule_set"), pk=cycle_pk)
    application = (Application.objects.with_rules().select_related("organisation", "individual", "cycle__city")
                   .filter(pk=app_pk, cycle=cycle).first())
    access.require(request.user, "committee.candidate_report", application)
    rules = application.rules
    order = {s.kind.value: i for i, s in enumerate(rules.stages)}
    found = sorted(Consensus.objects.filter(application=application).select_related("panel"),
                   key=lambda c: order.get(c.stage, len(order)))
    entry = (ShortlistEntry.objects.filter(application=application, shortlist__stage=Status.RANKING)
             .order_by("-shortlist__confirmed_at").first())
    sitting = committee.open_sitting_of(cycle)
    may_vote = bool(sitting and access.is_committee(request.user, cycle.city)
                    and sitting.present.filter(pk=request.user.pk).exists()
                    and application.status == Status.COMMITTEE_DECISION
                    and not CommitteeVote.objects.filter(sitting=sitting, application=application,
                                                         member=request.user).exists())
    return render(request, "reviews/committee/report.html", {
        "cycle": cycle, "app": application, "rules": rules, "award": rules.award_kind(application.award_kind).name,
        "report": feedback.build(application), "entry": entry,
        "consensus": [{"c": c, "stage": staff_label(c.stage, rules)} for c in found],
        "may_vote": may_vote, "choices": CommitteeVote.Choice.choices,
        "stage_label": staff_label(Status.COMMITTEE_DECISION, rules),
    })


@requires()
@require_POST
def open_sitting(request, cycle_pk):
    """The city's office (POST): open a sitting with the members present (quorum from the rules)."""
    cycle, _office, _member = _cycle_for(request, cycle_pk)
    access.require(request.user, "committee.convene", cycle)
    try:
        committee.open_sitting(cycle, request.user, request.POST.getlist("present"))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("会议已开始，出席委员可以投票。"))
    return redirect("committee:sitting", cycle_pk=cycle.pk)


@requires()
@require_POST
def vote(request, cycle_pk, app_pk):
    """A committee member present at the open sitting (POST): one vote on one candidate, once."""
    cycle, _office, _member = _cycle_for(request, cycle_pk)
    access.require(request.user, "committee.vote", cycle)
    application = Application.objects.filter(pk=app_pk, cycle=cycle).first()
    sitting = committee.open_sitting_of(cycle)
    if application is None:
        raise Http404(_("该申报不在本周期的审议名单中。"))
    try:
        if sitting is None:
            raise committee.InvalidInput(_("目前没有正在进行的会议。"))
        committee.cast_vote(sitting, application, request.user, request.POST.get("choice", ""))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已记录您对%(ref)s的表决意见。") % {"ref": application.reference})
    return redirect("committee:sitting", cycle_pk=cycle.pk)


@requires()
@require_POST
def count(request, cycle_pk):
    """The city's office (POST): close the sitting and count; passed ones go to publicity."""
    cycle, _office, _member = _cycle_for(request, cycle_pk)
    access.require(request.user, "committee.count", cycle)
    sitting = committee.open_sitting_of(cycle)
    try:
        if sitting is None:
            raise committee.InvalidInput(_("目前没有正在进行的会议。"))
        committee.count_votes(sitting, request.user)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("计票完成：通过的候选已进入公示，未通过的已终止并通知申报人。"))
    return redirect("committee:sitting", cycle_pk=cycle.pk)
