"""The office's revocation pages (portal.office.revocations): who may use them (the city's office; the evidence also
the city's committee), the case list's queries for 1 and N cases, opening a case from the application page, and
the office refused on a step the committee records."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from awards.workflow import Status
from cities.schema import Role
from honours.domain import revocation
from honours.models import RevocationCase, RevocationCaseStep

from ... import factories
from ...builders.intake import PDF
from ...builders.journeys import travel
from ...builders.queries import count
from ...builders.revocations import TODAY, Winners


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def scene(cities):
    """Chenzhou: one winner with a case whose investigation (with evidence) is recorded; one more winner."""
    with travel(TODAY):
        winners = Winners("chenzhou")
        case = winners.case("fraud")
        revocation.record_step(case, actor=winners.cast.office, agreed=True, note="查证属实",
                               evidence=SimpleUploadedFile("调查报告.pdf", PDF))
        other, _certificate = winners.award()
    step = RevocationCaseStep.objects.get(case=case)
    return winners, case, step, other


def urls(case, step, other):
    return {
        "list": reverse("office:revocations", args=["chenzhou"]),
        "open": reverse("office:revocation_open", args=[other.pk]),
        "case": reverse("office:revocation_case", args=[case.pk]),
        "evidence": reverse("office:revocation_evidence", args=[step.pk]),
    }


def test_the_citys_office_uses_every_page(scene):
    winners, case, step, other = scene
    office = login(winners.cast.office)
    pages = urls(case, step, other)
    with travel(TODAY):
        for name in ("list", "open", "case"):
            assert office.get(pages[name]).status_code == 200, name
        response = office.get(pages["evidence"])
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_everyone_else_is_refused(scene):
    winners, case, step, other = scene
    pages = urls(case, step, other)
    with travel(TODAY):
        for name, url in pages.items():
            response = Client().get(url)
            assert response.status_code == 302 and "login" in response["Location"], name
        applicant = login(factories.member(case.application.organisation))
        supervisor = login(winners.cast.supervisor)
        recommender = login(winners.cast.recommender)
        for who in (applicant, supervisor, recommender):
            for name in ("list", "open", "case"):
                assert who.get(pages[name]).status_code == 403, name
            for name in ("open", "case"):
                assert who.post(pages[name], {"ground": "fraud", "summary": "x", "outcome": "agree",
                                              "note": "x"}).status_code == 403, name
            assert who.get(pages["evidence"]).status_code == 404
        # another city's office: the city list is refused, the rows are not there
        elsewhere = login(factories.city_user("wuhan", Role.OFFICE))
        assert elsewhere.get(pages["list"]).status_code == 403
        for name in ("open", "case", "evidence"):
            assert elsewhere.get(pages[name]).status_code == 404, name
        assert elsewhere.post(pages["open"], {"ground": "fraud", "summary": "x"}).status_code == 404
        # the city's committee: the evidence only; its steps on its own pages
        committee = login(winners.cast.committee)
        assert committee.get(pages["evidence"]).status_code == 200
        for name in ("list", "open", "case"):
            assert committee.get(pages[name]).status_code == 403, name
    assert RevocationCase.objects.count() == 1 and RevocationCaseStep.objects.count() == 1


def test_the_office_is_refused_a_step_the_committee_records(scene):
    winners, case, step, other = scene
    office = login(winners.cast.office)
    with travel(TODAY):
        page = office.get(reverse("office:revocation_case", args=[case.pk])).content.decode()
        assert 'id="step-form"' not in page and "须由评审委员会（审议机构）录入" in page
        response = office.post(reverse("office:revocation_case", args=[case.pk]),
                               {"outcome": "agree", "note": "办公室代为决定"}, follow=True)
    assert "须由评审委员会（审议机构）在其页面录入" in response.content.decode()
    assert RevocationCaseStep.objects.filter(case=case).count() == 1


def test_opening_a_case_is_for_awarded_applications_only_and_says_why(scene):
    winners, case, step, other = scene
    office = login(winners.cast.office)
    with travel(TODAY):
        at_approval = winners.at_approval()
        assert at_approval.status == Status.GOVERNMENT_APPROVAL
        url = reverse("office:revocation_open", args=[at_approval.pk])
        assert "只有已获奖的申报可以立案撤销" in office.get(url).content.decode()
        refused = office.post(url, {"ground": "fraud", "summary": "举报"})
        assert refused.status_code == 400 and "只有已获奖的申报可以立案撤销" in refused.content.decode()
        page = office.get(reverse("office:application", args=[at_approval.pk])).content.decode()
        assert reverse("office:revocation_open", args=[at_approval.pk]) not in page
        # a winner: the application page links to the form; the form keeps the summary typed when refused
        page = office.get(reverse("office:application", args=[other.pk])).content.decode()
        assert reverse("office:revocation_open", args=[other.pk]) in page
        missing = office.post(reverse("office:revocation_open", args=[other.pk]), {"summary": "已写的摘要"})
        assert missing.status_code == 400 and "已写的摘要" in missing.content.decode()
        opened = office.post(reverse("office:revocation_open", args=[other.pk]),
                             {"ground": "major_accident", "summary": "重大事故"})
    new = RevocationCase.objects.get(application=other)
    assert opened["Location"] == reverse("office:revocation_case", args=[new.pk])
    assert (new.ground, new.article) == ("major_accident", "第二十七条")


def test_case_list_keeps_its_queries_for_1_and_n_cases(cities):
    """One open case, one closed, one winner without a case; then four open (on two grounds), two closed (revoked
    and dismissed) and three winners."""
    with travel(TODAY):
        winners = Winners("qujing")
        shown = [winners.case("fraud", steps=1), winners.case("fraud", steps=2)]
        free = [winners.award()[0]]
        office = login(winners.cast.office)
        url = reverse("office:revocations", args=["qujing"])
        count(office, url)  # the rules parsed once for the process
        one = count(office, url)
        shown += [winners.case("fraud"), winners.case("accident_serious_impact", steps=1),
                  winners.case("fraud", steps=1), winners.case("accident_serious_impact", steps=2)]
        dismissed = winners.case("fraud")
        revocation.record_step(dismissed, actor=winners.cast.office, agreed=False, note="查无实据")
        free += [winners.award()[0], winners.award()[0]]
        many = count(office, url)
        page = office.get(url).content.decode()
    assert one == many
    for application in [c.application for c in [*shown, dismissed]] + free:
        assert application.applicant_name in page
    for application in free:
        assert reverse("office:revocation_open", args=[application.pk]) in page
    assert page.count('class="state-open"') == 4 and page.count('class="state-revoked"') == 2
    assert "不予撤销" in page
