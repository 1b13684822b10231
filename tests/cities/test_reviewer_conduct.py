"""Each rule file's reviewer_conduct, read against its measure: disqualification (Chenzhou 第二十九条, Qujing
第三十一条, Jinan 第二十七条, Wuhan 第二十八条; Ordos 第二十五条 only says 追责问责), the two-way ratings (Chenzhou
第三十二条, Ordos 第二十五条) and the pool's performance review (Qujing 第九条(二), Wuhan 第九条(二))."""

from pathlib import Path

import pytest
from django.conf import settings
from pydantic import ValidationError

from cities.loader import load_rules_file
from cities.schema import ReviewerConduct, Role, SanctionConsequence, StageKind


def conduct(code) -> ReviewerConduct:
    return load_rules_file(Path(settings.CITY_RULES_DIR) / f"{code}.yaml").reviewer_conduct


@pytest.mark.parametrize("code, article, body, role, approval, consequences", [
    ("chenzhou", "第二十九条", "评委会办公室", Role.OFFICE, None, ["disqualified", "referred", "judiciary"]),
    ("qujing", "第三十一条", "评审办", Role.OFFICE, None, ["disqualified", "public_notice", "judiciary"]),
    ("jinan", "第二十七条", "评审监督小组", Role.SUPERVISOR, None, ["disqualified", "referred"]),
    ("ordos", "第二十五条", "评审委员会秘书处", Role.OFFICE, None, ["disqualified", "referred"]),
    ("wuhan", "第二十八条", "市强市办", Role.OFFICE, "市强市委", ["disqualified", "referred"]),
])
def test_who_disqualifies_and_what_follows(code, article, body, role, approval, consequences):
    rule = conduct(code).sanctions
    assert rule.article == article and rule.decided_by.value == body and rule.recorded_by.value == role
    assert rule.approved_by.value == approval
    assert [c.value for c in rule.consequences.value] == consequences
    assert rule.grounds.article == article  # the conduct is the measure's own words


def test_ordos_names_no_disqualification_so_the_office_sets_it_第二十五条():
    rule = conduct("ordos").sanctions
    assert rule.consequences.set_by_office and "追责问责" in rule.consequences.note


@pytest.mark.parametrize("code, raters", [
    ("chenzhou", {Role.APPLICANT: ("第三十二条", ["工作质量", "纪律作风"])}),
    ("ordos", {Role.APPLICANT: ("第二十五条", ["纪律执行情况"]), Role.EXPERT: ("第二十五条", ["守纪情况"])}),
    ("qujing", {}), ("jinan", {}), ("wuhan", {}),
])
def test_who_rates_whom_after_the_site_review(code, raters):
    rules = conduct(code)
    assert {r.rater: (r.article, r.aspects.value) for r in rules.ratings} == raters
    for r in rules.ratings:
        assert r.after.value == StageKind.SITE_REVIEW and r.scale.value == 5 and r.scale.set_by_office


@pytest.mark.parametrize("code, on", [("qujing", True), ("wuhan", True), ("chenzhou", False), ("jinan", False),
                                      ("ordos", False)])
def test_the_pools_performance_review_第九条(code, on):
    review = conduct(code).performance_review
    assert review.value is on
    assert review.article == "第九条" if on else review.set_by_office


def test_the_schema_refuses_a_rating_by_the_office_or_a_sanction_without_disqualification():
    good = conduct("ordos").model_dump(mode="json")
    bad = {**good, "ratings": [{**good["ratings"][0], "rater": "office"}]}
    with pytest.raises(ValidationError, match="applicant or expert"):
        ReviewerConduct.model_validate(bad)
    bad = {**good, "sanctions": {**good["sanctions"], "consequences": {"value": ["referred"], "article": "第二十五条"}}}
    with pytest.raises(ValidationError, match="must include disqualified"):
        ReviewerConduct.model_validate(bad)
    assert SanctionConsequence.JUDICIARY.conditional and not SanctionConsequence.REFERRED.conditional
