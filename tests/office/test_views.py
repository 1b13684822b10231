"""The office pages and the applicant's supplement page over HTTP: decisions, errors, notices, inbox links."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from awards.domain import eligibility, notices, supplements
from awards.models import AuditEntry, Document, FormalNotice, Notice, NoticeResend
from awards.workflow import Status

from ..journeys import travel
from .conftest import applicant_of
from .pdftext import pdf_text, squeeze

DAY = datetime.date(2026, 9, 16)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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


def test_supplement_round_trip_over_http_with_an_upload(client, at_eligibility, ordos):
    applicant = applicant_of(at_eligibility)
    client.force_login(ordos.cast.office)
    with travel(DAY):
        client.post(f"/office/applications/{at_eligibility.pk}/supplement/",
                    {"items": ["近三年审计报告", "首席质量官任命文件", ""]})
    request = at_eligibility.supplement_requests.get()
    client.force_login(applicant)
    with travel(DAY + datetime.timedelta(days=1)):
        html = client.get(f"/supplement/{at_eligibility.pk}/").content.decode()
        assert "近三年审计报告" in html and "首席质量官任命文件" in html and "2026年9月29日" in html
        assert "由评审办公室设定" in html
        missing_note = client.post(f"/supplement/{at_eligibility.pk}/", {"note": ""})
        assert missing_note.status_code == 400 and "请填写补正说明" in missing_note.content.decode()
        bad_file = client.post(f"/supplement/{at_eligibility.pk}/", {
            "note": "已补充", "files": [SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf")]})
        assert bad_file.status_code == 400 and "可执行程序" in bad_file.content.decode()
        at_eligibility.refresh_from_db()
        assert at_eligibility.status == Status.SUPPLEMENT_REQUESTED
        assert not Document.objects.filter(kind=Document.Kind.SUPPLEMENT).exists()
        items = list(request.items.all())
        ok = client.post(f"/supplement/{at_eligibility.pk}/", {
            "note": "已上传审计报告和任命文件", f"response_{items[0].pk}": "见附件审计报告.pdf",
            "files": [SimpleUploadedFile("审计报告.pdf", PDF)]})
        assert ok.status_code == 302
    at_eligibility.refresh_from_db()
    assert at_eligibility.status == Status.ELIGIBILITY
    assert Document.objects.filter(kind=Document.Kind.SUPPLEMENT).count() == 1
    client.force_login(ordos.cast.office)
    with travel(DAY + datetime.timedelta(days=2)):
        html = client.get(f"/office/applications/{at_eligibility.pk}/").content.decode()
    assert "已上传审计报告和任命文件" in html and "见附件审计报告.pdf" in html and "审计报告.pdf" in html


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


def test_the_applicant_inbox_notice_links_the_formal_notice(client, at_eligibility, ordos):
    with travel(DAY):
        notice = eligibility.refuse(at_eligibility, ordos.cast.office, "近3年发生较大质量事故。")
        notices.notices_for_transition(notice.audit_entry)  # what the Celery task does after commit
    applicant = applicant_of(at_eligibility)
    inbox_notice = Notice.objects.get(recipient=applicant, audit_entry=notice.audit_entry)
    client.force_login(applicant)
    html = client.get(f"/inbox/{inbox_notice.pk}/").content.decode()
    assert "近3年发生较大质量事故。" in html
    assert f"/supplement/notices/{notice.pk}/pdf/" in html and "不予受理通知书" in html


def test_inbox_notice_of_a_supplement_links_the_answer_page(client, at_eligibility, ordos):
    with travel(DAY):
        request = supplements.request(at_eligibility, ordos.cast.office, ["审计报告", "认证证书"])
        notices.notices_for_transition(request.audit_entry)
    applicant = applicant_of(at_eligibility)
    client.force_login(applicant)
    inbox_notice = Notice.objects.get(recipient=applicant, audit_entry=request.audit_entry)
    html = client.get(f"/inbox/{inbox_notice.pk}/").content.decode()
    assert f"/supplement/{at_eligibility.pk}/" in html and "补正通知书" in html
    assert "1. 审计报告" in html and "2. 认证证书" in html


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
    from .conftest import SUBMIT_DAY

    with travel(SUBMIT_DAY):
        app = ordos.application(form_data={"legal_representative": "王建国", "years_operating": "16",
                                           "decl_abnormal_or_dishonest_list": "on"})
    client.force_login(ordos.cast.office)
    with travel(DAY):
        html = client.get(f"/office/applications/{app.pk}/").content.decode()
    assert "法定代表人" in html and "王建国" in html
    from awards.domain import forms_data

    # A submitted form has every exclusion declared absent; each shows next to its checklist line.
    assert html.count("申报人已在申报表中声明无此情形") == len(forms_data.spec_for(app).declaration)


def test_admin_shows_office_records_read_only(client, at_eligibility, ordos):
    from django.urls import reverse

    from .. import factories

    with travel(DAY):
        request = supplements.request(at_eligibility, ordos.cast.office, ["审计报告"])
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    notice = request.audit_entry.formal_notice
    page = client.get(reverse("admin:awards_formalnotice_change", args=[notice.pk])).content.decode()
    assert "正式文书" in page and f"/supplement/notices/{notice.pk}/pdf/" in page
    page = client.get(reverse("admin:awards_supplementrequest_change", args=[request.pk])).content.decode()
    assert "补正事项" in page and "审计报告" in page
    deleting = client.post(reverse("admin:awards_formalnotice_delete", args=[notice.pk]), {"post": "yes"})
    assert deleting.status_code == 403
