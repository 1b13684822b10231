"""reviews.domain.committee: the quorum, one append-only vote per member and candidate, the count, and the
publicity it produces."""

import pytest

from awards.models import AuditEntry, Publicity
from awards.workflow import Status
from cities.schema import Role
from core.errors import InvalidInput, TransitionDenied
from reviews.domain import committee
from reviews.models import CommitteeTally, CommitteeVote

from .. import factories
from ..builders.ranking import Scene

pytestmark = pytest.mark.django_db


def test_the_quorum_is_more_than_half_of_the_members(committee_scene):
    office = committee_scene.cast.office
    with pytest.raises(InvalidInput, match="须至少3人出席"):
        committee.open_sitting(committee_scene.cycle, office, [m.pk for m in committee_scene.members[:2]])
    stranger = factories.city_user("wuhan", Role.COMMITTEE)
    with pytest.raises(InvalidInput, match="非本市"):
        committee.open_sitting(committee_scene.cycle, office,
                               [m.pk for m in committee_scene.members[:3]] + [stranger.pk])
    with pytest.raises(TransitionDenied):
        committee.open_sitting(committee_scene.cycle, committee_scene.members[0],
                               [m.pk for m in committee_scene.members])
    sitting = committee.open_sitting(committee_scene.cycle, office, [m.pk for m in committee_scene.members[:3]])
    assert sitting.members_total == 4 and sitting.present.count() == 3
    with pytest.raises(InvalidInput, match="正在进行"):
        committee.open_sitting(committee_scene.cycle, office, [m.pk for m in committee_scene.members])


def test_one_vote_per_member_and_candidate_only_by_members_present(committee_scene):
    sitting = committee.open_sitting(committee_scene.cycle, committee_scene.cast.office,
                                     [m.pk for m in committee_scene.members[:3]])
    first = committee_scene.candidates[0]
    committee.cast_vote(sitting, first, committee_scene.members[0], "for")
    with pytest.raises(InvalidInput, match="不可更改"):
        committee.cast_vote(sitting, first, committee_scene.members[0], "against")
    with pytest.raises(TransitionDenied):  # absent from this sitting
        committee.cast_vote(sitting, first, committee_scene.members[3], "for")
    with pytest.raises(TransitionDenied):  # another city's member
        committee.cast_vote(sitting, first, factories.city_user("wuhan", Role.COMMITTEE), "for")
    with pytest.raises(TransitionDenied):  # the office does not vote
        committee.cast_vote(sitting, first, committee_scene.cast.office, "for")
    with pytest.raises(InvalidInput, match="请选择"):
        committee.cast_vote(sitting, first, committee_scene.members[1], "maybe")
    other = Scene("wuhan").app("committee_decision", document_review=700, hearing=80, site_review=700)
    with pytest.raises(InvalidInput, match="不在本次会议"):
        committee.cast_vote(sitting, other, committee_scene.members[1], "for")
    assert CommitteeVote.objects.count() == 1
    with pytest.raises(PermissionError):
        CommitteeVote.objects.update(choice="against")
    with pytest.raises(PermissionError):
        CommitteeVote.objects.get().delete()


def test_counting_passes_the_majority_to_publicity_and_stops_the_others(committee_scene):
    office = committee_scene.cast.office
    present = committee_scene.members[:3]
    sitting = committee.open_sitting(committee_scene.cycle, office, [m.pk for m in present])
    top, second = committee_scene.candidates
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
        committee.cast_vote(sitting, committee_scene.candidates[0], present[2], "for")
