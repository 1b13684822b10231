"""Deny by default on the applicant's pages: other applicants, anonymous users and other cities' users cannot
reach what is not theirs."""

import json

import pytest

from ... import factories
from ...builders.intake import submitted_application
from ...builders.journeys import Cast


@pytest.fixture
def two(cities):
    mine, cast, owner = submitted_application("jinan")
    return mine, cast, owner


def applicant_urls(app, doc):
    return [f"/apply/{app.pk}/", f"/apply/{app.pk}/status/", f"/apply/{app.pk}/check/",
            f"/apply/documents/{doc.pk}/"]


def test_another_applicant_cannot_reach_an_application_or_its_files(two, client):
    app, cast, owner = two
    doc = app.documents.get()
    stranger = factories.member(factories.OrganisationFactory(city=app.cycle.city))
    client.force_login(stranger)
    for url in applicant_urls(app, doc):
        assert client.get(url).status_code == 404, url
    for url in (f"/apply/{app.pk}/upload/", f"/apply/{app.pk}/submit/",
                f"/apply/{app.pk}/documents/{doc.pk}/remove/"):
        assert client.post(url).status_code == 404, url
    assert client.post(f"/apply/{app.pk}/autosave/", json.dumps({"org_name": "x"}),
                       content_type="application/json").status_code == 404
    app.refresh_from_db()
    assert app.form_data["org_name"] == "示例内容"


def test_anonymous_users_are_sent_to_login(two, client):
    app, cast, owner = two
    for url in applicant_urls(app, app.documents.get()) + ["/apply/", "/recommend/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_users_of_another_city_cannot_touch_this_citys_applications(two, client):
    app, cast, owner = two
    wuhan = Cast("wuhan")
    for user in (wuhan.office, wuhan.recommender, wuhan.committee):
        client.force_login(user)
        assert client.get(f"/apply/documents/{app.documents.get().pk}/").status_code == 404
        assert client.get(f"/apply/{app.pk}/status/").status_code == 404
        assert client.get(f"/recommend/{app.pk}/").status_code in (403, 404)
    client.force_login(cast.office)  # the city's own office may open the file
    assert client.get(f"/apply/documents/{app.documents.get().pk}/").status_code == 200
