"""The list pages of the intake area do not grow their queries with their rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.domain import forms_data

from .. import factories
from ..journeys import Cast, travel
from .helpers import PUBLISHED, TODAY, complete_draft


def count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_applicant_home_query_count_is_flat(cities, client):
    with travel(TODAY):
        cycle = factories.cycle_for("chenzhou", published=PUBLISHED)
        user = factories.UserFactory()
        orgs = [factories.OrganisationFactory(city=cycle.city, members=[user]) for _ in range(2)]
        factories.application_for(cycle, organisation=orgs[0])
        client.force_login(user)
        one = count(client, "/apply/")
        factories.application_for(cycle, organisation=orgs[1])
        later = factories.cycle_for("chenzhou", year=2025, published=PUBLISHED.replace(year=2025))
        for org in orgs:
            factories.application_for(later, organisation=org)
        many = count(client, "/apply/")
    assert one == many


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
