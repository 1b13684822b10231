"""Winners' duties (honours.domain.duties): yearly reports scheduled from the rules, handed in, reminded, overdue and
the consequence the rules name; revisits with findings and a deadline to correct (an uncorrected decline opens a
revocation case where the rules say so); the reminder before a certificate expires."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.domain import access
from awards.models import Notice
from awards.workflow import Status
from cities.calendar import period_span
from core.errors import InvalidInput, TransitionDenied
from honours.domain import duties
from honours.models import Revisit, RevocationCase, YearlyReport

from .. import factories
from ..builders.intake import ELF, PDF, PNG, SUBMIT_DAY, World, office_zip
from ..builders.journeys import travel
from ..builders.winners import winner

D = datetime.date


def pdf(name="自评报告.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def told(user, key):
    return Notice.objects.filter(recipient=user, event_key=key).first()


# ---------------------------------------------------------------- scheduling
def test_qujing_schedules_three_reports_after_the_award_year_once(cities):
    app, _world, _user = winner("qujing")
    reports = duties.schedule(app)
    assert [(r.year, r.due_on, r.article) for r in reports] == [
        (2027, D(2027, 12, 31), "第二十四条"), (2028, D(2028, 12, 31), "第二十四条"),
        (2029, D(2029, 12, 31), "第二十四条")]
    duties.schedule(app)
    assert YearlyReport.objects.filter(application=app).count() == 3


def test_wuhan_schedules_every_year_up_to_next_year_and_only_for_organisations(cities):
    app, world, _user = winner("wuhan")
    assert [(r.year, r.due_on) for r in duties.schedule(app, SUBMIT_DAY)] == [(2027, D(2027, 6, 30))]
    assert [r.year for r in duties.schedule(app, D(2029, 3, 1))] == [2027, 2028, 2029, 2030]
    person, _w, _u = winner("wuhan", world=world, award_kind="mayor_individual")
    assert duties.schedule(person) == []


def test_the_award_itself_schedules_the_reports(cities, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        app, _world, _user = winner("qujing")
    assert [r.year for r in YearlyReport.objects.filter(application=app)] == [2027, 2028, 2029]


def test_no_reports_where_the_rules_require_none_or_before_the_award(cities):
    app, _world, _user = winner("chenzhou")
    assert duties.schedule(app) == []
    with travel(SUBMIT_DAY):
        pending = World("qujing").application()
    assert pending.status == Status.ELIGIBILITY and duties.schedule(pending) == []


def test_a_due_day_past_the_month_end_is_the_months_last_day():
    assert duties.due_date(2027, "02-29") == D(2027, 2, 28)
    assert duties.due_date(2028, "02-29") == D(2028, 2, 29)


# ---------------------------------------------------------------- handing in
def test_the_winner_hands_in_a_pdf_or_word_report_once(cities):
    app, world, user = winner("qujing")
    first, second, third = duties.schedule(app)
    with travel(D(2027, 12, 10)):
        with pytest.raises(TransitionDenied):
            duties.submit_report(first, pdf(), world.cast.office)
        with pytest.raises(InvalidInput, match="PDF 或 Word"):
            duties.submit_report(first, SimpleUploadedFile("照片.png", PNG), user)
        with pytest.raises(InvalidInput, match="可执行程序"):
            duties.submit_report(first, SimpleUploadedFile("报告.pdf", ELF), user)
        with pytest.raises(InvalidInput, match="空文件"):
            duties.submit_report(first, SimpleUploadedFile("报告.pdf", b""), user)
        with pytest.raises(InvalidInput, match="2028年起"):
            duties.submit_report(second, pdf(), user)
        duties.submit_report(first, SimpleUploadedFile("自评.docx", office_zip("word")), user)
        with pytest.raises(InvalidInput, match="不能重复报送"):
            duties.submit_report(first, pdf(), user)
    first.refresh_from_db()
    assert first.submitted_by == user and first.original_name == "自评.docx" and not first.is_late
    with travel(D(2029, 1, 5)):
        duties.submit_report(second, pdf(), user)
    second.refresh_from_db()
    assert second.is_late


def test_a_stranger_cannot_hand_in(cities):
    app, _world, _user = winner("qujing")
    report = duties.schedule(app)[0]
    stranger = factories.UserFactory()
    with travel(D(2027, 3, 1)), pytest.raises(TransitionDenied):
        duties.submit_report(report, pdf(), stranger)


# ---------------------------------------------------------------- reminders, overdue, consequence
def test_reminders_come_the_rules_days_before_and_once(cities):
    app, _world, user = winner("qujing")
    report = duties.schedule(app)[0]
    assert duties.send_due_reminders(D(2027, 11, 30)) == []
    with travel(D(2027, 12, 1)):
        assert duties.send_due_reminders(D(2027, 12, 1)) == [report]
        assert duties.send_due_reminders(D(2027, 12, 2)) == []
    notice = told(user, f"yearly-report:{report.pk}:reminder")
    assert "2027年12月31日" in notice.subject and "第二十四条" in notice.body and "第二十九条" in notice.body
    report.refresh_from_db()
    assert report.reminded_at is not None


def test_overdue_reports_reach_the_office_queue_once(cities):
    app, world, user = winner("qujing")
    report = duties.schedule(app)[0]
    assert list(duties.overdue(app.cycle.city, D(2027, 12, 31))) == []
    with travel(D(2028, 1, 2)):
        assert duties.mark_overdue(D(2028, 1, 2)) == [report]
        assert duties.mark_overdue(D(2028, 1, 3)) == []
    assert list(duties.overdue(app.cycle.city, D(2028, 1, 2))) == [report]
    assert list(duties.overdue(factories.city("wuhan"), D(2028, 1, 2))) == []
    assert told(user, f"yearly-report:{report.pk}:overdue")
    assert "已逾期" in told(world.cast.office, f"yearly-report:{report.pk}:overdue").body


def test_the_office_records_the_consequence_the_rules_name(cities):
    app, world, user = winner("qujing")
    report = duties.schedule(app)[0]
    with travel(D(2027, 12, 31)), pytest.raises(InvalidInput, match="尚未届满"):
        duties.record_consequence(report, world.cast.office)
    other_office = factories.city_user("wuhan", access.Role.OFFICE)
    day = D(2028, 1, 4)
    with travel(day):
        with pytest.raises(TransitionDenied):
            duties.record_consequence(report, other_office)
        duties.record_consequence(report, world.cast.office, "曲质奖办〔2028〕1号")
        with pytest.raises(InvalidInput, match="已记录"):
            duties.record_consequence(report, world.cast.office)
    report.refresh_from_db()
    rule = app.rules.post_award.yearly_self_assessment
    assert report.consequence == "通报批评，并责令限期改正" and report.consequence_article == "第二十九条"
    assert report.correct_by == period_span(day, rule.correction_period).end
    assert report.consequence_by == world.cast.office and report.consequence_note == "曲质奖办〔2028〕1号"
    body = told(user, f"yearly-report:{report.pk}:consequence").body
    assert "第二十九条" in body and "通报批评" in body and f"{report.correct_by.year}年" in body


# ---------------------------------------------------------------- revisits
def test_revisits_only_where_the_rules_have_them_by_the_office(cities):
    app, world, _user = winner("ordos")
    with travel(D(2027, 3, 1)), pytest.raises(InvalidInput, match="未规定"):
        duties.plan_revisit(app, on=D(2027, 4, 1), visitors="", actor=world.cast.office)
    app, world, user = winner("qujing")
    with travel(D(2027, 3, 1)):
        with pytest.raises(TransitionDenied):
            duties.plan_revisit(app, on=D(2027, 4, 1), visitors="", actor=user)
        with pytest.raises(InvalidInput, match="早于今天"):
            duties.plan_revisit(app, on=D(2027, 2, 1), visitors="", actor=world.cast.office)
        visit = duties.plan_revisit(app, on=D(2027, 4, 1), visitors="王专家、李专家", actor=world.cast.office)
        with pytest.raises(InvalidInput, match="已经安排"):  # the same form sent twice
            duties.plan_revisit(app, on=D(2027, 4, 1), visitors="王专家、李专家", actor=world.cast.office)
    assert Revisit.objects.filter(application=app).count() == 1
    assert visit.article == "第二十一条" and visit.outcome == Revisit.Outcome.PLANNED
    assert "王专家" in told(user, f"revisit:{visit.pk}:planned").body


def test_findings_then_correction_in_qujing(cities):
    app, world, user = winner("qujing")
    office = world.cast.office
    with travel(D(2027, 3, 1)):
        visit = duties.plan_revisit(app, on=D(2027, 4, 1), visitors="", actor=office)
        with pytest.raises(InvalidInput, match="回访后方可"):
            duties.record_findings(visit, satisfactory=False, findings="质量管理下滑", actor=office)
    with travel(D(2027, 4, 1)):
        with pytest.raises(InvalidInput, match="请填写"):
            duties.record_findings(visit, satisfactory=False, findings=" ", actor=office)
        duties.record_findings(visit, satisfactory=False, findings="质量管理下滑", actor=office)
    visit.refresh_from_db()
    assert visit.outcome == Revisit.Outcome.CORRECTION
    assert visit.correct_by == period_span(D(2027, 4, 1), app.rules.post_award.revisits.correction_period).end
    assert "质量管理下滑" in told(user, f"revisit:{visit.pk}:findings").body
    with travel(visit.correct_by), pytest.raises(InvalidInput, match="期满后"):
        duties.record_correction(visit, corrected=False, actor=office, note="未整改")
    with travel(visit.correct_by):
        visit, case = duties.record_correction(visit, corrected=True, actor=office, note="已建立整改台账")
    assert visit.outcome == Revisit.Outcome.CORRECTED and case is None


def test_an_uncorrected_decline_opens_a_revocation_case_in_wuhan(cities):
    app, world, user = winner("wuhan")
    office = world.cast.office
    with travel(D(2027, 5, 6)):
        visit = duties.plan_revisit(app, on=D(2027, 5, 6), visitors="专家组", actor=office)
        duties.record_findings(visit, satisfactory=False, findings="质量管理严重下滑", actor=office)
    visit.refresh_from_db()
    assert visit.correct_by == D(2027, 5, 6) + datetime.timedelta(days=59)  # 60 calendar days
    assert "第三十三条" in told(user, f"revisit:{visit.pk}:findings").body
    with travel(visit.correct_by + datetime.timedelta(days=1)):
        visit, case = duties.record_correction(visit, corrected=False, actor=office, note="逾期未整改")
    assert visit.outcome == Revisit.Outcome.UNCORRECTED
    assert case.state == RevocationCase.State.OPEN and case.revisit == visit
    assert case.ground == app.rules.post_award.revisits.uncorrected_ground and "质量管理严重下滑" in case.summary
    assert "撤销程序" in told(user, f"revisit:{visit.pk}:correction").body


def test_an_uncorrected_decline_without_a_ground_opens_nothing(cities):
    app, world, _user = winner("qujing")
    office = world.cast.office
    with travel(D(2027, 4, 1)):
        visit = duties.plan_revisit(app, on=D(2027, 4, 1), visitors="", actor=office)
        duties.record_findings(visit, satisfactory=False, findings="下滑", actor=office)
    visit.refresh_from_db()
    with travel(visit.correct_by + datetime.timedelta(days=1)):
        visit, case = duties.record_correction(visit, corrected=False, actor=office, note="未整改")
    assert visit.outcome == Revisit.Outcome.UNCORRECTED and case is None
    assert not RevocationCase.objects.exists()


# ---------------------------------------------------------------- expiry
def test_the_winner_is_reminded_before_expiry_once_with_the_re_evaluation(cities):
    app, _world, user = winner("chenzhou")
    certificate = app.certificates.get()
    assert certificate.valid_until == D(2029, 9, 13)
    remind_on = certificate.valid_until - datetime.timedelta(days=90)
    city = app.cycle.city
    assert duties.expiring(city, remind_on - datetime.timedelta(days=1)) == []
    assert duties.send_expiry_reminders(remind_on - datetime.timedelta(days=1)) == []
    assert duties.expiring(city, remind_on) == [certificate]
    with travel(remind_on):
        assert duties.send_expiry_reminders(remind_on) == [certificate]
        assert duties.send_expiry_reminders(remind_on + datetime.timedelta(days=1)) == []
    body = told(user, f"certificate:{certificate.pk}:expiry").body
    assert "2029年09月13日" in body and "第三十五条" in body and "复评" in body


def test_no_expiry_where_the_rules_set_no_validity(cities):
    app, _world, _user = winner("qujing")
    assert app.certificates.get().valid_until is None
    assert duties.expiring(app.cycle.city, D(2035, 1, 1)) == []
    assert duties.send_expiry_reminders(D(2035, 1, 1)) == []


# ---------------------------------------------------------------- permission rows
def test_who_may_use_the_duties_rows(cities):
    app, world, user = winner("qujing")
    report = duties.schedule(app)[0]
    other_office = factories.city_user("wuhan", access.Role.OFFICE)
    stranger = factories.UserFactory()
    assert access.check(world.cast.office, "office.yearly_report", report)
    assert access.check(other_office, "office.yearly_report", report).hidden
    assert access.check(user, "office.yearly_report", report).hidden
    assert access.check(user, "applicant.yearly_report", report)
    assert access.check(stranger, "applicant.yearly_report", report).hidden
    assert access.check(user, "honours.yearly_report_file", report).hidden  # nothing handed in yet
    assert access.check(user, "applicant.duties", app)
    assert access.check(stranger, "applicant.duties", app).hidden
    assert access.check(world.cast.office, "office.winner", app)
    assert not access.check(other_office, "office.winner", app)
    with travel(SUBMIT_DAY):
        pending = world.application()
    pending_user = factories.member(pending.organisation)
    refused = access.check(pending_user, "applicant.duties", pending)
    assert not refused and not refused.hidden
