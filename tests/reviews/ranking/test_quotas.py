"""Quota outcome codes (reviews.domain.ranking.quotas): each code carries the words the ranking page shows, in
either language; the selection stays pure (no database)."""

import ast
from decimal import Decimal as D
from pathlib import Path

from django.utils import translation

from reviews.domain.ranking import quotas
from reviews.domain.ranking.quotas import Outcome, QuotaWarning, Shortfall, Verdict
from reviews.domain.ranking.scores import Candidate, Ranked

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
    ranked = Ranked(Candidate(1, "mayor_org", "R-001", None), D(590), D("0.59"), {}, ())
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
        "__future__", "collections.abc", "dataclasses", "datetime", "decimal", "functools",
        "django.utils.translation"}
    assert imports_of(RANKING / "quotas.py") <= {
        "__future__", "math", "collections.abc", "dataclasses", "decimal", "enum", "django.utils.translation",
        ".scores"}
