"""awards.diagram: the workflow diagram is titled with the city's award, from the rule file; the committed
diagrams (manage.py draw_workflows) match the rule files."""

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from awards.diagram import workflow_graph


def test_the_diagram_is_titled_with_the_city_and_its_award(cities):
    rules = cities["qujing"].current_rules().rules
    assert workflow_graph(rules).graph_attr["label"] == "曲靖市市长质量奖 申报流程"


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
