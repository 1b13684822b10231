"""cities.loader: the five rule files load, every value cites its source, and a broken file says what is wrong."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from cities.loader import RuleFileError, load_all, load_rules_file
from cities.schema import Cited, Period

from ..builders.candidates import RULES

CODES = {"chenzhou", "qujing", "jinan", "ordos", "wuhan"}


def walk(node):
    yield node
    if hasattr(node, "__iter__") and not isinstance(node, str | bytes):
        items = node.values() if isinstance(node, dict) else node
        for item in items:
            yield from walk(item)
    elif hasattr(node, "model_fields"):
        for name in type(node).model_fields:
            yield from walk(getattr(node, name))


def test_all_five_cities_load():
    rules = load_all()
    assert set(rules) == CODES
    assert not any(k.applicant_kind == "individual" for k in rules["chenzhou"].award_kinds)
    assert rules["wuhan"].cycle.term_years.value == 5
    assert rules["ordos"].periods["eligibility_check"].length == 10
    assert rules["ordos"].periods["eligibility_check"].unit == "working_days"
    assert rules["chenzhou"].periods["publicity"].unit == "calendar_days"


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_value_cites_an_article_or_is_marked_as_set_by_the_office(code):
    rules = load_all()[code]
    cited = [n for n in walk(rules) if isinstance(n, Cited | Period)]
    assert len(cited) > 20
    for value in cited:
        assert bool(value.article) != value.set_by_office
    stage_articles = [s.article for s in rules.stages]
    assert all(a.startswith("第") and a.endswith("条") for a in stage_articles)


def test_silent_measure_is_marked_not_defaulted():
    wuhan = load_all()["wuhan"]
    assert wuhan.periods["publicity"].set_by_office  # 第二十四条 sets no length
    assert wuhan.periods["publicity"].article is None


def broken_copy(tmp_path: Path, code: str, change) -> Path:
    source = Path(settings.CITY_RULES_DIR) / f"{code}.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    target = tmp_path / f"{code}.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def test_broken_file_names_file_key_and_problem(tmp_path):
    def change(data):
        data["periods"]["publicity"]["length"] = "seven"

    path = broken_copy(tmp_path, "jinan", change)
    with pytest.raises(RuleFileError) as caught:
        load_rules_file(path)
    message = str(caught.value)
    assert message.startswith("jinan.yaml: periods.publicity.length:")
    assert "valid integer" in message


def test_missing_citation_is_an_error(tmp_path):
    def change(data):
        del data["quotas"][0]["maximum"]["article"]

    path = broken_copy(tmp_path, "chenzhou", change)
    with pytest.raises(RuleFileError) as caught:
        load_rules_file(path)
    assert "chenzhou.yaml: quotas.0.maximum:" in str(caught.value)
    assert "set_by_office" in str(caught.value)


def test_unknown_key_and_unknown_stage_are_errors(tmp_path):
    def change(data):
        data["panel"]["min_sise"] = 3
        data["stages"][0]["kind"] = "lottery"

    with pytest.raises(RuleFileError) as caught:
        load_rules_file(broken_copy(tmp_path, "ordos", change))
    message = str(caught.value)
    assert "ordos.yaml: panel.min_sise: Extra inputs are not permitted" in message
    assert "ordos.yaml: stages.0.kind: Input should be" in message


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "qujing.yaml"
    path.write_text("code: qujing\nname: [曲靖\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"qujing.yaml: line \d+: not valid YAML"):
        load_rules_file(path)


def test_load_command_refuses_all_when_one_file_is_broken(db, tmp_path):
    for path in Path(settings.CITY_RULES_DIR).glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    broken_copy(tmp_path, "wuhan", lambda d: d["stages"][0].update(period="nowhere"))
    with pytest.raises(CommandError) as caught:
        call_command("load_cities", dir=str(tmp_path))
    assert "wuhan.yaml: stages:" in str(caught.value) or "wuhan.yaml: (top level)" in str(caught.value)
    assert "nowhere" in str(caught.value)
    from cities.models import City

    assert not City.objects.exists()


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
