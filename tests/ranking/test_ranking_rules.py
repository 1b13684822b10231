"""The pure ranking and quota selection: combined scores, the documented tie-break, thresholds and the
five cities' quota rules, on plain data (no database)."""

import random
from datetime import datetime
from decimal import Decimal as D

import pytest

from cities.loader import load_all
from reviews.domain.ranking.quotas import QuotaWarning, Seats, Shortfall, Verdict, select, warnings
from reviews.domain.ranking.scores import Candidate, Method, combine, rank

RULES = load_all()
T0 = datetime(2026, 4, 1, 9, 0)


def method(rules, kind="mayor_org", full=1000, stage_full=None, **override):
    award = rules.award_kind(kind)
    weights = {k.value: D(str(w)) for k, w in rules.ranking.weights[award.applicant_kind].value.items()}
    return Method(
        weights=override.get("weights", weights),
        stage_full_marks=stage_full or {s: (100 if s in ("hearing", "satisfaction_survey") else full) for s in weights},
        full_marks=D(full),
        threshold=D(str(award.threshold.value)) if award.threshold else None,
    )


def seats_of(rules, key, used=0, sme_used=0):
    q = next(q for q in rules.quotas if q.key == key)
    return Seats(key, tuple(q.award_kinds), q.maximum.value, used,
                 q.reserved_for_sme.value if q.reserved_for_sme else 0, sme_used, q.may_stay_empty.value, q.exact)


def cand(i, kind="mayor_org", minute=0, ref=None, **scores_and_flags):
    flags = {k: scores_and_flags.pop(k) for k in ("is_sme", "repeat_winner") if k in scores_and_flags}
    return Candidate(id=i, award_kind=kind, reference=ref or f"R-{i:03d}", submitted_at=T0.replace(minute=minute),
                     stage_scores={k: D(str(v)) for k, v in scores_and_flags.items()}, **flags)


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


# -- thresholds --------------------------------------------------------------------------------------------
def test_wuhan_thresholds_600_for_organisations_and_80_for_individuals():
    wuhan = RULES["wuhan"]
    assert wuhan.award_kind("mayor_org").threshold.value == 600
    assert wuhan.award_kind("mayor_individual").threshold.value == 80
    org = method(wuhan)
    above, below = combine(cand(1, document_review=600, hearing=60, site_review=600), org), \
        combine(cand(2, document_review=599, hearing=60, site_review=599), org)
    assert above.score == D("600.00") and above.meets(org.threshold)
    assert not below.meets(org.threshold)
    outcomes = select([above, below], seats_of(wuhan, "mayor_org"), {"mayor_org": org.threshold}, True)
    assert [(o.ranked.candidate.id, o.selected) for o in outcomes] == [(1, True), (2, False)]
    assert (outcomes[1].verdict, outcomes[1].line) == (Verdict.BELOW_LINE, D(600))

    ind = method(wuhan, "mayor_individual", full=100, stage_full={"document_review": 100, "hearing": 100})
    people = [combine(cand(i, "mayor_individual", document_review=s, hearing=s), ind) for i, s in ((3, 80), (4, 79.9))]
    outcomes = select(people, seats_of(wuhan, "mayor_individual"), {"mayor_individual": ind.threshold}, True)
    assert [o.selected for o in outcomes] == [True, False]


def test_cities_without_a_threshold_have_none():
    for code in ("chenzhou", "qujing", "jinan", "ordos"):
        assert all(k.threshold is None for k in RULES[code].award_kinds), code


# -- the five cities' quotas ------------------------------------------------------------------------------
def ranked_orgs(rules, scores, kind="mayor_org", **flags_by_id):
    m = method(rules, kind)
    stages = list(m.stages)
    return [combine(cand(i, kind, **{s: sc for s in stages}, **flags_by_id.get(f"c{i}", {})), m)
            for i, sc in enumerate(scores, start=1)]


def test_chenzhou_at_most_two_a_year_and_may_stay_empty():
    rules = RULES["chenzhou"]
    seats = seats_of(rules, "mayor")
    assert (seats.maximum, rules.quotas[0].per) == (2, "cycle")
    outcomes = select(ranked_orgs(rules, [900, 800, 850, 700]), seats, {"mayor_org": None}, False)
    assert [o.ranked.candidate.id for o in outcomes if o.selected] == [1, 3]
    assert warnings(select(ranked_orgs(rules, [900]), seats, {"mayor_org": None}, False), seats) == [
        QuotaWarning(Shortfall.MAY_STAY_EMPTY, total=2, taken=1)]


def test_qujing_reserves_one_of_two_organisation_seats_for_an_sme():
    rules = RULES["qujing"]
    seats = seats_of(rules, "mayor_org")
    assert (seats.maximum, seats.reserved_for_sme, seats.exact) == (2, 1, True)
    ranked = ranked_orgs(rules, [900, 880, 860, 700], c4={"is_sme": True}, c3={"is_sme": False})
    outcomes = select(ranked, seats, {"mayor_org": None}, True)
    # the best SME (4th by score) takes the reserved seat ahead of the 2nd best non-SME
    assert [(o.ranked.candidate.id, o.selected, o.verdict) for o in outcomes] == [
        (1, True, Verdict.IN_QUOTA), (2, False, Verdict.KEPT_FOR_SME), (3, False, Verdict.KEPT_FOR_SME),
        (4, True, Verdict.SME_SEAT)]
    # an SME in first place fills the reserved seat; the second seat goes to the next best
    ranked = ranked_orgs(rules, [900, 880, 860], c1={"is_sme": True})
    assert [o.ranked.candidate.id for o in select(ranked, seats, {"mayor_org": None}, True) if o.selected] == [1, 2]
    # no SME at all: the reserved seat stays empty (获奖数可少额或空缺, 第五条)
    ranked = ranked_orgs(rules, [900, 880, 860])
    outcomes = select(ranked, seats, {"mayor_org": None}, True)
    assert [o.ranked.candidate.id for o in outcomes if o.selected] == [1]


def test_reserved_seats_go_to_the_next_best_where_the_quota_may_not_stay_empty():
    seats = Seats("x", ("mayor_org",), 2, reserved_for_sme=1, may_stay_empty=False)
    ranked = ranked_orgs(RULES["qujing"], [900, 880, 860])
    outcomes = select(ranked, seats, {"mayor_org": None}, False)
    assert [o.ranked.candidate.id for o in outcomes if o.selected] == [1, 2]
    assert warnings(outcomes, seats) == []


def test_qujing_repeat_winners_are_outside_the_quota():
    rules = RULES["qujing"]
    assert rules.repeat_winners_outside_quota.value is True
    ranked = ranked_orgs(rules, [900, 880, 870, 860], c1={"repeat_winner": True}, c3={"is_sme": True})
    outcomes = select(ranked, seats_of(rules, "mayor_org"), {"mayor_org": None}, True)
    assert [(o.ranked.candidate.id, o.selected, o.outside_quota) for o in outcomes] == [
        (1, True, True), (2, True, False), (3, True, False), (4, False, False)]


def test_jinan_counts_per_term_and_repeat_winners_take_seats():
    rules = RULES["jinan"]
    assert rules.repeat_winners_outside_quota.value is False
    seats = seats_of(rules, "mayor_org")
    assert (seats.maximum, next(q.per for q in rules.quotas if q.key == "mayor_org")) == (5, "term")
    ranked = ranked_orgs(rules, [900, 890, 880, 870, 860, 850], c1={"repeat_winner": True})
    outcomes = select(ranked, seats, {"mayor_org": None}, False)
    assert [o.ranked.candidate.id for o in outcomes if o.selected] == [1, 2, 3, 4, 5]
    assert all(not o.outside_quota for o in outcomes)


def test_ordos_shares_five_seats_between_organisations_and_individuals():
    rules = RULES["ordos"]
    seats = seats_of(rules, "total")
    assert seats.award_kinds == ("mayor_org", "mayor_individual") and seats.maximum == 5
    org_m = method(rules, "mayor_org")
    ind_m = method(rules, "mayor_individual", full=100, stage_full={"document_review": 100, "site_review": 100})
    orgs = [combine(cand(i, "mayor_org", document_review=s, site_review=s), org_m)
            for i, s in ((1, 900), (2, 700), (3, 650), (4, 600))]
    people = [combine(cand(i, "mayor_individual", document_review=s, site_review=s), ind_m)
              for i, s in ((11, 95), (12, 80), (13, 66))]
    outcomes = select(orgs + people, seats, {"mayor_org": None, "mayor_individual": None}, False)
    # merged by score relative to each award's full marks: 0.95, 0.90, 0.80, 0.70, 0.66 | 0.65, 0.60
    assert [o.ranked.candidate.id for o in outcomes] == [11, 1, 12, 2, 13, 3, 4]
    assert [o.ranked.candidate.id for o in outcomes if o.selected] == [11, 1, 12, 2, 13]


def test_wuhan_counts_the_term_over_its_evaluations():
    rules = RULES["wuhan"]
    seats = seats_of(rules, "mayor_org", used=6)  # six awarded in the term's earlier evaluation
    assert (seats.maximum, seats.remaining) == (8, 2)
    ranked = ranked_orgs(rules, [900, 850, 800, 750], c2={"repeat_winner": True})
    outcomes = select(ranked, seats, {"mayor_org": D(600)}, True)
    assert [(o.ranked.candidate.id, o.selected, o.outside_quota) for o in outcomes] == [
        (1, True, False), (2, True, True), (3, True, False), (4, False, False)]
    # the term's eight seats all taken: the repeat winner (经复评再次获得, 第二十六条) is still proposed, outside
    # the quota; nobody else is
    full = seats_of(rules, "mayor_org", used=8)
    outcomes = select(ranked, full, {"mayor_org": D(600)}, True)
    assert [(o.ranked.candidate.id, o.selected, o.outside_quota) for o in outcomes] == [
        (1, False, False), (2, True, True), (3, False, False), (4, False, False)]
    assert [o.verdict for o in outcomes] == [Verdict.QUOTA_FULL, Verdict.OUTSIDE_QUOTA, Verdict.QUOTA_FULL,
                                             Verdict.QUOTA_FULL]


def test_shortlist_seats_are_a_multiple_of_the_open_seats():
    rules = RULES["qujing"]
    seats = seats_of(rules, "mayor_org").scaled(rules.ranking.shortlist.multiple_of_quota.value)
    assert (seats.maximum, seats.reserved_for_sme) == (4, 2)
    assert seats_of(RULES["wuhan"], "mayor_org", used=7).scaled(2).maximum == 2
    assert seats_of(rules, "mayor_org").scaled(None).maximum is None


# -- the rule files' ranking block -------------------------------------------------------------------------
def broken(tmp_path, code, change):
    import yaml
    from django.conf import settings

    from cities.loader import load_rules_file

    data = yaml.safe_load((settings.CITY_RULES_DIR / f"{code}.yaml").read_text(encoding="utf-8"))
    change(data["ranking"])
    target = tmp_path / f"{code}.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return lambda: load_rules_file(target)


@pytest.mark.parametrize("change, message", [
    (lambda r: r["weights"]["individual"]["value"].update(satisfaction_survey=0.5), "not in the route of individual"),
    (lambda r: r["weights"]["organisation"]["value"].update(hearing=-1), "must be ≥ 0"),
    (lambda r: r["weights"].pop("individual"), "no weights for ['individual']"),
    (lambda r: r["committee"]["pass_share"].update(value=1.5), "less than 1"),
    (lambda r: r["shortlist"]["multiple_of_quota"].pop("set_by_office"), "needs its source"),
])
def test_a_broken_ranking_block_fails_loudly(tmp_path, change, message):
    from cities.loader import RuleFileError

    load = broken(tmp_path, "wuhan", change)
    with pytest.raises(RuleFileError) as caught:
        load()
    assert str(caught.value).startswith("wuhan.yaml: ") and "ranking" in str(caught.value)
    assert message in str(caught.value)


def test_every_city_cites_its_ranking_values():
    for code, rules in RULES.items():
        r = rules.ranking
        assert r is not None, code
        for cited in (*r.weights.values(), r.shortlist.multiple_of_quota, r.shortlist.min_score, r.committee.quorum,
                      r.committee.pass_share):
            assert bool(cited.article) != cited.set_by_office and cited.note, code


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


# -- repeat winners outside the quota, per award kind -------------------------------------------------------------
def repeat_flags(rules):
    return {k.key: rules.repeat_outside(k.key).value for k in rules.award_kinds}


def test_repeat_winner_rule_is_per_award_kind_with_citations():
    wuhan, qujing = RULES["wuhan"], RULES["qujing"]
    # 第二十六条: 已获得市长质量奖的组织和个人，经复评再次获得该奖的 … 不占用当年奖项名额 — the 市长质量奖 only
    assert [(k, wuhan.repeat_outside(k).value, wuhan.repeat_outside(k).citation) for k in repeat_flags(wuhan)] == [
        ("mayor_org", True, "第二十六条"), ("mayor_individual", True, "第二十六条"),
        ("nomination_org", False, "由评审办公室设定")]
    # 第三十二条: 第一款 for the 市长质量奖, 第二款 for 提名奖 and 贡献奖
    assert all(qujing.repeat_outside(k).value and qujing.repeat_outside(k).article == "第三十二条"
               for k in repeat_flags(qujing))
    for code in ("chenzhou", "jinan", "ordos"):
        rules = RULES[code]
        assert not any(repeat_flags(rules).values()), code
        assert all(k.repeat_winners_outside_quota is not None for k in rules.award_kinds), code


def test_wuhan_nomination_repeat_winners_take_a_seat_of_the_twelve():
    rules = RULES["wuhan"]
    seats = seats_of(rules, "nomination_org", used=11)  # one seat of the term's twelve left
    ranked = ranked_orgs(rules, [900, 850, 800], kind="nomination_org", c1={"repeat_winner": True})
    outcomes = select(ranked, seats, {"nomination_org": None}, repeat_flags(rules))
    assert [(o.ranked.candidate.id, o.selected, o.outside_quota) for o in outcomes] == [
        (1, True, False), (2, False, False), (3, False, False)]
    full = seats_of(rules, "nomination_org", used=12)
    assert not any(o.selected for o in select(ranked, full, {"nomination_org": None}, repeat_flags(rules)))


def test_repeat_winners_outside_the_quota_still_need_the_score_line():
    rules = RULES["wuhan"]
    full = seats_of(rules, "mayor_org", used=8)
    m = method(rules)
    ranked = [combine(cand(i, document_review=s, hearing=s / 10, site_review=s, repeat_winner=True), m)
              for i, s in ((1, 700), (2, 590))]
    assert [r.score for r in ranked] == [D("700.00"), D("590.00")]
    outcomes = select(ranked, full, {"mayor_org": D(600)}, repeat_flags(rules))
    assert [(o.ranked.candidate.id, o.selected, o.outside_quota) for o in outcomes] == [
        (1, True, True), (2, False, False)]
    assert (outcomes[1].verdict, outcomes[1].line) == (Verdict.BELOW_LINE, D(600))


def test_qujing_repeat_winner_is_proposed_even_with_no_seat_left():
    rules = RULES["qujing"]
    seats = seats_of(rules, "nomination", used=2)
    ranked = ranked_orgs(rules, [900, 850], kind="nomination_org", c2={"repeat_winner": True})
    outcomes = select(ranked, seats, {"nomination_org": None}, repeat_flags(rules))
    assert [(o.ranked.candidate.id, o.selected, o.outside_quota) for o in outcomes] == [
        (1, False, False), (2, True, True)]
    assert warnings(outcomes, seats) == []


# -- every quota key of the five cities ---------------------------------------------------------------------------
def ranked_people_or_orgs(rules, kind, count, first=1, **flags_by_id):
    """`count` complete candidates of `kind`, best first, all above any score line."""
    award = rules.award_kind(kind)
    if award.applicant_kind == "individual":
        weights = rules.ranking.weights["individual"].value
        m = method(rules, kind, full=100, stage_full={k.value: 100 for k in weights})
        scores = [D("99") - D("0.5") * i for i in range(count)]
    else:
        m = method(rules, kind)
        scores = [D("990") - 5 * i for i in range(count)]
    return [combine(cand(first + i, kind, **{s: sc for s in m.stages}, **flags_by_id.get(f"c{first + i}", {})), m)
            for i, sc in enumerate(scores)]


QUOTA_CASES = [  # city, quota key, award kinds, the number in the measure, per, exact, article
    ("chenzhou", "mayor", ["mayor_org"], 2, "cycle", False, "第四条"),
    ("qujing", "mayor_org", ["mayor_org"], 2, "cycle", True, "第五条"),
    ("qujing", "mayor_individual", ["mayor_individual"], 2, "cycle", True, "第五条"),
    ("qujing", "nomination", ["nomination_org"], 2, "cycle", True, "第五条"),
    ("qujing", "contribution", ["contribution_org"], 1, "cycle", True, "第五条"),
    ("jinan", "mayor_org", ["mayor_org"], 5, "term", False, "第二条"),
    ("jinan", "mayor_individual", ["mayor_individual"], 3, "term", False, "第二条"),
    ("jinan", "nomination_org", ["nomination_org"], 3, "term", False, "第二条"),
    ("jinan", "nomination_individual", ["nomination_individual"], 2, "term", False, "第二条"),
    ("ordos", "total", ["mayor_org", "mayor_individual"], 5, "cycle", False, "第三条"),
    ("wuhan", "mayor_individual", ["mayor_individual"], 10, "term", False, "第五条"),
    ("wuhan", "mayor_org", ["mayor_org"], 8, "term", False, "第五条"),
    ("wuhan", "nomination_org", ["nomination_org"], 12, "term", False, "第五条"),
]


def test_every_quota_of_the_rule_files_is_covered():
    assert sorted((c, q.key) for c, r in RULES.items() for q in r.quotas) == sorted(
        (case[0], case[1]) for case in QUOTA_CASES)


@pytest.mark.parametrize("code, key, kinds, maximum, per, exact, article", QUOTA_CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in QUOTA_CASES])
def test_each_quota_proposes_at_most_its_number_and_counts_the_term(code, key, kinds, maximum, per, exact, article):
    rules = RULES[code]
    quota = next(q for q in rules.quotas if q.key == key)
    assert (quota.award_kinds, quota.maximum.value, quota.per.value, quota.exact, quota.maximum.article) == (
        kinds, maximum, per, exact, article)
    assert quota.may_stay_empty.value is True
    seats = seats_of(rules, key)
    thresholds = {k: (D(str(rules.award_kind(k).threshold.value)) if rules.award_kind(k).threshold else None)
                  for k in kinds}
    # more candidates than seats, spread over the award kinds sharing the quota
    ranked = []
    for index, kind in enumerate(kinds):
        ranked += ranked_people_or_orgs(rules, kind, maximum + 2, first=1 + 100 * index)
    outcomes = select(ranked, seats, thresholds, repeat_flags(rules))
    chosen = [o for o in outcomes if o.selected]
    assert len(chosen) == maximum - (1 if quota.reserved_for_sme else 0)  # Qujing: the SME seat stays empty
    assert chosen == outcomes[:len(chosen)]  # the best ones, in order
    assert all(o.verdict in (Verdict.QUOTA_FULL, Verdict.KEPT_FOR_SME) for o in outcomes if not o.selected)
    # fewer candidates than seats: all are proposed, and the office is told the quota may stay short
    few = select(ranked[:1], seats, thresholds, repeat_flags(rules))
    assert [o.selected for o in few] == [True]
    if maximum > 1:
        assert warnings(few, seats) == [QuotaWarning(Shortfall.MAY_STAY_EMPTY, total=maximum, taken=1)]
    # per 届: seats awarded in the term's earlier evaluation count; per cycle they are reset by seats_for()
    if per == "term":
        used = seats_of(rules, key, used=maximum - 1)
        assert [o.selected for o in select(ranked, used, thresholds, repeat_flags(rules))].count(True) == 1
        done = seats_of(rules, key, used=maximum)
        assert not any(o.selected for o in select(ranked, done, thresholds, repeat_flags(rules)))


def test_ordos_five_seats_are_shared_whatever_the_mix():
    rules = RULES["ordos"]
    seats = seats_of(rules, "total")
    people = ranked_people_or_orgs(rules, "mayor_individual", 7)
    outcomes = select(people, seats, {"mayor_org": None, "mayor_individual": None}, repeat_flags(rules))
    assert [o.ranked.candidate.id for o in outcomes if o.selected] == [1, 2, 3, 4, 5]
    orgs = ranked_people_or_orgs(rules, "mayor_org", 3, first=101)  # 0.99, 0.985, 0.98 of the full marks
    outcomes = select(people + orgs, seats, {"mayor_org": None, "mayor_individual": None}, repeat_flags(rules))
    picked = [o.ranked.candidate for o in outcomes if o.selected]
    assert len(picked) == 5 and {c.award_kind for c in picked} == {"mayor_org", "mayor_individual"}


def test_qujing_sme_seat_with_an_sme_among_the_organisations():
    rules = RULES["qujing"]
    ranked = ranked_people_or_orgs(rules, "mayor_org", 4, c4={"is_sme": True})
    outcomes = select(ranked, seats_of(rules, "mayor_org"), {"mayor_org": None}, repeat_flags(rules))
    assert [o.ranked.candidate.id for o in outcomes if o.selected] == [1, 4]
