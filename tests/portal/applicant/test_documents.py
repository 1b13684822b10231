"""Uploading and opening documents over HTTP (portal.applicant.views.upload, document): refused files say why,
confidential files are 403 for the recommender, every opening is logged."""

import pytest

from awards.models import DocumentAccess

from ...builders.intake import ELF, PDF, applicant_of, chenzhou_draft, submitted_application, upload_file


@pytest.fixture
def draft(cities):
    return chenzhou_draft()


def test_upload_view_keeps_good_files_when_one_is_refused(draft, client):
    user = applicant_of(draft)
    client.force_login(user)
    response = client.post(f"/apply/{draft.pk}/upload/", {
        "kind": "evidence", "secret_kind": "trade",
        "files": [upload_file("report.pdf", ELF), upload_file("good.pdf", PDF), upload_file("empty.pdf", b"")],
    }, follow=True)
    html = response.content.decode()
    assert "可执行程序" in html and "空文件" in html and "已上传“good.pdf”" in html
    assert [d.original_name for d in draft.documents.all()] == ["good.pdf"]
    assert draft.documents.get().secret_kind == "trade"


def test_plain_documents_open_for_everyone_with_view_permission_and_are_logged(cities, client):
    app, cast, user = submitted_application()
    doc = app.documents.get()
    client.force_login(cast.recommender)
    response = client.get(f"/apply/documents/{doc.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert DocumentAccess.objects.get(granted=True).user == cast.recommender


def test_confidential_document_view_is_403_for_recommender_and_logged_for_office_and_owner(cities, client):
    app, cast, user = submitted_application(secret="trade")
    doc = app.documents.get()
    client.force_login(cast.recommender)
    assert client.get(f"/apply/documents/{doc.pk}/").status_code == 403
    client.force_login(cast.office)
    assert client.get(f"/apply/documents/{doc.pk}/").status_code == 200
    client.force_login(user)
    assert client.get(f"/apply/documents/{doc.pk}/").status_code == 200
    assert list(DocumentAccess.objects.filter(granted=True).order_by("pk").values_list("user_id", flat=True)) == [
        cast.office.pk, user.pk]
    assert DocumentAccess.objects.get(granted=False).user == cast.recommender
