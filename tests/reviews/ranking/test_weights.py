"""reviews.domain.ranking.weights: the office's weights override the rule file's, with a reason, until the list
is confirmed."""

from decimal import Decimal as D

import pytest

from core.errors import InvalidInput, TransitionDenied
from reviews.domain.ranking import board, shortlists, weights
from reviews.models import RankingWeights

from ...builders.ranking import Scene

pytestmark = pytest.mark.django_db


def test_office_weights_override_the_defaults_with_an_audit(cities):
    scene = Scene("wuhan")
    a = scene.app("ranking", document_review=800, hearing=60, site_review=600)  # 0.3/0.2/0.5 → 660
    b = scene.app("ranking", document_review=600, hearing=90, site_review=700)  # → 710
    assert [o.ranked.candidate.id for o in board.read(scene.cycle, board.FINAL).groups[0].outcomes] == [b.pk, a.pk]
    office = scene.cast.office
    for values, reason, message in (({"document_review": "-1", "hearing": "1", "site_review": "1"}, "x", "0至100"),
                                    ({"document_review": "abc", "hearing": "1", "site_review": "1"}, "x", "数字"),
                                    ({"document_review": "0", "hearing": "0", "site_review": "0"}, "x", "大于0"),
                                    ({"document_review": "1", "hearing": "0", "site_review": "0"}, "", "理由")):
        with pytest.raises(InvalidInput, match=message):
            weights.set_weights(scene.cycle, "mayor_org", values, office, reason=reason)
    with pytest.raises(TransitionDenied):
        weights.set_weights(scene.cycle, "mayor_org", {"document_review": "1"}, scene.cast.committee, reason="x")
    assert not RankingWeights.objects.exists()
    weights.set_weights(scene.cycle, "mayor_org", {"document_review": "1", "hearing": "0", "site_review": "0"},
                        office, reason="评委会决定以资料评审为主")
    in_force = weights.weights_in_force(scene.cycle)["mayor_org"]
    assert in_force.values == {"document_review": D(1), "hearing": D(0), "site_review": D(0)}
    assert in_force.reason == "评委会决定以资料评审为主" and in_force.changed_at is not None
    outcomes = board.read(scene.cycle, board.FINAL).groups[0].outcomes
    assert [(o.ranked.candidate.id, o.ranked.score) for o in outcomes] == [(a.pk, D("800.00")), (b.pk, D("600.00"))]
    shortlists.confirm(scene.cycle, board.FINAL, "mayor_org", {a.pk, b.pk}, office)
    with pytest.raises(InvalidInput, match="已确认"):
        weights.set_weights(scene.cycle, "mayor_org", {"document_review": "1", "hearing": "1", "site_review": "1"},
                            office, reason="再调整")
