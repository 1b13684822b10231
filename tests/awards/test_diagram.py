"""awards.diagram: the workflow diagram is titled with the city's award, from the rule file."""

from awards.diagram import workflow_graph


def test_the_diagram_is_titled_with_the_city_and_its_award(cities):
    rules = cities["qujing"].current_rules().rules
    assert workflow_graph(rules).graph_attr["label"] == "曲靖市市长质量奖 申报流程"
