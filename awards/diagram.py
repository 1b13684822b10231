"""Draw a city's state diagram from the state machine itself and the city's pinned stage order.

Edges for `submit` and `advance` follow the city's route; every other edge comes from the
transitions declared on Application, kept only where its source is a state the city uses.
Nobody keeps a second picture by hand: `python manage.py draw_workflows` writes docs/workflows/.
"""

from __future__ import annotations

import graphviz
from django.utils.translation import gettext as _

from cities.schema import ApplicantKind, CityRules

from .domain.lifecycle import ACTIONS
from .models import Application
from .workflow import Status, staff_label

ROUTED = {"submit", "advance"}
# Edge labels: the action's name as people read it (the first action using each transition method).
ACTION_LABELS = {}
for _action in reversed(ACTIONS.values()):
    ACTION_LABELS[_action.method] = _action.label
END_COLOURS = {Status.AWARDED: "#d8f0d8", Status.REVOKED: "#f6d5d5"}


def _route_states(rules: CityRules, applicant_kind) -> list[str]:
    return [s.kind.value for s in rules.stages_for(applicant_kind)]


def workflow_graph(rules: CityRules) -> graphviz.Digraph:
    graph = graphviz.Digraph(
        name=rules.code,
        graph_attr={"rankdir": "TB", "fontname": "Noto Sans CJK SC", "labelloc": "t", "fontsize": "18",
                    "label": _("%(city)s%(award)s 申报流程") % {"city": rules.name, "award": rules.title_of()}},
        node_attr={"shape": "box", "style": "rounded,filled", "fillcolor": "#eef3fb", "fontname": "Noto Sans CJK SC"},
        edge_attr={"fontname": "Noto Sans CJK SC", "fontsize": "10"},
    )
    org_route = _route_states(rules, ApplicantKind.ORGANISATION)
    ind_route = _route_states(rules, ApplicantKind.INDIVIDUAL) if rules.eligibility.individual else []
    used = {Status.DRAFT.value, *org_route, *ind_route, Status.SUPPLEMENT_REQUESTED.value,
            *(s.value for s in (Status.AWARDED, Status.NOT_SELECTED, Status.INELIGIBLE, Status.WITHDRAWN,
                                Status.REVOKED))}
    if Status.ELIGIBILITY.value not in used:
        used.discard(Status.SUPPLEMENT_REQUESTED.value)

    for state in Status:
        if state.value in used:
            stage = rules.stage(state.value)
            label = staff_label(state.value, rules) + (f"\n（{stage.article}）" if stage else "")
            graph.node(state.value, label, fillcolor=END_COLOURS.get(state, "#eef3fb"))

    def route_edges(route, style, who):
        chain = [Status.DRAFT.value, *route, Status.AWARDED.value]
        for a, b in zip(chain, chain[1:], strict=False):
            graph.edge(a, b, label=_("提交") if a == Status.DRAFT else "", style=style, tooltip=who)

    route_edges(org_route, "solid", _("组织"))
    if ind_route and ind_route != org_route:
        route_edges(ind_route, "dashed", _("个人"))

    field = Application._meta.get_field("status")
    drawn = set()
    for transition in field.get_all_transitions(Application):
        if transition.name in ROUTED or transition.source not in used:
            continue
        target = transition.target
        if target not in used or (transition.source, target) in drawn:
            continue
        if target == Status.WITHDRAWN and transition.source != Status.DRAFT:
            continue  # every state can be withdrawn; drawn once from the draft to keep the picture legible
        drawn.add((transition.source, target))
        graph.edge(transition.source, target, label=str(ACTION_LABELS.get(transition.name, transition.name)),
                   color="#888888", fontcolor="#666666")
    return graph


def workflow_svg(rules: CityRules) -> bytes:
    return workflow_graph(rules).pipe(format="svg")
