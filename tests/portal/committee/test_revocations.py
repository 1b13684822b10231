"""The deciding body's revocation pages (portal.committee.revocations): the city's committee members only, the
list's queries for 1 and N cases, the decision recorded in the committee's role, an office step refused there."""

import pytest
from django.test import Client
from django.urls import reverse

from cities.schema import Role
from honours.models import RevocationCaseStep

from ... import factories
from ...builders.journeys import travel
from ...builders.queries import count
from ...builders.revocations import TODAY, Winners


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def jinan(cities):
    """Jinan 第二十九条: the office has verified the facts; the leading group (市质量强市领导小组) proposes next."""
    with travel(TODAY):
        winners = Winners("jinan")
        case = winners.case("org_fraud", steps=1)
    return winners, case


def test_members_of_the_citys_committee_record_the_proposal_in_their_role(jinan):
    winners, case = jinan
    member = login(winners.cast.committee)
    with travel(TODAY):
        listing = member.get(reverse("committee:revocations")).content.decode()
        assert case.application.applicant_name in listing and "市质量强市领导小组" in listing
        url = reverse("committee:revocation_case", args=[case.pk])
        page = member.get(url).content.decode()
        assert 'id="step-form"' in page and "提请撤销" in page
        response = member.post(url, {"outcome": "agree", "note": "领导小组会议研究，提请市政府撤销。"}, follow=True)
    assert "已录入“提请撤销”" in response.content.decode()
    row = RevocationCaseStep.objects.filter(case=case).order_by("pk").last()
    assert (row.kind, row.body, row.actor, row.actor_role, row.article) == (
        "proposal", "市质量强市领导小组", winners.cast.committee, Role.COMMITTEE.value, "第二十九条")
    with travel(TODAY):
        # the next step is the government's, recorded by the office: refused here, with the reason
        page = member.get(url).content.decode()
        assert 'id="step-form"' not in page and "须由评审办公室录入" in page
        refused = member.post(url, {"outcome": "agree", "note": "x", "document_number": "济政〔2026〕1号",
                                    "decided_on": TODAY.isoformat()}, follow=True)
        assert "须由评审办公室在其页面录入" in refused.content.decode()
        # the case has left the committee's queue and is among those it decided
        listing = member.get(reverse("committee:revocations")).content.decode()
    assert listing.index("本机构已审议") < listing.index(case.application.applicant_name)
    assert RevocationCaseStep.objects.filter(case=case).count() == 2


def test_everyone_else_is_refused(jinan):
    winners, case = jinan
    pages = [reverse("committee:revocations"), reverse("committee:revocation_case", args=[case.pk])]
    with travel(TODAY):
        for url in pages:
            response = Client().get(url)
            assert response.status_code == 302 and "login" in response["Location"]
        for user in (winners.cast.office, winners.cast.supervisor, winners.cast.recommender,
                     factories.member(case.application.organisation)):
            for url in pages:
                assert login(user).get(url).status_code == 403
            assert login(user).post(pages[1], {"outcome": "agree", "note": "x"}).status_code == 403
        # another city's committee: its own list, without this case; the case itself is not there
        elsewhere = login(factories.city_user("chenzhou", Role.COMMITTEE))
        listing = elsewhere.get(pages[0])
        assert listing.status_code == 200 and case.application.applicant_name not in listing.content.decode()
        assert elsewhere.get(pages[1]).status_code == 404
        assert elsewhere.post(pages[1], {"outcome": "agree", "note": "x"}).status_code == 404
    assert RevocationCaseStep.objects.filter(case=case).count() == 1


def test_case_list_keeps_its_queries_for_1_and_n_cases(jinan):
    winners, first = jinan
    member = login(winners.cast.committee)
    url = reverse("committee:revocations")
    with travel(TODAY):
        decided = [winners.case("org_fraud", steps=2)]
        count(member, url)
        one = count(member, url)
        awaiting = [winners.case("org_fraud", steps=1) for _ in range(3)]
        decided += [winners.case("org_fraud", steps=2), winners.case("org_major_accident", steps=3)]
        winners.case("org_fraud")  # still with the office: not in the committee's list
        many = count(member, url)
        page = member.get(url).content.decode()
    assert one == many
    for case in [first, *awaiting, *decided]:
        assert case.application.applicant_name in page
    split = page.index("本机构已审议")
    assert all(page.index(c.application.applicant_name) < split for c in [first, *awaiting])
    assert all(page.index(c.application.applicant_name) > split for c in decided)
