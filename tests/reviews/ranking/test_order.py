"""reviews.domain.ranking.scores, pure: rank() sorts each award kind once on whole cents and builds each row once;
order() (and quotas.merged_order) returns a list already in one ranking's order as it is. Both must give exactly
what sorting each candidate's combined result by the documented tie key gives (no database)."""

import random
from dataclasses import replace
from datetime import UTC
from decimal import Decimal as D

from reviews.domain.ranking.quotas import merged_order
from reviews.domain.ranking.scores import combine, order, rank

from ...builders.candidates import RULES, cand, method

WUHAN = RULES["wuhan"]
ORG = method(WUHAN)  # document 0.3, hearing 0.2 (a 100-point sheet), site 0.5; 1000 points
PEOPLE = method(WUHAN, "mayor_individual", full=100, stage_full={"document_review": 100, "hearing": 100})


def _candidates(rng, count, kind="mayor_org", first=1):
    """Many ties (few distinct results and submission minutes), some candidates without a hearing result, a zero."""
    people = kind == "mayor_individual"
    found = []
    for i in range(first, first + count):
        scores = {"document_review": rng.choice([0, 60, 70, 80] if people else [0, 600, 650, 700.5]),
                  "hearing": rng.choice([70, 80, None])}
        if not people:
            scores["site_review"] = rng.choice([600, 650])
        found.append(cand(i, kind, minute=rng.randrange(3), ref=f"R-{rng.randrange(10 ** 6):06d}-{i}",
                          **{k: v for k, v in scores.items() if v is not None}))
    return found


def _by_tie_key(candidates, m):
    """The documented order, the long way: each candidate combined on its own, sorted by its tie key."""
    combined = [combine(c, m) for c in candidates]
    return ([r for r in sorted(combined, key=lambda r: r.tie_key) if r.complete]
            + sorted((r for r in combined if not r.complete), key=lambda r: r.candidate.reference))


def _rows(ranked):
    return [(r.candidate.id, r.score, r.relative, dict(r.stage_points), r.missing, r.tie_key) for r in ranked]


def test_one_sort_on_whole_cents_orders_as_the_tie_key():
    rng = random.Random(13)
    candidates = _candidates(rng, 300)
    ranked = rank(candidates, {"mayor_org": ORG})["mayor_org"]
    assert _rows(ranked) == _rows(_by_tie_key(candidates, ORG))
    assert any(r.tied_with_previous for r in ranked) and any(not r.complete for r in ranked)
    complete = [r for r in ranked if r.complete]
    assert [r.position for r in complete] == list(range(1, len(complete) + 1))
    assert all(r.position is None for r in ranked if not r.complete)
    assert [r.tied_with_previous for r in complete] == [False] + [
        a.score == b.score for a, b in zip(complete, complete[1:], strict=False)]


def test_a_zero_stage_result_keeps_its_tie_key():
    ranked = rank([cand(1, document_review=0, hearing=0, site_review=0)], {"mayor_org": ORG})["mayor_org"]
    assert repr(ranked[0].tie_key) == repr(combine(cand(1, document_review=0, hearing=0, site_review=0), ORG).tie_key)


def test_a_list_in_ranking_order_is_kept_and_any_other_is_sorted_by_the_tie_key():
    rng = random.Random(5)
    orgs = rank(_candidates(rng, 120), {"mayor_org": ORG})["mayor_org"]
    people = rank(_candidates(rng, 80, "mayor_individual", first=500), {"mayor_individual": PEOPLE})
    people = people["mayor_individual"]

    def expected(items):
        return ([r for r in sorted(items, key=lambda r: r.tie_key) if r.complete]
                + sorted((r for r in items if not r.complete), key=lambda r: r.candidate.reference))

    assert order(orgs) == orgs and order(orgs) is not orgs
    shuffled = list(orgs)
    rng.shuffle(shuffled)
    for items in (shuffled, orgs[::-1], orgs + people, people + orgs, orgs[40:] + orgs[:40],
                  [r for r in orgs if r.complete][::2] + people[5:], [combine(r.candidate, ORG) for r in orgs]):
        assert _rows(order(items)) == _rows(expected(items))
        assert _rows(merged_order(items)) == _rows(expected(items))
    # two rankings of the same award kind, each in its own order, are merged by the tie key
    again = rank([r.candidate for r in orgs[:30]], {"mayor_org": method(WUHAN, weights={
        "document_review": D(1), "hearing": D(0), "site_review": D(1)})})["mayor_org"]
    mixed = [r for r in orgs[30:] if r.complete] + [r for r in again if r.complete]
    assert _rows(order(mixed)) == _rows(expected(mixed))


def test_candidates_alike_but_for_the_reference_go_in_reference_order_and_a_missing_time_goes_last():
    """rank() takes the candidates in reference order, so the index below the packed sort key breaks these ties by
    reference, whatever order they come in. A candidate without a submission time goes after every candidate with
    the same results."""
    alike = [cand(i, ref=f"R-{9 - i}", document_review=600, hearing=70, site_review=650) for i in range(6)]
    untimed = replace(cand(7, ref="R-0", document_review=600, hearing=70, site_review=650), submitted_at=None)
    later = cand(8, minute=59, ref="R-00", document_review=600, hearing=70, site_review=650)
    ranked = rank([untimed, *alike, later], {"mayor_org": ORG})["mayor_org"]
    assert [r.candidate.reference for r in ranked] == ["R-4", "R-5", "R-6", "R-7", "R-8", "R-9", "R-00", "R-0"]
    assert [r.tied_with_previous for r in ranked] == [False] + [True] * 7
    aware = [replace(c, submitted_at=c.submitted_at.replace(tzinfo=UTC)) for c in (alike[0], later)]
    assert [r.candidate.id for r in rank(aware[::-1], {"mayor_org": ORG})["mayor_org"]] == [0, 8]


def test_the_stage_results_and_the_relative_score_are_computed_when_asked():
    one = cand(1, document_review="612.345", hearing="70.05", site_review=650)
    row = rank([one], {"mayor_org": ORG})["mayor_org"][0]
    assert row.stage_points == {"document_review": D("612.35"), "hearing": D("700.50"), "site_review": D("650.00")}
    assert row.relative == row.score / 1000 and row.tie_key == combine(row.candidate, ORG).tie_key
