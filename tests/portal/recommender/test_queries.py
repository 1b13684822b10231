"""The recommender's queue does not grow its queries with its rows."""

from awards.domain import forms_data

from ... import factories
from ...builders.intake import PUBLISHED, TODAY, complete_draft
from ...builders.journeys import Cast, travel
from ...builders.queries import count


def test_recommender_queue_query_count_is_flat(cities, client):
    with travel(TODAY):
        cycle = factories.cycle_for("wuhan", published=PUBLISHED)
        cast = Cast("wuhan")

        def submitted():
            app = factories.application_for(cycle, recommender=cast.recommender_unit)
            forms_data.submit(app, complete_draft(app))
            return app

        submitted()
        client.force_login(cast.recommender)
        one = count(client, "/recommend/")
        apps = [submitted() for _ in range(4)]
        from awards.domain import recommendation
        for app in apps[:2]:
            recommendation.recommend(app, cast.recommender, opinion="审核通过")
        recommendation.start_local_publicity(cast.recommender_unit, apps[:1], cast.recommender)
        many = count(client, "/recommend/")
    assert one == many
