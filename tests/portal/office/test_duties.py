"""The office's duties pages (portal.office.duties) and the cycles the issue names: a yearly-report cycle in Qujing and
Wuhan with one report on time and one missed (reminders, the overdue queue, the consequence recorded), and in
Chenzhou an expiry and a 复评 to reissue. People's steps go through the HTTP views; the daily job
(honours.tasks.duties_daily) runs on the days the clock is moved to."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Notice
from cities.calendar import period_span
from cities.schema import GrantKind, Role
from honours import tasks
from honours.domain import certificates, duties, re_evaluation
from honours.models import Certificate, LedgerEntry, ReEvaluation, Revisit, RevocationCase

from ... import factories
from ...builders import queries
from ...builders.intake import PDF, SUBMIT_DAY, World
from ...builders.journeys import travel
from ...builders.winners import winner

D = datetime.date


def pdf(name="年度自评报告.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def daily(day):
    """The beat's daily job on `day` (send_due_reminders, send_expiry_reminders, mark_overdue)."""
    with travel(day):
        return tasks.duties_daily()


def inbox(user):
    return list(Notice.objects.filter(recipient=user).order_by("pk"))


# ---------------------------------------------------------------- the yearly-report cycle (Qujing, Wuhan)
@pytest.mark.parametrize("code, consequence, source", [
    ("qujing", "通报批评，并责令限期改正", "第二十九条"),
    ("wuhan", "书面提醒并责令限期补报", "由评审办公室设定"),
])
def test_a_yearly_report_cycle_one_on_time_one_missed(cities, client, code, consequence, source):
    app, world, user = winner(code)
    office = world.cast.office
    rule = app.rules.post_award.yearly_self_assessment
    first_due, second_due = duties.due_date(2027, rule.due.value), duties.due_date(2028, rule.due.value)
    ahead = datetime.timedelta(days=rule.remind_days_before.value)

    # the year before the first due date: nothing yet; on the reminder day the winner is reminded, once
    assert daily(first_due - ahead - datetime.timedelta(days=1))["due_reminders"] == 0
    assert daily(first_due - ahead)["due_reminders"] == 1
    assert daily(first_due - ahead + datetime.timedelta(days=1))["due_reminders"] == 0
    reminder = inbox(user)[-1]
    assert "2027年度自评报告" in reminder.subject and rule.years.citation in reminder.body
    first = app.yearly_reports.get(year=2027)

    # the winner hands in the first report on time, through the duties page
    with travel(first_due - datetime.timedelta(days=3)):
        client.force_login(user)
        html = page(client, f"/apply/{app.pk}/duties/")
        assert f'action="/apply/yearly-reports/{first.pk}/upload/"' in html and rule.due.value in html
        done = client.post(f"/apply/yearly-reports/{first.pk}/upload/", {"file": pdf()}, follow=True)
        assert "2027年度自评报告已报送。" in done.content.decode()
    first.refresh_from_db()
    assert first.submitted_by == user and not first.is_late

    # the second: reminded, then missed — the daily job puts it on the office's queue and tells both sides
    assert daily(second_due - ahead)["due_reminders"] == 1
    assert daily(second_due)["overdue"] == 0
    after = second_due + datetime.timedelta(days=1)
    assert daily(after)["overdue"] == 1
    assert daily(after)["overdue"] == 0
    second = app.yearly_reports.get(year=2028)
    assert "逾期未报送" in inbox(user)[-1].subject and "逾期" in inbox(office)[-1].subject

    with travel(after):
        client.force_login(office)
        html = page(client, f"/office/{code}/duties/")
        assert f'id="report-{second.pk}"' in html and f'id="report-{first.pk}"' not in html
        assert f'id="handed-{first.pk}"' in html and f"/office/yearly-reports/{first.pk}/file/" in html
        assert consequence in html and 'id="count-overdue">1<' in html
        response = client.post(f"/office/yearly-reports/{second.pk}/consequence/", {"note": "已电话提醒"},
                               follow=True)
        html = response.content.decode()
        assert "已记录处理结果" in html and consequence in html
        again = client.post(f"/office/yearly-reports/{second.pk}/consequence/", {"note": ""}, follow=True)
        assert "已记录" in again.content.decode()
        file = client.get(f"/office/yearly-reports/{first.pk}/file/")
        assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
        assert b"".join(file.streaming_content).startswith(b"%PDF-")
    second.refresh_from_db()
    deadline = period_span(after, rule.correction_period).end
    assert (second.consequence, second.consequence_article, second.correct_by) == (consequence, source, deadline)
    told = inbox(user)[-1]
    assert consequence in told.subject and source in told.body
    assert f"{deadline.month:02d}月{deadline.day:02d}日" in told.body

    # the winner sees the consequence and hands the missed report in late: taken, and marked
    with travel(after + datetime.timedelta(days=2)):
        client.force_login(user)
        html = page(client, f"/apply/{app.pk}/duties/")
        assert consequence in html and deadline.strftime("%Y-%m-%d") in html
        late = client.post(f"/apply/yearly-reports/{second.pk}/upload/", {"file": pdf()}, follow=True)
        assert "逾期报送，已标注" in late.content.decode()
    second.refresh_from_db()
    assert second.is_late
    with travel(after + datetime.timedelta(days=2)):
        client.force_login(office)
        html = page(client, f"/office/{code}/duties/")
    assert 'id="count-overdue">0<' in html and "逾期报送" in html


# ---------------------------------------------------------------- expiry and 复评 (Chenzhou)
def test_chenzhou_expiry_and_a_re_evaluation_to_reissue(cities, client):
    app, world, user = winner("chenzhou")
    office, committee = world.cast.office, world.cast.committee
    old = app.certificates.get()
    remind = old.valid_until - datetime.timedelta(days=app.rules.post_award.expiry_reminder_days.value)

    # before the 3 years the winner is told why not
    with travel(D(2028, 6, 1)):
        client.force_login(user)
        html = page(client, f"/apply/{app.pk}/duties/")
        assert 'id="re-refusal"' in html and "第三十五条" in html and "2029年起" in html
        refused = client.post(f"/apply/{app.pk}/re-evaluation/", {"note": ""}, follow=True).content.decode()
        assert "2029年起" in refused and not ReEvaluation.objects.exists()

    # 90 days before expiry: the daily job reminds the winner once, the office sees the certificate expiring
    assert daily(remind - datetime.timedelta(days=1))["expiry_reminders"] == 0
    assert daily(remind)["expiry_reminders"] == 1
    assert daily(remind + datetime.timedelta(days=1))["expiry_reminders"] == 0
    reminder = inbox(user)[-1]
    assert "到期" in reminder.subject and "复评" in reminder.body and "第三十五条" in reminder.body
    with travel(remind):
        client.force_login(office)
        html = page(client, "/office/chenzhou/duties/")
        assert f'id="certificate-{old.pk}"' in html and 'id="count-expiring">1<' in html

    # the winner asks for 复评
    with travel(remind):
        client.force_login(user)
        html = page(client, f"/apply/{app.pk}/duties/")
        assert 'id="request-re-evaluation"' in html
        client.post(f"/apply/{app.pk}/re-evaluation/", {"note": "三年来持续改进"})
    case = ReEvaluation.objects.get()
    assert case.step == "office_review"

    # the office records its two steps; the committee's step is not the office's
    with travel(remind + datetime.timedelta(days=10)):
        client.force_login(office)
        html = page(client, "/office/chenzhou/duties/")
        assert f'id="re-{case.pk}"' in html and "评委会办公室审核" in html
        for key in ("office_review", "expert_review"):
            client.post(f"/office/re-evaluations/{case.pk}/", {"step": key, "passed": "yes", "note": "通过"})
        html = page(client, f"/office/re-evaluations/{case.pk}/")
        assert 'id="not-yours"' in html and "评委会审定" in html
        denied = client.post(f"/office/re-evaluations/{case.pk}/", {"step": "decision", "passed": "yes"},
                             follow=True).content.decode()
        assert "只能由" in denied
    case.refresh_from_db()
    assert case.step == "decision" and case.outcome == ReEvaluation.Outcome.OPEN

    # the committee decides: continues valid, the certificate reissued, plaque and certificate again, no money
    decided = remind + datetime.timedelta(days=20)
    with travel(decided):
        client.force_login(committee)
        html = page(client, f"/committee/re-evaluations/{case.pk}/")
        assert 'name="passed"' in html and "评委会审定" in html
        done = client.post(f"/committee/re-evaluations/{case.pk}/", {"step": "decision", "passed": "yes",
                                                                      "note": "审定合格"}, follow=True)
        assert "复评合格，继续有效" in done.content.decode()
    case.refresh_from_db()
    old.refresh_from_db()
    new = case.certificate
    assert case.outcome == ReEvaluation.Outcome.CONTINUES and new.reason == Certificate.Reason.RE_EVALUATION
    assert old.superseded_by == new and new.valid_until == D(decided.year + 3, decided.month, decided.day) - \
        datetime.timedelta(days=1)
    assert certificates.status(new, decided) == "valid"
    again = {e.item for e in LedgerEntry.objects.filter(application=app, on=decided)}
    assert again and GrantKind.MONEY.value not in again
    assert "继续有效" in inbox(user)[-1].subject
    with travel(decided):
        client.force_login(user)
        html = page(client, f"/apply/{app.pk}/duties/")
    assert new.number in html and "复评合格，继续有效" in html


# ---------------------------------------------------------------- revisits through the pages
def test_the_office_plans_a_revisit_records_findings_and_an_uncorrected_decline(cities, client):
    app, world, user = winner("wuhan")
    office = world.cast.office
    with travel(D(2027, 5, 4)):
        client.force_login(office)
        html = page(client, "/office/wuhan/duties/")
        assert f'action="/office/applications/{app.pk}/revisits/"' in html
        bad = client.post(f"/office/applications/{app.pk}/revisits/", {"planned_on": "明天"}, follow=True)
        assert "有效的日期" in bad.content.decode()
        client.post(f"/office/applications/{app.pk}/revisits/", {"planned_on": "2027-05-06", "visitors": "专家组"})
    visit = Revisit.objects.get()
    with travel(D(2027, 5, 6)):
        client.force_login(office)
        html = page(client, f"/office/revisits/{visit.pk}/")
        assert 'value="findings"' in html
        client.post(f"/office/revisits/{visit.pk}/", {"step": "findings", "satisfactory": "no",
                                                      "findings": "质量管理严重下滑"})
    visit.refresh_from_db()
    assert visit.outcome == Revisit.Outcome.CORRECTION
    with travel(visit.correct_by):
        client.force_login(office)
        early = client.post(f"/office/revisits/{visit.pk}/", {"step": "correction", "corrected": "no",
                                                              "note": "未整改"}, follow=True).content.decode()
        assert "期满后" in early
    with travel(visit.correct_by + datetime.timedelta(days=1)):
        client.force_login(office)
        done = client.post(f"/office/revisits/{visit.pk}/", {"step": "correction", "corrected": "no",
                                                             "note": "未整改"}, follow=True).content.decode()
        assert "逾期未整改" in done and "立案撤销" in done
    case = RevocationCase.objects.get()
    assert case.revisit == visit and case.application == app
    with travel(visit.correct_by + datetime.timedelta(days=1)):
        client.force_login(user)
        html = page(client, f"/apply/{app.pk}/duties/")
    assert "质量管理严重下滑" in html and "逾期未整改" in html


def test_bad_input_is_told_not_a_500(cities, client):
    app, world, _user = winner("qujing")
    with travel(D(2027, 4, 1)):
        client.force_login(world.cast.office)
        visit = duties.plan_revisit(app, on=D(2027, 4, 1), visitors="", actor=world.cast.office)
        for data in ({"step": "nonsense"}, {"step": "findings", "satisfactory": "maybe", "findings": "x"},
                     {"step": "correction", "corrected": "no", "note": "x"}):
            response = client.post(f"/office/revisits/{visit.pk}/", data, follow=True)
            assert response.status_code == 200
        report = duties.schedule(app)[0]
        early = client.post(f"/office/yearly-reports/{report.pk}/consequence/", follow=True).content.decode()
        assert "尚未届满" in early


# ---------------------------------------------------------------- who may use the pages
def test_others_cannot_use_the_office_duties_pages(cities, client):
    app, world, user = winner("qujing")
    report = duties.schedule(app)[0]
    with travel(D(2027, 4, 1)):
        visit = duties.plan_revisit(app, on=D(2027, 4, 1), visitors="", actor=world.cast.office)
        duties.submit_report(report, pdf(), user)
    chenzhou, cz_world, cz_user = winner("chenzhou")
    with travel(D(2029, 6, 15)):
        case = re_evaluation.request(chenzhou, cz_user)
    with travel(SUBMIT_DAY):
        pending = world.application()
    other_office = factories.city_user("wuhan", Role.OFFICE)
    stranger = factories.UserFactory()
    gets = ["/office/qujing/duties/", f"/office/revisits/{visit.pk}/", f"/office/re-evaluations/{case.pk}/",
            f"/office/yearly-reports/{report.pk}/file/"]
    posts = [f"/office/yearly-reports/{report.pk}/consequence/", f"/office/applications/{app.pk}/revisits/"]
    with travel(D(2027, 4, 2)):
        assert client.get(gets[0]).status_code == 302  # anonymous: to the login page
        client.force_login(other_office)
        assert client.get(gets[0]).status_code == 403
        assert [client.get(u).status_code for u in gets[1:]] == [404, 404, 404]
        assert [client.post(u).status_code for u in posts] == [404, 404]
        client.force_login(user)  # the winner: not the office's pages, but its own report's file
        assert [client.get(u).status_code for u in gets[:3]] == [403, 403, 403]
        assert client.get(gets[3]).status_code == 200
        assert [client.post(u).status_code for u in posts] == [403, 403]
        client.force_login(stranger)
        assert client.get(gets[3]).status_code == 404
        client.force_login(cz_world.cast.committee)
        assert client.get(f"/office/re-evaluations/{case.pk}/").status_code == 403
        client.force_login(world.cast.office)
        assert client.get(gets[0]).status_code == 200
        response = client.post(f"/office/applications/{pending.pk}/revisits/", {"planned_on": "2027-05-01"})
    assert response.status_code == 403 and not Revisit.objects.filter(application=pending).exists()


# ---------------------------------------------------------------- the overview's queries over 1 and N rows
def _qujing_rows(world, n):
    made = []
    for _i in range(n):
        app, _w, user = winner("qujing", world=world)
        first, second, _third = duties.schedule(app, D(2027, 1, 1))
        with travel(D(2027, 12, 1)):
            duties.submit_report(first, pdf(), user)
            duties.plan_revisit(app, on=D(2029, 2, 1), visitors="专家", actor=world.cast.office)
        made.append((app, second))
    return made


def _chenzhou_rows(world, n):
    made = []
    for _i in range(n):
        app, _w, user = winner("chenzhou", world=world)
        with travel(D(2029, 6, 20)):
            made.append(re_evaluation.request(app, user))
    return made


@pytest.mark.parametrize("code", ["qujing", "chenzhou"])
def test_the_overview_runs_the_same_queries_for_1_and_n_rows(cities, client, code):
    rows = {"qujing": _qujing_rows, "chenzhou": _chenzhou_rows}[code]
    with travel(SUBMIT_DAY):
        world = World(code)
    day = D(2029, 1, 10) if code == "qujing" else D(2029, 6, 25)
    counts, made = [], []
    for more in (1, 2):
        made += rows(world, more)
        with travel(day):
            client.force_login(world.cast.office)
            counts.append(queries.count(client, f"/office/{code}/duties/"))
            html = page(client, f"/office/{code}/duties/")
        for row in made:
            if code == "qujing":
                app, second = row
                assert f'id="report-{second.pk}"' in html and f'id="winner-{app.pk}"' in html
            else:
                certificate = row.application.certificates.get()
                assert f'id="re-{row.pk}"' in html and f'id="certificate-{certificate.pk}"' in html
    assert counts[0] == counts[1], counts
