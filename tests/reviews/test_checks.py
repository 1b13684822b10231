"""reviews.checks: the review's stage checks registered into awards.checks; one quorum for recording and for
moving on."""

from decimal import Decimal

import pytest

from awards import checks
from awards.domain import lifecycle
from awards.workflow import Status
from core.errors import TransitionNotAllowed
from reviews import checks as review_checks
from reviews.domain import consensus
from reviews.domain.consensus import AgreedEntry
from reviews.models import Consensus


def agreed(comparison, percent=60):
    return {row.code: AgreedEntry(percent, "优势", "改进", "") for row in comparison.rows}


def test_guard_refuses_to_move_on_with_a_consensus_from_a_too_small_panel(half_declared):
    review, app, assignments = half_declared
    # a consensus row written around the domain (e.g. an import) does not make the stage done
    Consensus.objects.create(panel=review.panel, application=app, stage=review.panel.stage, scheme="x",
                             total=Decimal("500"), recorded_by=review.leader.user)
    with pytest.raises(TransitionNotAllowed, match="尚有专家未作回避声明"):
        lifecycle.perform(app, "advance", review.cast.office)
    app.refresh_from_db()
    assert app.status == Status.DOCUMENT_REVIEW


def test_quorum_is_one_function_for_record_and_guard(half_declared):
    review, app, assignments = half_declared
    assert "尚有专家未作回避声明" in consensus.quorum_problem(review.panel, app)
    review.declare_all(assignments[1:])
    review.score_all(assignments[1:], [70, 80])
    assert consensus.quorum_problem(review.panel, app) is None
    consensus.record(review.panel, app, review.leader.user, agreed(consensus.compare(review.panel, app)))
    assert review_checks.expert_review_done(app, "advance") is None
    # past the expert check, the confirmed ranking list decides who leaves the document review (reviews.checks)
    assert checks.unmet(app, "advance") == ["本环节之后谁进入下一阶段由排序决定，请在“综合评价”页面确认入选名单。"]
