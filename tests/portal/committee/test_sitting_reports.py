"""Committee members are told of a sitting and read the candidates' review reports and scores before voting
(reviews.domain.committee.tell_members, portal.committee.views.sitting_page / candidate_report, the predicate
committee.candidate_report in reviews.domain.feedback)."""

import pytest

from awards.models import Notice
from cities.schema import Role
from reviews.models import CommitteeVote, Consensus

from ... import factories
from ...builders.ranking import Scene

pytestmark = pytest.mark.django_db


def _scene():
    scene = Scene("chenzhou")
    scene.members = [scene.cast.committee] + [factories.city_user("chenzhou", Role.COMMITTEE) for _ in range(3)]
    scene.candidates = [scene.app("committee_decision", document_review=s, site_review=s, satisfaction_survey=90,
                                  strengths="领导作用突出") for s in (900, 700)]
    Consensus.objects.filter(application=scene.candidates[0], stage="site_review").update(
        report="现场评审：质量管理体系运行有效，建议加强供应链协同。")
    return scene


def test_opening_a_sitting_tells_every_member_with_the_time_and_the_link(client, cities):
    scene = _scene()
    client.force_login(scene.cast.office)
    url = f"/reviews/committee/{scene.cycle.pk}/"
    client.post(f"{url}open/", {"present": [m.pk for m in scene.members[:3]]})
    told = Notice.objects.filter(event_key__startswith="committee:sitting:")
    assert {n.recipient for n in told} == set(scene.members)  # the absent member too
    notice = told.get(recipient=scene.members[3])
    assert "会议已召开" in notice.subject and url in notice.body and "候选名单（2名）" in notice.body
    assert "查阅各候选的评审报告和得分" in notice.body
    assert not Notice.objects.filter(event_key__startswith="committee:sitting:", recipient=scene.cast.office)


def test_a_member_reads_each_candidates_scores_and_report_and_votes_beside_it(client, cities):
    scene = _scene()
    client.force_login(scene.cast.office)
    url = f"/reviews/committee/{scene.cycle.pk}/"
    client.post(f"{url}open/", {"present": [m.pk for m in scene.members]})
    member = scene.members[1]
    client.force_login(member)
    page = client.get(url).content.decode()
    first = scene.candidates[0]
    assert "评审组共识得分" in page and "900.00" in page and "查阅评审报告" in page
    assert f'/reviews/committee/{scene.cycle.pk}/report/{first.pk}/' in page
    assert f'/reviews/committee/{scene.cycle.pk}/vote/{first.pk}/' in page  # the vote form in the same row
    report = client.get(f"{url}report/{first.pk}/")
    assert report.status_code == 200
    text = report.content.decode()
    assert "质量管理体系运行有效" in text and "领导作用突出" in text and "900.00" in text
    assert 'id="vote-form"' in text
    client.post(f"{url}vote/{first.pk}/", {"choice": "for"})
    assert CommitteeVote.objects.get(member=member).choice == "for"
    assert 'id="vote-form"' not in client.get(f"{url}report/{first.pk}/").content.decode()  # voted: no form


def test_outsiders_do_not_read_the_report(client, cities):
    scene = _scene()
    first = scene.candidates[0]
    url = f"/reviews/committee/{scene.cycle.pk}/report/{first.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    for user in (scene.cast.recommender, factories.city_user("wuhan", Role.COMMITTEE),
                 factories.city_user("wuhan", Role.OFFICE), factories.member(first.organisation),
                 factories.city_user("chenzhou", Role.SUPERVISOR)):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(scene.cast.committee)
    assert client.get(f"/reviews/committee/{scene.cycle.pk}/report/999999/").status_code == 404
    other = scene.app("document_review", document_review=800)  # not before the committee
    assert client.get(f"/reviews/committee/{other.cycle.pk}/report/{other.pk}/").status_code == 404
    client.force_login(scene.cast.office)
    assert client.get(url).status_code == 200
