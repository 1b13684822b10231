"""awards.domain.eligibility: the city's checklist, accept or refuse with their formal notices, and full_years,
the one count of years operating, used by the offering and the office page."""

import datetime

import pytest

from awards.domain import eligibility, offering, supplements
from awards.domain.eligibility import full_years
from awards.models import AuditEntry, EligibilityCheckLine, FormalNotice, SupplementRequest
from awards.workflow import Status
from core.errors import InvalidInput, TransitionDenied

from .. import factories
from ..builders.intake import SUBMIT_DAY, applicant_of
from ..builders.journeys import travel
from ..builders.pdftext import pdf_text, squeeze


@pytest.mark.parametrize("since, today, years", [
    (datetime.date(2023, 9, 15), datetime.date(2026, 9, 14), 2),  # 1095 days, a leap day among them: not yet 3
    (datetime.date(2023, 9, 14), datetime.date(2026, 9, 14), 3),  # the same day three years on
    (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28), 2),
    (datetime.date(2024, 2, 29), datetime.date(2027, 3, 1), 3),
])
def test_full_years_are_calendar_years(since, today, years):
    assert full_years(since, today) == years


def test_the_offering_counts_full_years(cities):
    """Ordos 第十条 (连续正常运营3年以上): founded 2023-09-02 is 2 full years on 2026-09-01 (1095 days), then 3."""
    with travel(datetime.date(2026, 9, 1)):
        cycle = factories.cycle_for("ordos", published=datetime.date(2026, 9, 1))
        young = factories.OrganisationFactory(city=cycle.city, founded_on=datetime.date(2023, 9, 2))
        reasons = offering.offering(cycle, organisation=young).offers[0].reasons
        assert any("3年以上" in r and "第十条" in r for r in reasons)
    with travel(datetime.date(2026, 9, 2)):
        assert offering.offering(cycle, organisation=young).offers[0].allowed


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


def test_individual_applications_get_the_individual_checklist(wuhan):
    with travel(SUBMIT_DAY):
        app = wuhan.application(award_kind="mayor_individual")
    lines = eligibility.lines_for(app)
    assert lines and all(line.article for line in lines)
    assert lines == eligibility.checklist(app.rules, "individual")
