"""The office's pages of one application over HTTP (portal.office.views): the checklist, decisions, errors,
formal notices, failed e-mails sent again, the applicant's declarations."""

import datetime

from awards.domain import eligibility, forms_data
from awards.models import AuditEntry, FormalNotice, Notice, NoticeResend
from awards.workflow import Status

from ...builders.intake import SUBMIT_DAY, applicant_of
from ...builders.journeys import travel
from ...builders.pdftext import pdf_text, squeeze

DAY = datetime.date(2026, 9, 16)


def checklist_post(application, verdict="meets"):
    return {f"verdict__{line.field}": verdict
            for line in eligibility.checklist(application.rules, application.applicant_kind)}


def test_detail_shows_the_checklist_with_articles_and_saves_it(client, at_eligibility, ordos):
    client.force_login(ordos.cast.office)
    with travel(DAY):
        html = client.get(f"/office/applications/{at_eligibility.pk}/").content.decode()
        assert "资格审查清单" in html and "具有独立法人资格" in html and "第十条" in html and "第十二条" in html
        assert "列入经营异常名录和严重违法失信名单" in html and "无此情形" in html
        data = checklist_post(at_eligibility)
        first = next(iter(data))
        data[first] = "not_met"
        response = client.post(f"/office/applications/{at_eligibility.pk}/eligibility/", data)
        assert response.status_code == 400
        assert "须填写说明" in response.content.decode()
        assert 'value="not_met" checked' in response.content.decode()  # what was ticked stays
        data[f"note__{first.removeprefix('verdict__')}"] = "营业执照显示2024年成立"
        response = client.post(f"/office/applications/{at_eligibility.pk}/eligibility/", data)
        assert response.status_code == 302
    lines = {(line.field, line.verdict) for line in eligibility.lines_for(at_eligibility)}
    assert (first.removeprefix("verdict__"), "not_met") in lines


def test_accept_over_http_then_pdf_for_office_and_applicant(client, at_eligibility, ordos):
    client.force_login(ordos.cast.office)
    with travel(DAY):
        bad = client.post(f"/office/applications/{at_eligibility.pk}/accept/")
        assert bad.status_code == 400 and "未填写结论" in bad.content.decode()
        client.post(f"/office/applications/{at_eligibility.pk}/eligibility/", checklist_post(at_eligibility))
        assert client.post(f"/office/applications/{at_eligibility.pk}/accept/").status_code == 302
    at_eligibility.refresh_from_db()
    assert at_eligibility.status == Status.DOCUMENT_REVIEW
    notice = FormalNotice.objects.get()
    response = client.get(f"/supplement/notices/{notice.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(applicant_of(at_eligibility))
    body = b"".join(client.get(f"/supplement/notices/{notice.pk}/pdf/").streaming_content)
    assert at_eligibility.applicant_name in squeeze(pdf_text(body))


def test_supplement_request_needs_items_and_keeps_input(client, at_eligibility, ordos):
    client.force_login(ordos.cast.office)
    with travel(DAY):
        response = client.post(f"/office/applications/{at_eligibility.pk}/supplement/", {"items": ["", ""],
                                                                                       "note": "请尽快"})
    assert response.status_code == 400
    assert "至少列出一项" in response.content.decode() and "请尽快" in response.content.decode()
    at_eligibility.refresh_from_db()
    assert at_eligibility.status == Status.ELIGIBILITY and not FormalNotice.objects.exists()


def test_refusal_over_http_needs_reasons(client, at_eligibility, ordos):
    client.force_login(ordos.cast.office)
    before = AuditEntry.objects.count()
    with travel(DAY):
        response = client.post(f"/office/applications/{at_eligibility.pk}/refuse/", {"reasons": " "})
        assert response.status_code == 400
        assert "请填写不予受理的理由" in response.content.decode()
        assert AuditEntry.objects.count() == before
        response = client.post(f"/office/applications/{at_eligibility.pk}/refuse/", {"reasons": "经营年限不足3年。"})
    assert response.status_code == 302
    at_eligibility.refresh_from_db()
    assert at_eligibility.status == Status.INELIGIBLE


def test_failed_emails_are_listed_and_sent_again(client, at_eligibility, ordos, wuhan, settings,
                                                 django_capture_on_commit_callbacks):
    from config.celery import app as celery_app

    with travel(datetime.date(2026, 9, 14)):
        other = wuhan.application()
    mine = Notice.objects.create(recipient=applicant_of(at_eligibility), application=at_eligibility, event_key="a",
                                 subject="【鄂尔多斯市】通知", body="正文", email_status=Notice.EmailStatus.FAILED,
                                 email_attempts=6, email_error="ConnectionRefusedError: [Errno 111]")
    theirs = Notice.objects.create(recipient=applicant_of(other), application=other, event_key="b",
                                   subject="【武汉市】通知", body="正文", email_status=Notice.EmailStatus.FAILED)
    client.force_login(ordos.cast.office)
    html = client.get("/office/ordos/failed-emails/").content.decode()
    assert "【鄂尔多斯市】通知" in html and "【武汉市】通知" not in html and "重新发送" in html
    assert "Errno 111" in html
    assert client.post(f"/office/notices/{theirs.pk}/resend/").status_code == 404
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/office/notices/{mine.pk}/resend/")
    finally:
        celery_app.conf.task_always_eager = False
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.email_status == Notice.EmailStatus.SENT and mine.email_attempts == 7
    log = NoticeResend.objects.get()
    assert (log.notice, log.requested_by, log.previous_error) == (mine, ordos.cast.office, mine.email_error or
                                                                  "ConnectionRefusedError: [Errno 111]")
    again = client.post(f"/office/notices/{mine.pk}/resend/", follow=True).content.decode()
    assert "并非发送失败状态" in again


def test_detail_shows_the_form_and_the_applicants_declarations(client, ordos):
    with travel(SUBMIT_DAY):
        app = ordos.application(form_data={"legal_representative": "王建国", "years_operating": "16",
                                           "decl_abnormal_or_dishonest_list": "on"})
    client.force_login(ordos.cast.office)
    with travel(DAY):
        html = client.get(f"/office/applications/{app.pk}/").content.decode()
    assert "法定代表人" in html and "王建国" in html
    # Every exclusion was declared absent when submitting (申报承诺); each shows next to its checklist line.
    assert html.count("签署承诺无此情形") == len(forms_data.spec_for(app).declaration)
