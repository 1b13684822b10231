"""The committee's vote: the quorum, one append-only vote per member and candidate, the count, and the
publicity it produces."""

import pytest

from awards.models import AuditEntry, Publicity
from awards.workflow import Status
from cities.schema import Role
from core.errors import InvalidInput, TransitionDenied
from reviews.domain import committee
from reviews.models import CommitteeTally, CommitteeVote

from .. import factories
from .helpers import Scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cities):
    scene = Scene("chenzhou")
    scene.members = [scene.cast.committee] + [factories.city_user("chenzhou", Role.COMMITTEE) for _ in range(3)]
    scene.candidates = [scene.app("committee_decision", document_review=s, site_review=s, satisfaction_survey=90)
                        for s in (900, 700)]
    return scene


def test_the_quorum_is_more_than_half_of_the_members(scene):
    office = scene.cast.office
    with pytest.raises(InvalidInput, match="须至少3人出席"):
        committee.open_sitting(scene.cycle, office, [m.pk for m in scene.members[:2]])
    stranger = factories.city_user("wuhan", Role.COMMITTEE)
    with pytest.raises(InvalidInput, match="非本市"):
        committee.open_sitting(scene.cycle, office, [m.pk for m in scene.members[:3]] + [stranger.pk])
    with pytest.raises(TransitionDenied):
        committee.open_sitting(scene.cycle, scene.members[0], [m.pk for m in scene.members])
    sitting = committee.open_sitting(scene.cycle, office, [m.pk for m in scene.members[:3]])
    assert sitting.members_total == 4 and sitting.present.count() == 3
    with pytest.raises(InvalidInput, match="正在进行"):
        committee.open_sitting(scene.cycle, office, [m.pk for m in scene.members])


def test_one_vote_per_member_and_candidate_only_by_members_present(scene):
    sitting = committee.open_sitting(scene.cycle, scene.cast.office, [m.pk for m in scene.members[:3]])
    first = scene.candidates[0]
    committee.cast_vote(sitting, first, scene.members[0], "for")
    with pytest.raises(InvalidInput, match="不可更改"):
        committee.cast_vote(sitting, first, scene.members[0], "against")
    with pytest.raises(TransitionDenied):  # absent from this sitting
        committee.cast_vote(sitting, first, scene.members[3], "for")
    with pytest.raises(TransitionDenied):  # another city's member
        committee.cast_vote(sitting, first, factories.city_user("wuhan", Role.COMMITTEE), "for")
    with pytest.raises(TransitionDenied):  # the office does not vote
        committee.cast_vote(sitting, first, scene.cast.office, "for")
    with pytest.raises(InvalidInput, match="请选择"):
        committee.cast_vote(sitting, first, scene.members[1], "maybe")
    other = Scene("wuhan").app("committee_decision", document_review=700, hearing=80, site_review=700)
    with pytest.raises(InvalidInput, match="不在本次会议"):
        committee.cast_vote(sitting, other, scene.members[1], "for")
    assert CommitteeVote.objects.count() == 1
    with pytest.raises(PermissionError):
        CommitteeVote.objects.update(choice="against")
    with pytest.raises(PermissionError):
        CommitteeVote.objects.get().delete()


def test_counting_passes_the_majority_to_publicity_and_stops_the_others(scene):
    office = scene.cast.office
    present = scene.members[:3]
    sitting = committee.open_sitting(scene.cycle, office, [m.pk for m in present])
    top, second = scene.candidates
    for member, (a, b) in zip(present, [("for", "for"), ("for", "against"), ("abstain", "abstain")], strict=True):
        committee.cast_vote(sitting, top, member, a)
        committee.cast_vote(sitting, second, member, b)
    committee.count_votes(sitting, office)
    top.refresh_from_db()
    second.refresh_from_db()
    # 2 of 3 present for: more than half → passes; 1 of 3 → fails (由评审办公室设定: 过半数)
    assert top.status == Status.PUBLICITY and top.stage_deadline is not None
    assert second.status == Status.NOT_SELECTED and second.stopped_at_stage == Status.COMMITTEE_DECISION
    publicity = Publicity.objects.get()
    assert list(publicity.applications.all()) == [top] and publicity.stage == Status.PUBLICITY
    assert publicity.article == "第二十条"
    stop = AuditEntry.objects.filter(application=second).latest("pk")
    assert stop.article == "第十九条" and "同意1" in stop.reason and "弃权1" in stop.reason
    tallies = {t.application_id: (t.votes_for, t.votes_against, t.abstentions, t.passed)
               for t in CommitteeTally.objects.all()}
    assert tallies == {top.pk: (2, 0, 1, True), second.pk: (1, 1, 1, False)}
    with pytest.raises(InvalidInput, match="已计票"):
        committee.count_votes(sitting, office)
    with pytest.raises(InvalidInput, match="已计票"):
        committee.cast_vote(sitting, scene.candidates[0], present[2], "for")


def test_committee_pages(client, scene):
    url = f"/reviews/committee/{scene.cycle.pk}/"
    for user in (scene.cast.recommender, factories.city_user("wuhan", Role.OFFICE),
                 factories.city_user("wuhan", Role.COMMITTEE)):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(f"{url}open/", {"present": []}).status_code == 403
        assert client.post(f"{url}vote/{scene.candidates[0].pk}/", {"choice": "for"}).status_code == 403
    client.force_login(scene.members[0])
    assert client.post(f"{url}open/").status_code == 403  # a member does not convene
    assert client.post(f"{url}count/").status_code == 403
    client.force_login(scene.cast.office)
    assert client.get("/reviews/committee/999999/").status_code == 404
    page = client.post(f"{url}open/", {"present": [scene.members[0].pk]}, follow=True).content.decode()
    assert "不足法定人数" in page
    client.post(f"{url}open/", {"present": [m.pk for m in scene.members]})
    client.force_login(scene.members[0])
    page = client.get(url).content.decode()
    assert "由评审办公室设定" in page and scene.candidates[0].reference in page
    client.post(f"{url}vote/{scene.candidates[0].pk}/", {"choice": "for"})
    again = client.post(f"{url}vote/{scene.candidates[0].pk}/", {"choice": "against"}, follow=True)
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
