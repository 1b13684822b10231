"""Application documents: checked by content (not by name), size-limited, opened only with permission.

- Accepted: PDF, Word (doc/docx), Excel (xls/xlsx), JPEG and PNG. The type comes from the file's first
  bytes (and, for docx/xlsx, the parts inside the zip); the file name is never trusted.
- Limits: settings.INTAKE_MAX_FILE_BYTES per file and INTAKE_MAX_APPLICATION_BYTES per application.
- Changes only while the application is a draft or the office has asked for a supplement.
- Trade/technical secrets: can_open(user, document) is THE check. A confidential document needs the
  object permission "awards.view_confidential" on the application, any other "awards.view_application".
  Every opening is written to the append-only DocumentAccess log.
"""

from __future__ import annotations

import hashlib
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidInput, TransitionDenied

from ..models import Application, Document, DocumentAccess
from ..workflow import Status

EDITABLE_STATES = (Status.DRAFT, Status.SUPPLEMENT_REQUESTED)
VIEW = "awards.view_application"
VIEW_CONFIDENTIAL = "awards.view_confidential"
CHANGE = "awards.change_application"

TYPE_LABELS = {"pdf": "PDF", "doc": "Word", "docx": "Word", "xls": "Excel", "xlsx": "Excel", "jpg": "JPG",
               "png": "PNG"}
ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class UploadRefused(InvalidInput):
    """A file that was not stored; the message says why, in Chinese."""


def max_file_bytes() -> int:
    return settings.INTAKE_MAX_FILE_BYTES


def max_application_bytes() -> int:
    return settings.INTAKE_MAX_APPLICATION_BYTES


def megabytes(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 10 else f"{value:.1f} MB"


def limits_text() -> str:
    return _("可上传 PDF、Word（doc/docx）、Excel（xls/xlsx）、图片（jpg/png）；单个文件不超过%(file)s，"
             "本申报全部材料合计不超过%(total)s。") % {"file": megabytes(max_file_bytes()),
                                          "total": megabytes(max_application_bytes())}


def _zip_kind(fileobj) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None


def _ole_kind(fileobj) -> str | None:
    fileobj.seek(0)
    data = fileobj.read()
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    return None


def sniff(fileobj) -> str:
    """The file's type from its content, or UploadRefused saying what it is and why it is refused."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpg"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"PK\x03\x04"):
            kind = _zip_kind(fileobj)
            if kind:
                return kind
            raise UploadRefused(_("该文件是 ZIP 压缩包，但不是 Word（docx）或 Excel（xlsx）文档，不能上传。"))
        if head.startswith(OLE2):
            kind = _ole_kind(fileobj)
            if kind:
                return kind
            raise UploadRefused(_("该文件是旧版 Office 文件，但不是 Word（doc）或 Excel（xls）文档，不能上传。"))
        if head.startswith(b"\x7fELF") or head.startswith(b"MZ") or head[:4] in (
            b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe"
        ) or head.startswith(b"#!"):
            raise UploadRefused(_("该文件实际是可执行程序（与文件名或扩展名无关），出于安全原因不能上传。"))
        raise UploadRefused(
            _("无法识别为 PDF、Word、Excel 或 jpg/png 图片（按文件内容判断，与扩展名无关），不能上传。")
        )
    finally:
        fileobj.seek(0)


def is_editable(application: Application) -> bool:
    return application.status in EDITABLE_STATES


def may_change(application: Application, actor) -> bool:
    return bool(actor and actor.is_active and actor.has_perm(CHANGE, application)
                and actor.has_perm("awards.act_as_applicant", application))


def check_editable(application: Application, actor) -> None:
    if not may_change(application, actor):
        raise TransitionDenied(_("您无权修改该申报。"))
    if not is_editable(application):
        raise InvalidInput(
            _("申报已提交，材料已锁定；只有在评审办公室要求补正材料时才能修改。")
        )


def used_bytes(application: Application) -> int:
    total = application.documents.filter(removed_at__isnull=True).aggregate(total=Sum("size"))["total"]
    return total or 0


def store_upload(application: Application, uploaded_file, kind: str, secret_kind: str, actor) -> Document:
    """Check and store one uploaded file. Raises UploadRefused (or another InvalidInput) with the reason."""
    check_editable(application, actor)
    name = getattr(uploaded_file, "name", "") or _("未命名文件")
    if kind not in Document.Kind.values:
        raise UploadRefused(_("请选择材料类别。"))
    if kind == Document.Kind.SUPPLEMENT and application.status != Status.SUPPLEMENT_REQUESTED:
        raise UploadRefused(_("只有在评审办公室要求补正时才能上传补正材料。"))
    if secret_kind not in Document.Secret.values:
        raise UploadRefused(_("保密标注只能选择“不涉密”“商业秘密”或“技术秘密”。"))
    size = uploaded_file.size or 0
    if size == 0:
        raise UploadRefused(_("“%(name)s”是空文件（0 字节），未上传。") % {"name": name})
    if size > max_file_bytes():
        raise UploadRefused(
            _("“%(name)s”大小为%(size)s（%(bytes)s字节），超过单个文件上限%(limit)s（%(max)s字节），未上传。")
            % {"name": name, "size": megabytes(size), "limit": megabytes(max_file_bytes()),
               "bytes": f"{size:,}", "max": f"{max_file_bytes():,}"}
        )
    used = used_bytes(application)
    if used + size > max_application_bytes():
        raise UploadRefused(
            _("“%(name)s”（%(size)s）上传后将超过本申报全部材料合计上限%(limit)s（已用%(used)s），未上传。")
            % {"name": name, "size": megabytes(size), "limit": megabytes(max_application_bytes()),
               "used": megabytes(used)}
        )
    try:
        file_type = sniff(uploaded_file)
    except UploadRefused as exc:
        raise UploadRefused(_("“%(name)s”：%(error)s") % {"name": name, "error": exc.message}) from None
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    with transaction.atomic():
        document = Document(
            application=application, kind=kind, secret_kind=secret_kind, original_name=name[:255],
            file_type=file_type, size=size, sha256=digest.hexdigest(), uploaded_by=actor,
        )
        document.file.save(name, uploaded_file, save=False)
        document.save()
    return document


def remove(document: Document, actor) -> None:
    """The applicant removes a document of a draft; during a supplement only documents added since submission."""
    application = document.application
    check_editable(application, actor)
    if application.status != Status.DRAFT and document.pk in submitted_ids(application):
        raise InvalidInput(_("已提交的材料不能删除；如需更正，请上传补正材料并在说明中注明。"))
    Document.objects.filter(pk=document.pk, removed_at__isnull=True).update(removed_at=timezone.now())


def submitted_ids(application: Application) -> set[int]:
    """Documents that were part of the last submission (frozen while a supplement is asked)."""
    return set(application.form_data.get("_submitted_documents", []))


def can_open(user, document: Document) -> bool:
    """The one rule for opening a document (reused by the office and review areas)."""
    if user is None or not user.is_authenticated or not user.is_active or document.removed_at is not None:
        return False
    if not document.is_confidential:
        return user.has_perm(VIEW, document.application)
    # Trade and technical secrets: the office and assigned experts (view_confidential), and the applicant
    # who owns them. Recommenders, committee members and other experts do not see them.
    return user.has_perm(VIEW_CONFIDENTIAL, document.application) or user.has_perm(
        "awards.act_as_applicant", document.application
    )


def open_for(user, document: Document):
    """The open file for a permitted user, after logging the opening. Raises PermissionDenied otherwise."""
    if not can_open(user, document):
        raise PermissionDenied(_("您无权查看该材料。"))
    DocumentAccess.objects.create(document=document, user=user, confidential=document.is_confidential)
    return document.file.open("rb")


def live_documents(application: Application):
    return application.documents.filter(removed_at__isnull=True).order_by("kind", "uploaded_at", "pk")
