"""reviews.domain.ranking.quotas, pure: score lines, the five cities' quotas, SME seats, repeat winners outside the
quota, and the outcome codes with the words the ranking page shows, in either language (no database)."""

import ast
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.utils import translation

from reviews.domain.ranking import quotas
from reviews.domain.ranking.quotas import Outcome, QuotaWarning, Seats, Shortfall, Verdict, select, warnings
from reviews.domain.ranking.scores import Candidate, Ranked, combine

from ...builders.candidates import (
    RULES,
    cand,
    method,
    ranked_orgs,
    ranked_people_or_orgs,
    repeat_flags,
    seats_of,
)

RANKING = Path(quotas.__file__).parent


def test_each_outcome_code_carries_its_words():
    assert {v.value: v.words() for v in Verdict if v is not Verdict.BELOW_LINE} == {
        "incomplete": "评分未完成", "outside_quota": "再次获奖，不占名额", "sme_seat": "中小企业预留名额",
        "in_quota": "名额内", "kept_for_sme": "其余名额预留给中小企业", "quota_full": "名额已满",
    }
    assert Verdict.BELOW_LINE.words(D("600")) == "未达分数线（600分）"
    assert Verdict.BELOW_LINE.words(D("82.50")) == "未达分数线（82.50分）"
    with translation.override("en"):
        assert Verdict.IN_QUOTA.words() == "Within the quota"
        assert Verdict.BELOW_LINE.words(D(80)) == "Below the threshold (80 points)"


def test_an_outcome_reads_its_code():
    ranked = Ranked(Candidate(1, "mayor_org", "R-001", None), D(590))
    below = Outcome(ranked, Verdict.BELOW_LINE, D(600))
    assert (below.selected, below.outside_quota, below.reason) == (False, False, "未达分数线（600分）")
    outside = Outcome(ranked, Verdict.OUTSIDE_QUOTA)
    assert (outside.selected, outside.outside_quota, outside.reason) == (True, True, "再次获奖，不占名额")
    assert [v for v in Verdict if v.selected] == [Verdict.OUTSIDE_QUOTA, Verdict.SME_SEAT, Verdict.IN_QUOTA]


def test_a_warning_is_shown_as_its_words():
    assert str(QuotaWarning(Shortfall.MAY_STAY_EMPTY, total=2, taken=1)) == "名额2名，拟推荐1名；名额可少额或空缺。"
    assert str(QuotaWarning(Shortfall.NOT_ENOUGH, total=3, taken=0)) == (
        "名额3名，仅0名达到条件；规则未规定名额可以空缺，请评审办公室研究处理。")
    with translation.override("en"):
        assert str(QuotaWarning(Shortfall.MAY_STAY_EMPTY, 2, 1)) == "2 seats, 1 proposed; seats may be left unfilled."


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def test_the_scoring_and_the_selection_import_no_models():
    assert imports_of(RANKING / "scores.py") <= {
        "__future__", "math", "collections.abc", "dataclasses", "datetime", "decimal", "functools",
        "operator", "django.utils.translation", "core"}  # core.collector: the ground floor, no models
    assert imports_of(RANKING / "quotas.py") <= {
        "__future__", "math", "collections.abc", "dataclasses", "decimal", "enum", "django.utils.translation",
        "core", ".scores"}


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
