"""reviews.domain.stage_inputs: inputs that are not expert scores: Chenzhou's satisfaction survey, Ordos's
public comment period."""

import pytest

from awards.domain import publicity
from reviews.domain import stage_inputs

from ..builders.review import Review


def test_survey_only_where_the_city_has_the_stage_and_at_that_stage(cities):
    review = Review("chenzhou")
    early = review.application()
    with pytest.raises(stage_inputs.InvalidInput, match="不在满意度测评环节"):
        stage_inputs.record_survey(early, review.cast.office, score="80", agency="a", summary="b")
    wuhan = Review("wuhan")
    app = wuhan.application()
    with pytest.raises(stage_inputs.InvalidInput, match="没有满意度测评环节"):
        stage_inputs.record_survey(app, wuhan.cast.office, score="80", agency="a", summary="b")


def test_comments_are_refused_on_an_ordinary_publicity(cities):
    review = Review("ordos")
    app = review.application(stage="publicity")
    notice = publicity.publish(cycle=review.cycle, stage="publicity", applications=[app], actor=review.cast.office)
    with pytest.raises(stage_inputs.InvalidInput, match="不是公开征求意见"):
        stage_inputs.file_comment(notice.entries.get(), name="a", contact="b", text="c")
