"""The ranking board: the portal's data read into the groups the office confirms, one per quota.

Two sections: the list of who goes on after the scored stage named in ``rules.ranking.shortlist.after``
(SHORTLIST) and the candidate list within the quotas for the committee (FINAL). ``read`` gathers the applications
at the section's stage, their stage results (reviews.domain.results), the weights in force and the seats still
open, and hands them to the pure ranking (scores) and selection (quotas). A fixed number of queries, whatever the
number of candidates.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, Q

from awards.models import Application, PublicityEntry
from awards.workflow import Status
from cities.schema import StageKind
from core import collector

from ...models import ShortlistEntry
from ..results import stage_results
from . import quotas, set_aside
from .quotas import Seats
from .scores import Candidate, Method, rank
from .weights import WeightsInForce, award_full_marks, score_line, stage_full_marks, weights_in_force

SHORTLIST = "shortlist"  # who goes on after the scored stage named in rules.ranking.shortlist.after
FINAL = "ranking"  # the candidate list within the quotas, for the committee
PUBLIC_COMMENT = StageKind.PUBLIC_COMMENT.value  # comments from the public, shown with the candidates


def methods_for(cycle, section: str, weights: dict[str, WeightsInForce] | None = None) -> dict[str, Method]:
    """The scoring method per award kind: all weighted stages (FINAL), or the cut stage alone (SHORTLIST)."""
    rules = cycle.rules
    weights = weights if weights is not None else weights_in_force(cycle)
    methods = {}
    for award in rules.award_kinds:
        full = award_full_marks(rules, award.key)
        if section == SHORTLIST:
            cut = rules.ranking.shortlist
            stage_weights = {cut.after.value: Decimal(1)}
            line = cut.min_score.value
        else:
            stage_weights = weights[award.key].values
            line = score_line(rules, award.key)
        methods[award.key] = Method(
            weights=stage_weights,
            stage_full_marks={s: stage_full_marks(rules, award.key, s) for s in stage_weights},
            full_marks=full,
            threshold=Decimal(str(line)) if line is not None else None,
        )
    return methods


def decides_after(rules, stage: str) -> bool:
    """Where the rules cut a shortlist after this stage, only the confirmed ranking list moves applications on."""
    return rules.ranking is not None and rules.ranking.shortlist.after == stage


def section_status(cycle, section: str) -> str:
    return cycle.rules.ranking.shortlist.after.value if section == SHORTLIST else FINAL


def load_candidates(cycle, status: str, exclude=()):
    """The applications of the cycle at `status` (but those in `exclude`, e.g. set aside) as Candidates, and the
    applications by id, in reference order. Four queries."""
    applications = list(
        Application.objects.filter(cycle=cycle, status=status).exclude(pk__in=list(exclude)).with_rules()
        .select_related("organisation", "individual").order_by("reference")  # as the ranking takes them (scores.rank)
    )
    if not applications:
        return [], {}
    scores = stage_results(applications)
    org_ids = {a.organisation_id for a in applications if a.organisation_id}
    ind_ids = {a.individual_id for a in applications if a.individual_id}
    earlier = set()
    for org, ind, kind in Application.objects.filter(
        cycle__city_id=cycle.city_id, cycle__year__lt=cycle.year, status=Status.AWARDED,
        award_kind__in={a.award_kind for a in applications},
    ).filter(Q(organisation_id__in=org_ids) | Q(individual_id__in=ind_ids)).values_list(
        "organisation_id", "individual_id", "award_kind"
    ):
        earlier.add(("o", org, kind) if org else ("i", ind, kind))
    candidates = []
    for a in applications:
        who = ("o", a.organisation_id, a.award_kind) if a.organisation_id else ("i", a.individual_id, a.award_kind)
        candidates.append(Candidate(
            id=a.pk, award_kind=sys.intern(a.award_kind), reference=a.reference,  # one string per kind, read per row
            submitted_at=a.submitted_at,
            stage_scores=scores.get(a.pk, {}), is_sme=bool(a.organisation_id and a.organisation.is_sme),
            repeat_winner=who in earlier, name=a.applicant_name,
        ))
    return candidates, {a.pk: a for a in applications}


# -- the seats still open in one evaluation ----------------------------------------------------------------
def seats_for(cycle) -> dict[str, Seats]:
    """Each quota of the cycle's rules with the seats already used in the same term. Two queries."""
    rules = cycle.rules
    per_term = [q for q in rules.quotas if q.per == "term"]
    used: dict[str, int] = {q.key: 0 for q in rules.quotas}
    sme_used: dict[str, int] = {q.key: 0 for q in rules.quotas}
    if per_term:
        kinds = {k for q in per_term for k in q.award_kinds}
        # Earlier evaluations of the same term (届): same term number, within the term's years.
        earlier = list(
            Application.objects.filter(
                cycle__city_id=cycle.city_id, cycle__term=cycle.term, cycle__year__lt=cycle.year,
                cycle__year__gt=cycle.year - rules.cycle.term_years.value,
                status__in=[Status.AWARDED, Status.REVOKED], award_kind__in=kinds,
            ).values_list("pk", "award_kind", "organisation__is_sme")
        )
        outside = set(
            ShortlistEntry.objects.filter(
                application_id__in=[pk for pk, _k, _s in earlier], outside_quota=True, selected=True,
                shortlist__stage=Status.RANKING,
            ).values_list("application_id", flat=True)
        ) if earlier else set()
        for quota in per_term:
            for pk, kind, is_sme in earlier:
                if kind in quota.award_kinds and pk not in outside:
                    used[quota.key] += 1
                    sme_used[quota.key] += 1 if is_sme else 0
    return {
        q.key: Seats(
            key=q.key, award_kinds=tuple(q.award_kinds), maximum=q.maximum.value, used=used[q.key],
            reserved_for_sme=q.reserved_for_sme.value if q.reserved_for_sme else 0, sme_used=sme_used[q.key],
            may_stay_empty=q.may_stay_empty.value, exact=q.exact,
            article=q.maximum.citation, sme_article=q.reserved_for_sme.citation if q.reserved_for_sme else "",
        )
        for q in rules.quotas
    }


def _drawn_from(rules, seats: Seats) -> str | None:
    """The award whose ranking this quota's award is drawn from (all its award kinds drawn from the same), or None."""
    bases = {rules.award_kind(k).drawn_from_key for k in seats.award_kinds}
    return bases.pop() if len(bases) == 1 else None


def _with_drawn_seats(seats: Seats, all_seats: list[Seats], drawn: dict) -> Seats:
    """For the shortlist: an award's seats together with those of the awards drawn from its ranking (one ranking
    feeds both lists, Wuhan 第二十三条)."""
    children = [s for s in all_seats if drawn[s.key] is not None and drawn[s.key] in seats.award_kinds]
    if not children or seats.remaining is None or any(c.remaining is None for c in children):
        return seats if not children else replace(seats, maximum=None)
    return replace(seats, maximum=seats.maximum + sum(c.remaining for c in children))


def quota_groups(cycle) -> list[Seats]:
    """The quotas in rule-file order, plus one unlimited group per award kind no quota covers."""
    seats = list(seats_for(cycle).values())
    covered = {k for s in seats for k in s.award_kinds}
    for kind in cycle.rules.award_kinds:
        if kind.key not in covered:
            seats.append(Seats(key=kind.key, award_kinds=(kind.key,), maximum=None))
    return seats


def selected_in_cycle(cycle, stage: str) -> dict[str, tuple[int, int]]:
    """Per award kind: applications of this cycle already put on a list confirmed at `stage` (not outside the
    quota) that are still in the running, and how many of them are SMEs. One query. A second list at the same
    stage (late results) then only fills the seats the first one left."""
    found: dict[str, list[int]] = {}
    for kind, is_sme in ShortlistEntry.objects.filter(
        shortlist__cycle=cycle, shortlist__stage=stage, selected=True, outside_quota=False,
    ).exclude(
        application__status__in=[Status.NOT_SELECTED, Status.WITHDRAWN, Status.INELIGIBLE]
    ).values_list("application__award_kind", "application__organisation__is_sme"):
        counts = found.setdefault(kind, [0, 0])
        counts[0] += 1
        counts[1] += 1 if is_sme else 0
    return {k: (v[0], v[1]) for k, v in found.items()}


# -- the public comments shown with the candidates -----------------------------------------------------------
@dataclass(frozen=True)
class PublicComments:
    """The public comments received on one application during the public comment period (公开征求意见)."""

    publicity_id: int
    count: int


def public_comments(cycle, application_ids) -> dict[int, PublicComments]:
    """Per application: its public comment period and the number of comments. One query where the city's route
    has a public comment stage (e.g. Ordos 第十八条, taken into account in the combined ranking, 第十九条); none
    otherwise."""
    ids = list(application_ids)
    if not ids or cycle.rules.stage(PUBLIC_COMMENT) is None:
        return {}
    found = {}
    for app_id, publicity_id, count in (
        PublicityEntry.objects.filter(application_id__in=ids, publicity__stage=PUBLIC_COMMENT)
        .annotate(n=Count("public_comments")).order_by("publicity__starts_on", "pk")
        .values_list("application_id", "publicity_id", "n")
    ):
        found[app_id] = PublicComments(publicity_id, count)  # the latest period wins
    return found


def comment_stage_article(rules) -> str:
    stage = rules.stage(PUBLIC_COMMENT)
    return stage.article if stage else ""


# -- the board ---------------------------------------------------------------------------------------------------
@dataclass
class Group:
    """One quota's candidates with the proposal."""

    seats: Seats  # the seats of this list: scaled for a shortlist
    quota_seats: Seats  # the seats of the award itself
    award_names: list[str]
    outcomes: list[quotas.Outcome]  # in order
    applications: dict
    warnings: list[quotas.QuotaWarning]
    thresholds: dict
    drawn_into: str | None = None  # the award these candidates are placed in, drawn from another's ranking
    keeps_for_next_tier: bool = False  # those not placed here stay for an award drawn from this ranking

    @property
    def complete(self) -> bool:
        return all(o.ranked.complete for o in self.outcomes)

    @property
    def proposed_ids(self) -> set[int]:
        return {o.ranked.candidate.id for o in self.outcomes if o.selected}

    @property
    def rows(self):
        return [(o, self.applications[o.ranked.candidate.id]) for o in self.outcomes]


@dataclass
class Board:
    cycle: object
    section: str
    status: str
    groups: list[Group]
    methods: dict[str, Method]
    weights: dict[str, WeightsInForce]
    comments: dict = field(default_factory=dict)  # application id -> PublicComments
    set_aside: list = field(default_factory=list)  # set_aside.SetAside: left out of the lists until brought back


@collector.paused()  # thousands of rows read and ranked, no cycles among them (core.collector)
def read(cycle, section: str) -> Board:
    """The ranking page's content for one section. A fixed number of queries, whatever the number of candidates."""
    rules = cycle.rules
    weights = weights_in_force(cycle)
    methods = methods_for(cycle, section, weights)
    status = section_status(cycle, section)
    aside = set_aside.current(cycle, status)  # the office set these aside: the lists are confirmed without them
    candidates, applications = load_candidates(cycle, status, exclude=aside)
    ranked = rank(candidates, methods)
    groups = []
    repeat_outside = {k.key: rules.repeat_outside(k.key).value for k in rules.award_kinds}
    multiple = rules.ranking.shortlist.multiple_of_quota.value
    earlier = selected_in_cycle(cycle, status) if candidates else {}
    all_seats = quota_groups(cycle)
    drawn = {s.key: _drawn_from(rules, s) for s in all_seats}
    # Awards applied for first; an award drawn from another's ranking (Wuhan 第二十三条) takes who the first left.
    by_key: dict[str, Group] = {}
    for quota_seats in sorted(all_seats, key=lambda s: drawn[s.key] is not None):
        base = drawn[quota_seats.key]
        if base is not None and section == FINAL:
            source = next((g for g in by_key.values() if base in g.quota_seats.award_kinds), None)
            own = quota_seats.award_kinds[0]
            members = [o.ranked for o in source.outcomes if not o.selected] if source else []
            members = quotas.merged_order(members + ranked.get(own, []))  # and any applied for it directly
            line = methods[own].threshold
            thresholds = {base: line, own: line}
            repeats = {base: rules.repeat_outside(own).value, own: rules.repeat_outside(own).value}
        else:
            members = [r for kind in quota_seats.award_kinds for r in ranked.get(kind, [])]
            thresholds = {k: methods[k].threshold for k in quota_seats.award_kinds}
            repeats = repeat_outside
        if not members:
            continue
        taken = sum(earlier.get(k, (0, 0))[0] for k in quota_seats.award_kinds)
        sme_taken = sum(earlier.get(k, (0, 0))[1] for k in quota_seats.award_kinds)
        if section == SHORTLIST:
            seats = replace(_with_drawn_seats(quota_seats, all_seats, drawn).scaled(multiple), used=taken,
                            sme_used=sme_taken)
        else:
            quota_seats = replace(quota_seats, used=quota_seats.used + taken, sme_used=quota_seats.sme_used + sme_taken)
            seats = quota_seats
        outcomes = quotas.select(members, seats, thresholds, repeats)
        by_key[quota_seats.key] = Group(
            seats=seats, quota_seats=quota_seats,
            award_names=[rules.award_kind(k).name for k in quota_seats.award_kinds],
            outcomes=outcomes, applications=applications,
            warnings=quotas.warnings(outcomes, seats) if section == FINAL else [], thresholds=thresholds,
            drawn_into=quota_seats.award_kinds[0] if base is not None else None,
            keeps_for_next_tier=section == FINAL and any(
                rules.drawn_from_ranking_of(k) for k in quota_seats.award_kinds),
        )
    groups = [by_key[s.key] for s in all_seats if s.key in by_key]
    return Board(cycle, section, status, groups, methods, weights,
                 comments=public_comments(cycle, applications) if section == FINAL else {},
                 set_aside=[set_aside.SetAside(row.application, row) for row in aside.values()])
