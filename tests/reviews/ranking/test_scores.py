"""reviews.domain.ranking.scores, pure: combined scores on each award's scale, the documented tie-break,
rounding before comparing (no database)."""

import random
from decimal import Decimal as D

from reviews.domain.ranking.scores import combine, rank

from ...builders.candidates import RULES, cand, method


# -- combined score ------------------------------------------------------------------------------------
def test_combined_score_puts_each_stage_on_the_awards_scale():
    wuhan = RULES["wuhan"]  # organisations: document 0.3, hearing 0.2 (a 100-point sheet), site 0.5
    ranked = combine(cand(1, document_review=600, hearing=80, site_review=700), method(wuhan))
    # 0.3×600 + 0.2×800 + 0.5×700 = 690
    assert ranked.score == D("690.00")
    assert ranked.stage_points["hearing"] == D("800.00")
    assert ranked.relative == D("0.69")


def test_a_missing_stage_result_leaves_the_candidate_unranked():
    ranked = combine(cand(1, document_review=600, site_review=700), method(RULES["wuhan"]))
    assert ranked.score is None and ranked.missing == ("hearing",)
    result = rank([cand(1, document_review=600, site_review=700),
                   cand(2, document_review=500, hearing=50, site_review=500)], {"mayor_org": method(RULES["wuhan"])})
    assert [(r.candidate.id, r.position) for r in result["mayor_org"]] == [(2, 1), (1, None)]


# -- determinism and the tie-break ---------------------------------------------------------------------------
def test_shuffled_input_gives_the_same_order():
    rules = RULES["jinan"]
    rng = random.Random(7)
    candidates = [cand(i, minute=rng.randrange(60), document_review=rng.choice([600, 650, 700]),
                       site_review=rng.choice([600, 650]), hearing=rng.choice([70, 80]))
                  for i in range(60)]
    methods = {"mayor_org": method(rules)}
    expected = [r.candidate.id for r in rank(candidates, methods)["mayor_org"]]
    assert len(set(r.score for r in rank(candidates, methods)["mayor_org"])) < 60  # there are ties to break
    for _ in range(20):
        rng.shuffle(candidates)
        assert [r.candidate.id for r in rank(candidates, methods)["mayor_org"]] == expected


def test_ties_are_broken_by_the_latest_stage_then_submission_then_reference():
    rules = RULES["ordos"]  # document 0.4, site 0.6: the site review is the latest weighted stage
    m = {"mayor_org": method(rules, weights={"document_review": D(1), "site_review": D(1)})}
    a = cand(1, document_review=700, site_review=600, minute=1)   # 650, lower at the latest stage
    b = cand(2, document_review=600, site_review=700, minute=30)  # 650, higher at the latest stage
    c = cand(3, document_review=600, site_review=700, minute=5)   # 650, same stages as b, submitted earlier
    d = cand(4, document_review=600, site_review=700, minute=5, ref="R-000")  # same as c, smaller reference
    e = cand(5, document_review=800, site_review=800)             # clearly first
    ranked = rank([a, b, c, d, e], m)["mayor_org"]
    assert [r.candidate.id for r in ranked] == [5, 4, 3, 2, 1]
    assert [r.position for r in ranked] == [1, 2, 3, 4, 5]
    assert [r.tied_with_previous for r in ranked] == [False, False, True, True, True]


def test_rounding_happens_before_comparing():
    m = {"mayor_org": method(RULES["ordos"], weights={"document_review": D(1), "site_review": D(2)})}
    # 600.001 and 600.004 both round to 600.00: the tie-break decides, not the invisible decimals
    a = cand(1, document_review="600.003", site_review="600.0", minute=9)
    b = cand(2, document_review="600.0", site_review="600.006", minute=1)
    ranked = rank([a, b], m)["mayor_org"]
    assert ranked[0].score == ranked[1].score == D("600.00")
    assert [r.candidate.id for r in ranked] == [2, 1]


def test_every_weighted_stage_has_a_scored_sheet():
    """A weight on a stage that gives no score (an individual's inspection, 考察) would leave everyone unranked."""
    from reviews.domain import schemes

    for code, rules in RULES.items():
        for award in rules.award_kinds:
            for stage, weight in rules.ranking.weights[award.applicant_kind].value.items():
                if weight <= 0 or stage == "satisfaction_survey":
                    continue
                sheet = schemes.sheet_for(rules, award.key, stage.value)
                assert sheet.total_points > 0 and not sheet.report_only, (code, award.key, stage.value)
            cut = rules.ranking.shortlist.after.value
            assert schemes.sheet_for(rules, award.key, cut).total_points > 0, (code, award.key)
