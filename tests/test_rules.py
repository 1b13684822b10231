"""The five rule files: they load, every value cites its source, and a broken file says what is wrong."""

import io
import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from cities.loader import RuleFileError, load_all, load_rules_file
from cities.schema import Cited, Period

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


def test_public_rules_page_shows_values_with_their_articles(client, cities):
    response = client.get("/cities/ordos/rules/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "鄂尔多斯市市长质量奖管理办法" in html
    assert "10个工作日" in html and "第十六条" in html  # eligibility check
    assert "由评审办公室设定" in html  # where the measure is silent
    assert client.get("/cities/nowhere/rules/").status_code == 404


def test_rules_page_names_award_kinds_and_sheets_and_the_repeat_rule_per_award(client, cities):
    import re

    html = client.get("/cities/wuhan/rules/").content.decode()
    assert "GB/T 19580《卓越绩效评价准则》评分表" in html and "gbt19580" not in html
    assert "mayor_org" not in html and "nomination_org" not in html  # quotas by award name, not by file key
    rows = {m.group(1): m.group(0) for m in re.finditer(r"<tr><td>([^<]+) <span class=\"cite\">.*?</tr>", html, re.S)}
    mayor = next(v for k, v in rows.items() if k == "市长质量奖（组织）")
    nomination = next(v for k, v in rows.items() if "提名奖" in k)
    assert mayor.endswith('<td>是<span class="cite">（第二十六条）</span></td></tr>')
    assert "原则上不低于600" in mayor
    assert "否" in nomination.split("<td>")[-1] and "由评审办公室设定" in nomination.split("<td>")[-1]


def test_workflow_diagram_is_drawn_from_the_rules(client, cities, tmp_path):
    svg = client.get("/cities/wuhan/workflow.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    text = svg.content.decode()
    for label in ("推荐单位公示", "资格审查", "拟奖名单公示", "获奖", "第十七条"):
        assert label in text
    call_command("draw_workflows", out=str(tmp_path), verbosity=0)
    assert {p.name for p in tmp_path.glob("*.svg")} == {f"{c}.svg" for c in CODES}
    chenzhou = (tmp_path / "chenzhou.dot").read_text(encoding="utf-8")
    assert "satisfaction_survey" in chenzhou and "hearing" not in chenzhou


def test_committed_workflow_diagrams_match_the_rule_files(tmp_path):
    """docs/workflows/ is drawn by `manage.py draw_workflows`; nobody keeps a picture by hand."""
    if not shutil.which("dot"):
        pytest.skip("graphviz (dot) is not installed")
    call_command("draw_workflows", out=str(tmp_path), stdout=io.StringIO())
    committed = Path(settings.BASE_DIR) / "docs" / "workflows"
    for drawn in sorted(tmp_path.glob("*.dot")):
        assert (committed / drawn.name).read_text(encoding="utf-8") == drawn.read_text(encoding="utf-8"), (
            f"docs/workflows/{drawn.name} is stale: run `python manage.py draw_workflows`"
        )
