"""Deny by default on the recommender's pages: a unit sees only the applications sent to it, and loses them
when an application is sent elsewhere."""

import pytest

from awards.domain import forms_data, recommendation

from ... import factories
from ...builders.intake import TODAY, submitted_application
from ...builders.journeys import travel


@pytest.fixture
def two(cities):
    mine, cast, owner = submitted_application("jinan")
    return mine, cast, owner


def test_a_recommender_sees_only_applications_sent_to_it(two, client):
    app, cast, owner = two
    other_unit = factories.RecommenderUnitFactory(city=app.cycle.city)
    client.force_login(factories.member(other_unit))
    assert app.reference not in client.get("/recommend/").content.decode()
    assert client.get(f"/recommend/{app.pk}/").status_code == 404
    assert client.post(f"/recommend/{app.pk}/act/", {"action": "recommend", "opinion": "x"}).status_code == 404
    assert client.get(f"/apply/documents/{app.documents.get().pk}/").status_code == 404
    client.force_login(cast.recommender)
    assert app.reference in client.get("/recommend/").content.decode()


def test_non_recommenders_get_403_on_the_recommender_area(two, client):
    app, cast, owner = two
    client.force_login(owner)
    assert client.get("/recommend/").status_code == 403
    assert client.get(f"/recommend/{app.pk}/").status_code == 403


def test_the_unit_an_application_is_no_longer_sent_to_loses_access(cities, client):
    app, cast, user = submitted_application("chenzhou")
    old_unit_user = cast.recommender
    with travel(TODAY):
        recommendation.return_to_applicant(app, old_unit_user, reason="请改送所在县区质量主管部门")
        other = factories.RecommenderUnitFactory(city=app.cycle.city)
        values = {**app.form_data, "recommender": str(other.pk)}
        forms_data.save_draft(app, {k: v for k, v in values.items() if not k.startswith("_")}, user)
        forms_data.submit(app, user)
    app.refresh_from_db()
    assert app.recommender == other
    old_unit_user = type(old_unit_user).objects.get(pk=old_unit_user.pk)  # fresh permission cache
    assert not old_unit_user.has_perm("awards.view_application", app)
    client.force_login(old_unit_user)
    assert client.get(f"/recommend/{app.pk}/").status_code in (403, 404)
    document = app.documents.first()
    assert client.get(f"/apply/documents/{document.pk}/").status_code in (403, 404)
    assert factories.member(other).has_perm("awards.view_application", app)
