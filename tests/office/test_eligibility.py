"""The eligibility check: the city's checklist, accept / supplement / refuse, and their formal notices."""

import datetime

import pytest

from awards.domain import eligibility, formal_notices, supplements
from awards.models import AuditEntry, EligibilityCheckLine, FormalNotice, SupplementRequest
from awards.workflow import Status
from core.errors import InvalidInput, TransitionDenied

from .. import factories
from ..journeys import travel
from .conftest import SUBMIT_DAY, applicant_of
from .pdftext import pdf_text, squeeze

DAY = datetime.date(2026, 9, 16)


def all_meet(application):
    return {line.field: ("meets", "") for line in eligibility.checklist(application.rules, application.applicant_kind)}


def test_checklist_comes_from_the_city_rules_per_applicant_kind(ordos):
    rules = ordos.cycle.rules
    org_lines = eligibility.checklist(rules, "organisation")
    org = rules.eligibility.organisation
    assert len(org_lines) == len(org.conditions) + len(org.exclusions)
    assert {line.article for line in org_lines} == {"第十条", "第十二条"}
    person_lines = eligibility.checklist(rules, "individual")
    assert person_lines[0].text.startswith("从事质量或质量有关工作5年以上") and person_lines[0].article == "第十一条"
    assert {line.section for line in person_lines} == {"condition", "exclusion"}


def test_stage_deadline_is_ten_working_days_from_receipt(at_eligibility):
    # Ordos 第十六条: entered Monday 2026-09-14; Sunday 9-20 is a make-up working day and Friday 9-25 the
    # Mid-Autumn holiday, so the 10th working day is Thursday 2026-09-24.
    assert at_eligibility.stage_deadline == datetime.date(2026, 9, 24)


def test_findings_are_saved_and_a_not_met_line_needs_a_note(at_eligibility, ordos):
    office = ordos.cast.office
    answers = all_meet(at_eligibility)
    first = next(iter(answers))
    answers[first] = ("not_met", "")
    with travel(DAY), pytest.raises(InvalidInput) as error:
        eligibility.save_check(at_eligibility, office, answers)
    assert "须填写说明" in error.value.message and "第十条" in error.value.message
    assert not EligibilityCheckLine.objects.exists()
    answers[first] = ("na", "该企业为非盈利性单位以外的情形")
    with travel(DAY):
        eligibility.save_check(at_eligibility, office, answers)
    saved = EligibilityCheckLine.objects.get(key=first.split("__")[1], section="condition")
    assert (saved.verdict, saved.article) == ("na", "第十条")
    assert at_eligibility.eligibility_check.checked_by == office


def test_accept_needs_every_line_and_issues_the_acceptance_notice(at_eligibility, ordos):
    office = ordos.cast.office
    with travel(DAY), pytest.raises(InvalidInput) as error:
        eligibility.accept(at_eligibility, office)
    assert "未填写结论" in error.value.message
    assert at_eligibility.status == Status.ELIGIBILITY
    with travel(DAY):
        eligibility.save_check(at_eligibility, office, all_meet(at_eligibility))
        notice = eligibility.accept(at_eligibility, office)
    at_eligibility.refresh_from_db()
    assert at_eligibility.status == Status.DOCUMENT_REVIEW
    assert notice.kind == FormalNotice.Kind.ACCEPTANCE
    assert notice.number == "鄂尔多斯质奖受字〔2026〕1号"
    assert notice.audit_entry.article == "第十六条"
    text = squeeze(pdf_text(notice.file.read()))
    assert at_eligibility.applicant_name in text
    assert "受理通知书" in text and "第十六条" in text and "2026年9月16日" in text
    assert "鄂尔多斯市" in text and "评审委员会秘书处" in text


def test_a_failed_line_blocks_acceptance(at_eligibility, ordos):
    answers = all_meet(at_eligibility)
    answers[next(iter(answers))] = ("not_met", "成立不满3年")
    with travel(DAY):
        eligibility.save_check(at_eligibility, ordos.cast.office, answers)
        with pytest.raises(InvalidInput, match="不符合"):
            eligibility.accept(at_eligibility, ordos.cast.office)
    assert at_eligibility.status == Status.ELIGIBILITY


def test_supplement_round_trip_lists_all_items_at_once(at_eligibility, ordos):
    office, applicant = ordos.cast.office, applicant_of(at_eligibility)
    with travel(DAY):
        with pytest.raises(InvalidInput, match="至少列出一项"):
            supplements.request(at_eligibility, office, ["", "  "])
        request = supplements.request(at_eligibility, office, ["近三年财务审计报告", "", "质量管理体系认证证书"])
    at_eligibility.refresh_from_db()
    assert at_eligibility.status == Status.SUPPLEMENT_REQUESTED
    assert [i.text for i in request.items.all()] == ["近三年财务审计报告", "质量管理体系认证证书"]
    # The supplement period (set by the office: 10 working days) from Wednesday 9-16 skips Mid-Autumn (9-25).
    assert request.deadline == at_eligibility.stage_deadline == datetime.date(2026, 9, 29)
    assert request.deadline_citation == "由评审办公室设定"
    entry = request.audit_entry
    assert "1. 近三年财务审计报告" in entry.reason and "2. 质量管理体系认证证书" in entry.reason
    text = squeeze(pdf_text(entry.formal_notice.file.read()))
    assert "补正通知书" in text and at_eligibility.applicant_name in text and "第十六条" in text
    assert "近三年财务审计报告" in text and "质量管理体系认证证书" in text and "2026年9月29日" in text

    with travel(DAY + datetime.timedelta(days=2)):
        with pytest.raises(InvalidInput, match="补正说明"):
            supplements.answer(at_eligibility, applicant, "  ")
        item = request.items.first()
        supplements.answer(at_eligibility, applicant, "已上传审计报告和证书", {item.pk: "见附件"})
    at_eligibility.refresh_from_db()
    request.refresh_from_db()
    assert at_eligibility.status == Status.ELIGIBILITY
    assert request.answered_by == applicant and request.answer_audit_entry.action == "answer_supplement"
    assert request.items.first().response == "见附件"
    assert not supplements.is_late(request, request.answered_at)


def test_only_the_applicant_answers_and_only_the_office_decides(at_eligibility, ordos, wuhan):
    stranger = factories.UserFactory()
    with travel(DAY):
        with pytest.raises(TransitionDenied):
            eligibility.save_check(at_eligibility, wuhan.cast.office, all_meet(at_eligibility))
        with pytest.raises(TransitionDenied):
            eligibility.accept(at_eligibility, applicant_of(at_eligibility))
        supplements.request(at_eligibility, ordos.cast.office, ["营业执照副本"])
        with pytest.raises(TransitionDenied):
            supplements.answer(at_eligibility, stranger, "我来补")
        with pytest.raises(TransitionDenied):
            supplements.answer(at_eligibility, ordos.cast.office, "办公室代补")
    at_eligibility.refresh_from_db()
    assert at_eligibility.status == Status.SUPPLEMENT_REQUESTED


def test_refusal_needs_reasons_and_cites_the_failed_articles(at_eligibility, ordos):
    office = ordos.cast.office
    before = AuditEntry.objects.count()
    with travel(DAY), pytest.raises(InvalidInput) as error:
        eligibility.refuse(at_eligibility, office, "   ")
    assert error.value.message == "请填写不予受理的理由，申报人将看到这些理由。"
    assert AuditEntry.objects.count() == before and at_eligibility.status == Status.ELIGIBILITY
    answers = all_meet(at_eligibility)
    exclusion = next(k for k in answers if k.startswith("exclusion__"))
    answers[exclusion] = ("not_met", "2025年列入经营异常名录")
    with travel(DAY):
        eligibility.save_check(at_eligibility, office, answers)
        notice = eligibility.refuse(at_eligibility, office, "该单位近3年存在较大质量安全责任事故，不符合申报条件。")
    at_eligibility.refresh_from_db()
    assert at_eligibility.status == Status.INELIGIBLE
    assert notice.article == "第十六条、第十二条"
    text = squeeze(pdf_text(notice.file.read()))
    assert "不予受理通知书" in text and at_eligibility.applicant_name in text
    assert "第十六条、第十二条" in text and "较大质量安全责任事故" in text and "2025年列入经营异常名录" in text


def test_refusal_is_possible_while_waiting_for_a_supplement(at_eligibility, ordos):
    with travel(DAY):
        supplements.request(at_eligibility, ordos.cast.office, ["审计报告"])
    with travel(datetime.date(2026, 10, 20)):
        eligibility.refuse(at_eligibility, ordos.cast.office, "逾期未补正。")
    assert at_eligibility.status == Status.INELIGIBLE
    assert SupplementRequest.objects.get().answered_at is None


def test_document_numbers_count_per_city_year_and_kind(ordos):
    with travel(SUBMIT_DAY):
        apps = [ordos.application() for _ in range(2)]
    with travel(DAY):
        for app in apps:
            eligibility.save_check(app, ordos.cast.office, all_meet(app))
            eligibility.accept(app, ordos.cast.office)
    assert sorted(FormalNotice.objects.values_list("serial", flat=True)) == [1, 2]
    assert formal_notices.document_number("武汉市", FormalNotice.Kind.REFUSAL, 2027, 4) == "武汉质奖驳字〔2027〕4号"


@pytest.mark.parametrize("day,text", [(datetime.date(2026, 11, 23), "2026年11月23日"),
                                      (datetime.date(2027, 3, 2), "2027年3月2日")])
def test_dates_are_written_as_the_measures_write_them(day, text):
    assert formal_notices.chinese_date(day) == text


def test_individual_applications_get_the_individual_checklist(wuhan):
    with travel(SUBMIT_DAY):
        app = wuhan.application(award_kind="mayor_individual")
    lines = eligibility.lines_for(app)
    assert lines and all(line.article for line in lines)
    assert lines == eligibility.checklist(app.rules, "individual")


def test_a_late_answer_is_accepted_but_flagged_for_the_office(client, at_eligibility, ordos):
    with travel(DAY):
        request = supplements.request(at_eligibility, ordos.cast.office, ["审计报告"])
    with travel(datetime.date(2026, 9, 30)):  # the deadline was Tuesday 9-29
        supplements.answer(at_eligibility, applicant_of(at_eligibility), "迟交的审计报告")
    request.refresh_from_db()
    assert supplements.is_late(request, request.answered_at)
    client.force_login(ordos.cast.office)
    with travel(datetime.date(2026, 9, 30)):
        assert "（逾期提交）" in client.get(f"/office/applications/{at_eligibility.pk}/").content.decode()
