"""The applicant's home page does not grow its queries with its rows."""

from ... import factories
from ...builders.intake import PUBLISHED, TODAY
from ...builders.journeys import travel
from ...builders.queries import count


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
