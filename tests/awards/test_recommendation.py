"""awards.domain.recommendation: the local publicity's title names the award from the rule file."""

from awards.domain import recommendation

from ..intake.helpers import TODAY, submitted_application
from ..journeys import travel


def test_local_publicity_title_names_the_unit_the_cycle_and_the_award(cities):
    """Wuhan 第十七条: the recommender unit publicises locally before it recommends."""
    app, cast, _user = submitted_application("wuhan")
    with travel(TODAY):
        recommendation.recommend(app, cast.recommender, opinion="审核通过")
        notice = recommendation.start_local_publicity(cast.recommender_unit, [app], cast.recommender)
    assert notice.title == f"{cast.recommender_unit.name}关于推荐{app.cycle}市长质量奖申报对象的公示"
