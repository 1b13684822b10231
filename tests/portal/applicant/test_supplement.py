"""The applicant's supplement page (portal.applicant.supplement): the items asked, the answer with an upload,
what the office then sees."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Document
from awards.workflow import Status

from ...builders.intake import applicant_of
from ...builders.journeys import travel

DAY = datetime.date(2026, 9, 16)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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
