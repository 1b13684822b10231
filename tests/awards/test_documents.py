"""awards.domain.documents: uploads are checked by content and size; refused files change nothing; confidential
files are guarded and every opening is logged."""

import pytest
from django.core.exceptions import PermissionDenied
from guardian.shortcuts import assign_perm

from awards.domain import documents, forms_data
from awards.models import Document, DocumentAccess
from core.errors import InvalidInput, TransitionDenied

from .. import factories
from ..builders.intake import (
    ELF,
    EXE,
    JPG,
    PDF,
    PNG,
    TODAY,
    applicant_of,
    chenzhou_draft,
    complete_values,
    office_zip,
    submitted_application,
    to_eligibility,
    upload_file,
)
from ..builders.journeys import travel


@pytest.fixture
def draft(cities):
    return chenzhou_draft()


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("a.pdf", PDF, "pdf"), ("scan.png", PNG, "png"), ("photo.jpg", JPG, "jpg"),
    ("report.docx", office_zip("word"), "docx"), ("table.xlsx", office_zip("xl"), "xlsx"),
    ("old.doc", documents.OLE2 + "WordDocument".encode("utf-16-le"), "doc"),
    ("report", PDF, "pdf"),  # the type comes from the content (a name without extension is fine)
])
def test_accepted_types_are_recognised_by_content(draft, name, content, kind):
    user = applicant_of(draft)
    doc = documents.store_upload(draft, upload_file(name, content), "evidence", "", user)
    assert doc.file_type == kind and doc.size == len(content) and doc.original_name == name


@pytest.mark.parametrize(("name", "content", "message"), [
    ("report.pdf", ELF, "可执行程序"),
    ("自评报告.pdf", EXE, "可执行程序"),
    ("empty.pdf", b"", "空文件"),
    ("archive.docx", b"PK\x03\x04" + b"\x00" * 40, "ZIP"),
    ("notes.pdf", b"just some text", "无法识别"),
])
def test_refused_files_say_why_and_change_nothing(draft, name, content, message):
    user = applicant_of(draft)
    forms_data.save_draft(draft, complete_values(draft), user)
    kept = documents.store_upload(draft, upload_file("ok.pdf", PDF), "self_assessment", "", user)
    before = dict(draft.form_data)
    with pytest.raises(documents.UploadRefused) as refused:
        documents.store_upload(draft, upload_file(name, content), "evidence", "", user)
    assert message in refused.value.message
    assert list(draft.documents.all()) == [kept]
    draft.refresh_from_db()
    assert {k: v for k, v in draft.form_data.items() if k != "_saved_at"} == \
        {k: v for k, v in before.items() if k != "_saved_at"}


def test_size_limits_per_file_and_per_application(draft, settings):
    settings.INTAKE_MAX_FILE_BYTES = 1000
    settings.INTAKE_MAX_APPLICATION_BYTES = 1500
    user = applicant_of(draft)
    with pytest.raises(documents.UploadRefused) as big:
        documents.store_upload(draft, upload_file("big.pdf", PDF + b"x" * 1000), "evidence", "", user)
    assert "超过单个文件上限" in big.value.message
    documents.store_upload(draft, upload_file("a.pdf", PDF + b"x" * 800), "evidence", "", user)
    with pytest.raises(documents.UploadRefused) as total:
        documents.store_upload(draft, upload_file("b.pdf", PDF + b"x" * 800), "evidence", "", user)
    assert "合计上限" in total.value.message
    assert draft.documents.count() == 1


def test_files_live_under_media_root_with_random_names(draft, settings):
    doc = documents.store_upload(draft, upload_file("../../etc/passwd.pdf", PDF), "evidence", "",
                                 applicant_of(draft))
    path = doc.file.path
    assert path.startswith(str(settings.MEDIA_ROOT)) and "passwd" not in path
    assert settings.MEDIA_URL in (None, "/never-served-media/")


def test_submitted_application_is_frozen(cities):
    app, cast, user = submitted_application()
    with pytest.raises(InvalidInput) as locked:
        documents.store_upload(app, upload_file("late.pdf", PDF), "evidence", "", user)
    assert "锁定" in locked.value.message
    with pytest.raises(InvalidInput):
        forms_data.save_draft(app, {"org_name": "改名"}, user)
    with pytest.raises(InvalidInput):
        documents.remove(app.documents.first(), user)
    assert app.form_data["_submitted_snapshot"]["org_name"] == "示例内容"


def test_only_office_and_granted_experts_open_confidential_documents_and_each_opening_is_logged(cities):
    app, cast, user = submitted_application(secret="technical")
    doc = app.documents.get()
    assert documents.can_open(user, doc)  # the applicant's own secret
    assert not documents.can_open(cast.recommender, doc)
    assert not documents.can_open(cast.committee, doc)
    with pytest.raises(PermissionDenied):
        documents.open_for(cast.recommender, doc)
    assert documents.can_open(cast.office, doc)
    documents.open_for(cast.office, doc).close()
    documents.open_for(cast.office, doc).close()
    expert = factories.UserFactory()
    assert not documents.can_open(expert, doc)
    assign_perm("awards.view_confidential", expert, app)
    expert = type(expert).objects.get(pk=expert.pk)  # fresh permission cache
    documents.open_for(expert, doc).close()
    log = list(DocumentAccess.objects.filter(granted=True).order_by("pk").values_list("user_id", "confidential"))
    assert log == [(cast.office.pk, True), (cast.office.pk, True), (expert.pk, True)]
    with pytest.raises(PermissionError):
        DocumentAccess.objects.update(confidential=False)
    with pytest.raises(PermissionError):
        DocumentAccess.objects.first().delete()


def test_changes_allowed_again_while_supplement_is_requested(cities):
    from awards.domain import lifecycle

    app, cast, user = submitted_application()
    to_eligibility(app, cast)
    with travel(TODAY):
        lifecycle.perform(app, "request_supplement", cast.office, reason="请补充财务审计报告")
        extra = documents.store_upload(app, upload_file("审计报告.pdf", PDF), Document.Kind.SUPPLEMENT, "", user)
        forms_data.save_draft(app, {"employees": "320"}, user)
        with pytest.raises(InvalidInput):
            documents.remove(app.documents.get(kind="self_assessment"), user)  # what was submitted stays
        documents.remove(extra, user)
    app.refresh_from_db()
    assert app.form_data["employees"] == "320"
    assert app.documents.filter(removed_at__isnull=True).count() == 1


def test_other_users_may_not_upload(draft):
    with pytest.raises(TransitionDenied):
        documents.store_upload(draft, upload_file("a.pdf", PDF), "evidence", "", factories.UserFactory())


@pytest.mark.postgres
def test_the_database_refuses_to_change_the_access_log(cities):
    from django.db import DatabaseError, connection, transaction

    app, cast, user = submitted_application(secret="trade")
    documents.open_for(cast.office, app.documents.get()).close()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE awards_documentaccess SET confidential = false")
