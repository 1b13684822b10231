"""honours.domain.revocation: for each city an award is revoked on a ground of its rule file, the people's steps
taken through the portal's pages — the office opens the case, each step recorded by the role its procedure names
(committee members on the committee's pages), the wrong role refused — then: the application 已撤销 with the
article, awards.Revocation, the public notice the ground names (Qujing's accident ground: none), the certificate
shown revoked, the reclaim lines of the ledger, the winner told, the ban computed, and the applicant's start page
for the next cycle refusing with the article."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from awards.domain import access, offering
from awards.models import Application, Notice, Revocation
from awards.tasks import notify_transition
from awards.workflow import Status
from cities.schema import PublicNoticeKind, Role
from core.errors import InvalidInput, TransitionDenied, TransitionNotAllowed
from honours.domain import certificates, revocation
from honours.models import Announcement, LedgerEntry, RevocationCase, RevocationCaseStep

from .. import factories
from ..builders.intake import ELF, PDF
from ..builders.journeys import travel
from ..builders.revocations import TODAY, Winners

OFFICE, COMMITTEE = Role.OFFICE, Role.COMMITTEE


@dataclass
class Expect:
    code: str
    ground: str
    article: str
    steps: list  # (kind, body, by) as the rule file's procedure says
    notice: PublicNoticeKind | None
    next_year: int
    refused: list  # what the start page of the next cycle says, each with its article
    fraud_bar: bool


CASES = [
    Expect("chenzhou", "fraud", "第二十五条",
           [("investigation", "评委会办公室", OFFICE), ("decision", "评委会（取消获奖资格）", COMMITTEE),
            ("revocation", "市人民政府", OFFICE)],
           PublicNoticeKind.ANNOUNCEMENT, 2027, ["第二十五条", "此后2届内不得申报", "2029年度评定起方可申报"], True),
    Expect("jinan", "org_fraud", "第二十九条",
           [("investigation", "市质量强市领导小组办公室（查证属实）", OFFICE),
            ("proposal", "市质量强市领导小组", COMMITTEE), ("revocation", "市政府", OFFICE)],
           PublicNoticeKind.ANNOUNCEMENT, 2028, ["第六条", "已获奖者不得再次申报", "被撤销"], False),
    Expect("ordos", "fraud", "第二十七条",
           [("proposal", "评审委员会秘书处", OFFICE), ("revocation", "市人民政府", OFFICE)],
           PublicNoticeKind.ANNOUNCEMENT, 2028, ["第十二条", "3年内不得申报", "2029年09月14日前不能申报"], True),
    Expect("qujing", "accident_serious_impact", "第二十八条",
           [("proposal", "评审办", OFFICE), ("revocation", "市人民政府", OFFICE)],
           None, 2028, ["第三十二条", "3年内不得再次申报", "2029年度起方可申报"], False),
    Expect("qujing", "fraud", "第二十八条",
           [("proposal", "评审办", OFFICE), ("revocation", "市人民政府", OFFICE)],
           PublicNoticeKind.CIRCULAR, 2028,
           ["第二十八条", "3年内不得申报", "2029年09月14日前不能申报", "第三十二条"], True),
    Expect("wuhan", "fraud", "第三十一条",
           [("investigation", "市强市办", OFFICE), ("revocation", "市人民政府", OFFICE)],
           PublicNoticeKind.EXPOSURE, 2028,
           ["第三十一条", "5年内不得申报", "2031年09月14日前不能申报", "第十三条"], True),
]


def pdf(name="调查报告.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def client_of(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def clients():
    return client_of


def shown_position(client, url) -> str:
    """The hidden `position` of the step form the page shows (how many steps it saw recorded)."""
    found = re.search(r'name="position" value="(\d+)"', client.get(url).content.decode())
    return found.group(1) if found else ""


def step_post(client, url, *, agree=True, note="经调查核实，情况属实。", number="", day=None, evidence=None,
              position=None):
    data = {"outcome": "agree" if agree else "disagree", "note": note, "document_number": number,
            "decided_on": day.isoformat() if day else "",
            "position": shown_position(client, url) if position is None else position}
    if evidence is not None:
        data["evidence"] = evidence
    return client.post(url, data, follow=True)


def steps_of(case):
    return list(RevocationCaseStep.objects.filter(case=case).order_by("pk"))


@pytest.mark.parametrize("expect", CASES, ids=[f"{c.code}-{c.ground}" for c in CASES])
def test_each_city_revokes_an_award_on_a_ground_of_its_rule_file(cities, expect, clients):
    with travel(TODAY):
        scene = Winners(expect.code)
        won, certificate = scene.award(award_kind="mayor_org")
    rules = won.rules
    ground = rules.post_award.ground(expect.ground)
    assert ground.article == expect.article
    assert [(s.kind.value, s.body, s.by) for s in rules.post_award.procedure_of(expect.ground)] == expect.steps
    office = clients(scene.cast.office)
    committee = clients(scene.cast.committee)
    granted = set(LedgerEntry.objects.filter(application=won, direction="grant").values_list("item", flat=True))

    with travel(TODAY):
        # the office opens the case from the application's page
        page = office.get(reverse("office:application", args=[won.pk]))
        assert reverse("office:revocation_open", args=[won.pk]) in page.content.decode()
        form = office.get(reverse("office:revocation_open", args=[won.pk]))
        assert form.status_code == 200 and ground.text in form.content.decode()
        assert committee.post(reverse("office:revocation_open", args=[won.pk]),
                              {"ground": expect.ground, "summary": "举报"}).status_code == 403
        opened = office.post(reverse("office:revocation_open", args=[won.pk]),
                             {"ground": expect.ground, "summary": "群众举报，经初步核查需立案调查。"})
        case = RevocationCase.objects.get(application=won)
        assert opened.status_code == 302 and opened["Location"] == reverse("office:revocation_case", args=[case.pk])
        assert (case.ground, case.article, case.state, case.opened_by) == (
            expect.ground, expect.article, RevocationCase.State.OPEN, scene.cast.office)
        again = office.post(reverse("office:revocation_open", args=[won.pk]), {"ground": expect.ground,
                                                                             "summary": "再次立案"})
        assert "已有正在办理的撤销案件" in again.content.decode()
        assert RevocationCase.objects.filter(application=won).count() == 1

        urls = {OFFICE: reverse("office:revocation_case", args=[case.pk]),
                COMMITTEE: reverse("committee:revocation_case", args=[case.pk])}
        people = {OFFICE: office, COMMITTEE: committee}
        for index, (kind, body, by) in enumerate(expect.steps):
            final = index == len(expect.steps) - 1
            other = COMMITTEE if by == OFFICE else OFFICE
            # the other role is refused: on its own page with the reason, and the other's page is not theirs
            refused = step_post(people[other], urls[other], number="X", day=TODAY)
            text = refused.content.decode()
            assert refused.status_code == 200 and "须由" in text and body in text
            assert people[other].post(urls[by], {"outcome": "agree", "note": "越权"}).status_code == 403
            assert len(steps_of(case)) == index
            page = people[by].get(urls[by]).content.decode()
            assert 'id="step-form"' in page and body in page
            if final:
                missing = step_post(people[by], urls[by], note="市政府决定撤销")
                assert "决定文号和决定日期" in missing.content.decode()
                assert len(steps_of(case)) == index
                step_post(people[by], urls[by], note="市政府决定撤销", number=f"{rules.name}政发〔2026〕88号",
                          day=TODAY)
            elif index == 0:
                bad = step_post(people[by], urls[by], evidence=SimpleUploadedFile("证据.pdf", ELF))
                assert "可执行程序" in bad.content.decode() and len(steps_of(case)) == 0
                step_post(people[by], urls[by], evidence=pdf())
            else:
                step_post(people[by], urls[by], note=f"{body}会议研究，同意撤销。")
            row = steps_of(case)[index]
            assert (row.kind, row.body, row.actor_role, row.article, row.agreed) == (
                kind, body, by.value, expect.article, True)
            assert row.actor == (scene.cast.office if by == OFFICE else scene.cast.committee)

    # the evidence of the first step: the city's office and committee, nobody else
    first = steps_of(case)[0]
    evidence_url = reverse("office:revocation_evidence", args=[first.pk])
    assert b"".join(office.get(evidence_url).streaming_content).startswith(b"%PDF-")
    assert committee.get(evidence_url).status_code == 200
    assert clients(factories.city_user("wuhan" if expect.code != "wuhan" else "ordos", Role.OFFICE)).get(
        evidence_url).status_code == 404

    # the award is revoked through the lifecycle, with the article
    won.refresh_from_db()
    case.refresh_from_db()
    assert won.status == Status.REVOKED and case.state == RevocationCase.State.REVOKED and case.closed_at
    revoked = Revocation.objects.get(application=won)
    assert (revoked.ground, revoked.article, revoked.revoked_on) == (expect.ground, expect.article, TODAY)
    entry = revoked.audit_entry
    assert (entry.action, entry.to_state, entry.article, entry.actor) == (
        "revoke", Status.REVOKED, expect.article, scene.cast.office)
    assert ground.text in entry.reason and f"{rules.name}政发〔2026〕88号" in entry.reason

    # the public notice the ground names
    notices = list(Announcement.objects.filter(cycle=won.cycle, kind=Announcement.Kind.REVOCATION))
    if expect.notice is None:
        assert notices == []
    else:
        [notice] = notices
        assert notice.notice_kind == expect.notice.value
        assert notice.title == (f"关于撤销{won.applicant_name}{won.cycle.name}{rules.name}"
                                f"{certificates.award_title(won).removeprefix(rules.name)}的{expect.notice.label}")
        assert expect.article in notice.body and ground.text in notice.body
        assert notice.document_number == f"{rules.name}政发〔2026〕88号" and notice.published_on == TODAY
        assert notice.article == ground.public_notice.citation
        public = clients(factories.UserFactory()).get(reverse("public:announcement", args=[notice.pk]))
        assert public.status_code == 200 and notice.title in public.content.decode()

    # the certificate shows revoked, on the public verification page too
    certificate.refresh_from_db()
    assert certificates.status(certificate, TODAY) == "revoked"
    assert (certificate.revoked_on, certificate.revocation_article) == (TODAY, expect.article)
    with travel(TODAY):
        verify = clients(factories.UserFactory()).get(reverse("public:verify_code", args=[certificate.code]))
    assert "已撤销" in verify.content.decode()

    # the ledger: each granted item the ground reclaims, once, with its article
    reclaimed = list(LedgerEntry.objects.filter(application=won, direction="reclaim"))
    wanted = {k.value for k in ground.reclaims.value} & granted if ground.reclaims else set()
    assert {line.item for line in reclaimed} == wanted and len(reclaimed) == len(wanted)
    assert all(line.article == ground.reclaims.citation and line.on == TODAY and line.grant_id for line in reclaimed)

    # the winner is told, with the ground and the article
    notify_transition(entry.pk)
    told = Notice.objects.get(recipient=factories.member(won.organisation), audit_entry=entry)
    assert "撤销" in told.subject and expect.article in told.body and ground.text in told.body

    # the ban, and the start page of the next cycle refusing with the article
    bar = offering.fraud_bar_reasons([revoked], rules, datetime.date(expect.next_year, 9, 14))
    assert bool(bar) == expect.fraud_bar
    published = datetime.date(expect.next_year, 9, 1)
    with travel(published + datetime.timedelta(days=13)):
        cycle = factories.cycle_for(expect.code, year=expect.next_year, published=published)
        applicant = clients(factories.member(won.organisation))
        start = applicant.get(reverse("applicant:start", args=[cycle.pk])).content.decode()
        for words in expect.refused:
            assert words in start, words
        posted = applicant.post(reverse("applicant:start", args=[cycle.pk]),
                                {"award_kind": "mayor_org", "who": f"org:{won.organisation.pk}"}, follow=True)
    assert expect.refused[0] in posted.content.decode()
    assert not Application.objects.filter(cycle=cycle, organisation=won.organisation).exists()


def test_committee_that_does_not_agree_closes_the_case_and_the_award_stands(cities, clients):
    """Chenzhou 第二十五条: 评委会 decides; it does not agree → 不予撤销, the office is told, the winner keeps the
    award."""
    with travel(TODAY):
        scene = Winners("chenzhou")
        won, certificate = scene.award()
        case = revocation.open_case(won, ground="fraud", summary="举报", actor=scene.cast.office)
        revocation.record_step(case, actor=scene.cast.office, agreed=True, note="初步核实")
        told = Notice.objects.filter(recipient=scene.cast.committee, event_key__startswith="revocation:")
        assert told.count() == 1 and "研究决定" in told.get().subject
        response = step_post(clients(scene.cast.committee), reverse("committee:revocation_case", args=[case.pk]),
                             agree=False, note="证据不足，不予撤销。")
    assert "不予撤销" in response.content.decode()
    case.refresh_from_db()
    won.refresh_from_db()
    assert case.state == RevocationCase.State.DISMISSED and case.closed_at
    assert won.status == Status.AWARDED and not Revocation.objects.filter(application=won).exists()
    assert certificates.status(certificate, TODAY) == "valid"
    assert not Announcement.objects.filter(kind=Announcement.Kind.REVOCATION).exists()
    assert Notice.objects.filter(recipient=scene.cast.office, event_key=f"revocation:{case.pk}:dismissed").exists()
    assert not Notice.objects.filter(recipient=factories.member(won.organisation),
                                     event_key__startswith="revocation:").exists()
    with pytest.raises(TransitionNotAllowed, match="已办结"):
        revocation.record_step(case, actor=scene.cast.office, agreed=True, note="再议")
    # a new case may be opened now the first is closed
    assert revocation.open_case(won, ground="fraud", summary="新的举报", actor=scene.cast.office).state == "open"


def test_ordos_article_28_grounds_only_within_three_years_of_the_award_and_decided_by_the_committee(cities):
    with travel(TODAY):
        scene = Winners("ordos")
        won, _certificate = scene.award()
        assert {g.key for g in revocation.grounds_for(won)} == {"fraud", "major_accident_3y", "serious_violation_3y"}
    day_after = datetime.date(2029, 9, 15)
    with travel(day_after):
        assert [g.key for g in revocation.grounds_for(won)] == ["fraud"]
        with pytest.raises(InvalidInput, match="第二十八条.*获奖后3年内.*2026年09月14日"):
            revocation.open_case(won, ground="major_accident_3y", summary="事故", actor=scene.cast.office)
    with travel(datetime.date(2029, 9, 14)):
        case = revocation.open_case(won, ground="major_accident_3y", summary="较大安全事故", actor=scene.cast.office)
        assert revocation.next_step(case).by == Role.OFFICE
        revocation.record_step(case, actor=scene.cast.office, agreed=True, note="查证属实")
        step = revocation.next_step(case)
        assert (step.kind.value, step.body, step.by) == ("decision", "评审委员会", Role.COMMITTEE)
        with pytest.raises(TransitionDenied, match="评审委员会"):
            revocation.record_step(case, actor=scene.cast.office, agreed=True, note="办公室代为决定")
        revocation.record_step(case, actor=scene.cast.committee, agreed=True, note="全体会议决定撤销",
                               document_number="鄂质评〔2029〕1号", decided_on=datetime.date(2029, 9, 14))
        assert revocation.next_step(case).kind.value == "revocation"
        revocation.record_step(case, actor=scene.cast.office, agreed=True, note="市政府决定撤销",
                               document_number="鄂府发〔2029〕9号", decided_on=datetime.date(2029, 9, 14))
    won.refresh_from_db()
    assert won.status == Status.REVOKED
    notice = Announcement.objects.get(kind=Announcement.Kind.REVOCATION, cycle=won.cycle)
    assert notice.article == "第二十八条" and notice.notice_kind == PublicNoticeKind.ANNOUNCEMENT.value
    assert not LedgerEntry.objects.filter(application=won, direction="reclaim").exists()  # 第二十八条 reclaims nothing
    assert offering.fraud_bar_reasons([won.revocation], won.rules, datetime.date(2030, 1, 1)) == []


def test_open_case_refusals(cities):
    with travel(TODAY):
        scene = Winners("jinan")
        won, _ = scene.award()
        at_approval = scene.at_approval()
        with pytest.raises(TransitionDenied):
            revocation.open_case(won, ground="org_fraud", summary="x", actor=scene.cast.committee)
        with pytest.raises(TransitionNotAllowed, match="只有已获奖"):
            revocation.open_case(at_approval, ground="org_fraud", summary="x", actor=scene.cast.office)
        with pytest.raises(InvalidInput, match="不适用于此类获奖者"):
            revocation.open_case(won, ground="ind_fraud", summary="x", actor=scene.cast.office)
        with pytest.raises(InvalidInput, match="撤销情形"):
            revocation.open_case(won, ground="no_such_ground", summary="x", actor=scene.cast.office)
        with pytest.raises(InvalidInput, match="案情摘要"):
            revocation.open_case(won, ground="org_fraud", summary="  ", actor=scene.cast.office)
        other_city = factories.city_user("wuhan", Role.OFFICE)
        with pytest.raises(TransitionDenied):
            revocation.open_case(won, ground="org_fraud", summary="x", actor=other_city)
        assert not RevocationCase.objects.exists()
        # grounds offered to a unit are the unit grounds only (第二十九条), never the individuals' (第三十条)
        assert {g.article for g in revocation.grounds_for(won)} == {"第二十九条"}


def test_steps_are_append_only_and_a_date_in_the_future_is_refused(cities):
    with travel(TODAY):
        scene = Winners("wuhan")
        won, _ = scene.award()
        case = revocation.open_case(won, ground="fraud", summary="举报", actor=scene.cast.office)
        row = revocation.record_step(case, actor=scene.cast.office, agreed=True, note="查证属实")
        with pytest.raises(PermissionError):
            row.save()
        with pytest.raises(InvalidInput, match="不能晚于今天"):
            revocation.record_step(case, actor=scene.cast.office, agreed=True, note="决定撤销",
                                   document_number="武政〔2026〕1号", decided_on=TODAY + datetime.timedelta(days=1))
        with pytest.raises(InvalidInput, match="意见"):
            revocation.record_step(case, actor=scene.cast.office, agreed=True, note=" ")
    assert RevocationCaseStep.objects.filter(case=case).count() == 1
    won.refresh_from_db()
    assert won.status == Status.AWARDED


def test_the_rows_registered_in_the_permission_table(cities):
    """office.revocation, committee.revocations, committee.revocation, revocation.evidence: allowed and refused."""
    with travel(TODAY):
        scene = Winners("wuhan")
        case = scene.case("fraud")
        row = revocation.record_step(case, actor=scene.cast.office, agreed=True, note="查证属实",
                                     evidence=SimpleUploadedFile("报告.pdf", PDF))
        bare = revocation.record_step(scene.case("accident_serious_impact"), actor=scene.cast.office, agreed=True,
                                      note="查证属实")
    office, committee = scene.cast.office, scene.cast.committee
    other_office = factories.city_user("ordos", Role.OFFICE)
    other_committee = factories.city_user("ordos", Role.COMMITTEE)
    applicant = factories.member(case.application.organisation)
    check = access.check
    assert check(office, "office.revocation", case) and not check(committee, "office.revocation", case)
    assert check(other_office, "office.revocation", case).hidden and check(office, "office.revocation", None).hidden
    assert check(committee, "committee.revocations") and check(other_committee, "committee.revocations")
    for user in (office, applicant, scene.cast.supervisor):
        verdict = check(user, "committee.revocations")
        assert not verdict and not verdict.hidden and "评审委员会" in verdict.reason
    assert check(committee, "committee.revocation", case)
    assert check(other_committee, "committee.revocation", case).hidden
    assert check(office, "committee.revocation", case).hidden
    assert check(office, "revocation.evidence", row) and check(committee, "revocation.evidence", row)
    for user in (other_office, other_committee, applicant, scene.cast.supervisor):
        assert check(user, "revocation.evidence", row).hidden
    assert check(office, "revocation.evidence", bare).hidden  # a step without evidence has none to open


def test_a_step_form_sent_twice_does_not_record_the_next_step(cities, clients):
    """Qujing (第二十八条): the office's proposal, then the office records the government's revocation. The same
    proposal form posted twice (a double click, a stale tab) must not revoke the award."""
    with travel(TODAY):
        scene = Winners("qujing")
        case = scene.case("fraud")
    office = clients(scene.cast.office)
    url = reverse("office:revocation_case", args=[case.pk])
    with travel(TODAY):
        position = shown_position(office, url)
        step_post(office, url, note="提请撤销", number="曲质办〔2026〕3号", day=TODAY, position=position)
        again = step_post(office, url, note="提请撤销", number="曲质办〔2026〕3号", day=TODAY, position=position)
    assert "刚刚已录入了新的办理环节" in again.content.decode()
    case.refresh_from_db()
    assert [s.kind for s in steps_of(case)] == ["proposal"] and case.state == RevocationCase.State.OPEN
    case.application.refresh_from_db()
    assert case.application.status == Status.AWARDED
