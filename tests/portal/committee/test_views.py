"""The committee's pages (portal.committee.views): who may open, vote and count; the same queries for 1 and N
candidates."""

import pytest

from cities.schema import Role
from reviews.domain import committee
from reviews.models import CommitteeVote

from ... import factories
from ...builders.ranking import Scene

pytestmark = pytest.mark.django_db


def test_committee_pages(client, committee_scene):
    url = f"/reviews/committee/{committee_scene.cycle.pk}/"
    for user in (committee_scene.cast.recommender, factories.city_user("wuhan", Role.OFFICE),
                 factories.city_user("wuhan", Role.COMMITTEE)):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(f"{url}open/", {"present": []}).status_code == 403
        assert client.post(f"{url}vote/{committee_scene.candidates[0].pk}/", {"choice": "for"}).status_code == 403
    client.force_login(committee_scene.members[0])
    assert client.post(f"{url}open/").status_code == 403  # a member does not convene
    assert client.post(f"{url}count/").status_code == 403
    client.force_login(committee_scene.cast.office)
    assert client.get("/reviews/committee/999999/").status_code == 404
    page = client.post(f"{url}open/", {"present": [committee_scene.members[0].pk]}, follow=True).content.decode()
    assert "不足法定人数" in page
    client.post(f"{url}open/", {"present": [m.pk for m in committee_scene.members]})
    client.force_login(committee_scene.members[0])
    page = client.get(url).content.decode()
    assert "由评审办公室设定" in page and committee_scene.candidates[0].reference in page
    client.post(f"{url}vote/{committee_scene.candidates[0].pk}/", {"choice": "for"})
    again = client.post(f"{url}vote/{committee_scene.candidates[0].pk}/", {"choice": "against"}, follow=True)
    assert "不可更改" in again.content.decode()
    assert CommitteeVote.objects.get().choice == "for"
    assert client.post(f"{url}vote/999999/", {"choice": "for"}).status_code == 404


def test_committee_page_query_count_is_the_same_for_1_and_n(client, cities):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scene = Scene("chenzhou")
    members = [scene.cast.committee] + [factories.city_user("chenzhou", Role.COMMITTEE) for _ in range(2)]
    apps = [scene.app("committee_decision", document_review=800, site_review=800, satisfaction_survey=90)]
    sitting = committee.open_sitting(scene.cycle, scene.cast.office, [m.pk for m in members])
    url = f"/reviews/committee/{scene.cycle.pk}/"

    def queries(user):
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    committee.cast_vote(sitting, apps[0], members[0], "for")
    one = (queries(scene.cast.office), queries(members[0]))
    for _ in range(5):
        app = scene.app("committee_decision", document_review=700, site_review=700, satisfaction_survey=80)
        committee.cast_vote(sitting, app, members[0], "against")
    assert (queries(scene.cast.office), queries(members[0])) == one
