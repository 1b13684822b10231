"""Application documents: checked by content (not by name), size-limited, opened only with permission.

- Accepted: PDF, Word (doc/docx), Excel (xls/xlsx), JPEG and PNG. The type comes from the content (the
  `filetype` library, the parts inside a docx/xlsx zip, the directory of an OLE2 doc/xls); the name is never
  trusted, and an extension that does not match the content is refused.
- Refused, each with its reason (sniff): executables (ELF, PE, Mach-O, scripts), macro Office files (docm/xlsm/
  pptm content types, vbaProject.bin, OLE "Macros"/"_VBA_PROJECT" streams), zip bombs (settings
  UPLOAD_ZIP_MAX_ENTRIES / _EXPANDED_BYTES / _RATIO), PDFs with /JavaScript, /JS, /OpenAction (other than a
  view), /Launch, /EmbeddedFile(s), /RichMedia (also #xx-escaped or inside compressed object streams), HTML or
  script inside a PDF or image (polyglots), SVG and HTML files. With settings CLAMD_SOCKET or CLAMD_HOST
  (CLAMD_PORT, CLAMD_TIMEOUT) every file is streamed to clamd (INSTREAM) and refused on FOUND or when the
  scanner cannot answer.
- Limits: settings.INTAKE_MAX_FILE_BYTES per file and INTAKE_MAX_APPLICATION_BYTES per application.
- Changes only while the application is a draft or the office has asked for a supplement.
- Trade/technical secrets: can_open(user, document) is THE check. A confidential document needs the
  object permission "awards.view_confidential" on the application, any other "awards.view_application".
  Every opening is written to the append-only DocumentAccess log, and so is every refused attempt
  (granted=False, record_denied); the office reads them on portal.office.documents.
"""

from __future__ import annotations

import hashlib
import re
import socket
import struct
import zipfile
import zlib

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from guardian.shortcuts import get_group_perms, get_user_perms

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


# ------------------------------------------------------------------------------------------- checking by content
KIND_EXTENSIONS = {"pdf": ("pdf",), "jpg": ("jpg", "jpeg"), "png": ("png",), "docx": ("docx",), "xlsx": ("xlsx",),
                   "doc": ("doc",), "xls": ("xls",)}
MACRO_EXTENSIONS = ("docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppam", "ppsm", "sldm")
MACRO_STREAMS = {"macros", "vba", "_vba_project", "_vba_project_cur"}
EXECUTABLE_MAGIC = (b"\x7fELF", b"MZ", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe",
                    b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
MARKUP = (b"<html", b"<script", b"<svg", b"<iframe", b"<!doctype html", b"<body", b"<object", b"<embed")
# PDF names that run code, open other programs or carry files (names may be #xx-escaped: /J#61vaScript).
PDF_ACTIONS = {
    "JavaScript": _lazy("JavaScript 脚本"),
    "JS": _lazy("JavaScript 脚本"),
    "Launch": _lazy("启动外部程序的动作（/Launch）"),
    "EmbeddedFile": _lazy("嵌入的文件（/EmbeddedFile）"),
    "EmbeddedFiles": _lazy("嵌入的文件（/EmbeddedFiles）"),
    "RichMedia": _lazy("富媒体内容（/RichMedia）"),
    "OpenAction": _lazy("打开文件时自动执行的动作（/OpenAction）"),
}
PDF_NAME = re.compile(rb"/([A-Za-z0-9#_.+\-]+)\s*(\[)?")
PDF_STREAM = re.compile(rb"stream\r?\n")
PDF_SCAN_LIMIT = 64 * 1024 * 1024
FOUND_TYPES = {
    "gif": _lazy("GIF 图片"), "bmp": _lazy("BMP 图片"), "webp": _lazy("WebP 图片"), "tif": _lazy("TIFF 图片"),
    "zip": _lazy("ZIP 压缩包"), "rar": _lazy("RAR 压缩包"), "7z": _lazy("7z 压缩包"), "gz": _lazy("gzip 压缩包"),
    "rtf": _lazy("RTF 文档"), "mp4": _lazy("视频"), "mp3": _lazy("音频"), "ppt": _lazy("PowerPoint 演示文稿"),
    "pptx": _lazy("PowerPoint 演示文稿"), "swf": _lazy("Flash 文件"), "sqlite": _lazy("数据库文件"),
    "wasm": _lazy("WebAssembly 程序"), "psd": _lazy("Photoshop 文件"),
}


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _zip_kind(fileobj) -> str | None:
    """docx/xlsx by the parts inside; refuses macro-enabled documents and zip bombs (entries, size, ratio)."""
    fileobj.seek(0, 2)
    packed = fileobj.tell() or 1
    fileobj.seek(0)
    max_entries = _limit("UPLOAD_ZIP_MAX_ENTRIES", 1000)
    max_expanded = _limit("UPLOAD_ZIP_MAX_EXPANDED_BYTES", 100 * 1024 * 1024)
    max_ratio = _limit("UPLOAD_ZIP_MAX_RATIO", 100)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            if len(infos) > max_entries:
                raise UploadRefused(_("压缩文档内含%(n)s个文件，超过上限%(max)s个（疑似压缩炸弹），不能上传。")
                                    % {"n": len(infos), "max": max_entries})
            names = [i.filename for i in infos]
            if any(n.lower().endswith("vbaproject.bin") or n.lower().endswith("vbadata.xml") for n in names):
                raise UploadRefused(_("该 Office 文档含有宏（VBA 代码），出于安全原因不能上传；请另存为不含宏的 "
                                      "docx/xlsx 或 PDF 后再上传。"))
            expanded = 0
            types = b""
            for info in infos:
                if info.file_size > max_expanded:
                    raise _bomb(max_expanded)
                with archive.open(info) as member:
                    while chunk := member.read(256 * 1024):
                        expanded += len(chunk)
                        if expanded > max_expanded:
                            raise _bomb(max_expanded)
                        if info.filename == "[Content_Types].xml":
                            types += chunk
            if expanded > 1024 * 1024 and expanded / packed > max_ratio:
                raise UploadRefused(_("压缩文档解压后是原文件的%(ratio)s倍，超过上限%(max)s倍（疑似压缩炸弹），"
                                      "不能上传。") % {"ratio": int(expanded / packed), "max": max_ratio})
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError, zlib.error):
        raise UploadRefused(_("该文件是 ZIP 压缩包，但已损坏或无法解压，不能上传。")) from None
    if b"macroenabled" in types.lower() or b"vbaproject" in types.lower():
        raise UploadRefused(_("该 Office 文档是启用宏的格式（docm/xlsm/pptm），出于安全原因不能上传；请另存为 "
                              "docx/xlsx 或 PDF 后再上传。"))
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None


def _bomb(limit: int) -> UploadRefused:
    return UploadRefused(_("压缩文档解压后超过%(limit)s（疑似压缩炸弹），不能上传。") % {"limit": megabytes(limit)})


def ole_names(data: bytes) -> set[str] | None:
    """The stream and storage names of an OLE2 (Compound File) directory; None if it cannot be read."""
    try:
        size = 1 << struct.unpack_from("<H", data, 30)[0]
        if size not in (512, 4096):
            return None
        first_dir = struct.unpack_from("<I", data, 48)[0]
        fat: list[int] = []
        for sector in struct.unpack_from("<109I", data, 76):
            if sector < 0xFFFFFFFA:
                fat.extend(struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size))
        names: set[str] = set()
        sector, seen = first_dir, set()
        while sector < 0xFFFFFFFA and sector not in seen and len(seen) < 100000:
            seen.add(sector)
            block = data[(sector + 1) * size:(sector + 2) * size]
            if len(block) < size:
                break
            for start in range(0, size, 128):
                entry = block[start:start + 128]
                length = struct.unpack_from("<H", entry, 64)[0]
                if 2 <= length <= 64 and entry[66] in (1, 2, 5):
                    names.add(entry[:length - 2].decode("utf-16-le", "ignore"))
            sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
    except (struct.error, IndexError, ValueError):
        return None
    return names or None


def _ole_kind(data: bytes) -> str | None:
    names = ole_names(data)
    if names is None:  # an unreadable directory: look for the names themselves
        names = {n for n in ("WordDocument", "Workbook", "Book", "Macros", "VBA", "_VBA_PROJECT", "_VBA_PROJECT_CUR")
                 if n.encode("utf-16-le") in data}
    if {n.lower() for n in names} & MACRO_STREAMS:
        raise UploadRefused(_("该 Office 文档含有宏（VBA 代码），出于安全原因不能上传；请另存为不含宏的 "
                              "docx/xlsx 或 PDF 后再上传。"))
    if "WordDocument" in names:
        return "doc"
    if "Workbook" in names or "Book" in names:
        return "xls"
    return None


def _pdf_parts(data: bytes):
    """The PDF's bytes and the inflated content of its compressed streams (object streams hide dictionaries)."""
    yield data
    budget = PDF_SCAN_LIMIT
    for match in PDF_STREAM.finditer(data):
        if budget <= 0:
            return
        inflater = zlib.decompressobj()
        try:
            part = inflater.decompress(data[match.end():match.end() + budget], budget)
        except zlib.error:
            continue
        budget -= len(part)
        yield part


def _check_pdf(data: bytes) -> None:
    for part in _pdf_parts(data):
        for match in PDF_NAME.finditer(part):
            name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match.group(1))
            name = name.decode("latin-1")
            if name in PDF_ACTIONS and not (name == "OpenAction" and match.group(2)):  # [page /Fit]: only a view
                raise UploadRefused(_("该 PDF 含有%(what)s，可能在打开时执行代码，出于安全原因不能上传；请重新导出"
                                      "为普通 PDF 后再上传。") % {"what": PDF_ACTIONS[name]})


def _check_markup(data: bytes, kind: str) -> None:
    lowered = data.lower()
    for marker in MARKUP:
        if marker in lowered:
            raise UploadRefused(_("该%(type)s文件中夹带网页或脚本代码（%(marker)s），文件内容与类型不符，不能上传。")
                                % {"type": TYPE_LABELS[kind], "marker": marker.decode() + ">"})


def _check_extension(name: str, kind: str) -> None:
    base = (name or "").rsplit("/", 1)[-1]
    if "." not in base:
        return
    extension = base.rsplit(".", 1)[1].lower()
    if extension in MACRO_EXTENSIONS:
        raise UploadRefused(_("扩展名 .%(ext)s 是启用宏的 Office 文件，出于安全原因不能上传；请另存为 docx/xlsx "
                              "或 PDF。") % {"ext": extension})
    if extension not in KIND_EXTENSIONS[kind]:
        raise UploadRefused(_("文件扩展名 .%(ext)s 与文件内容（%(type)s，应为 .%(expected)s）不一致，不能上传；请确认"
                              "文件后重新上传。") % {"ext": extension, "type": TYPE_LABELS[kind],
                                             "expected": KIND_EXTENSIONS[kind][0]})


def _clamav(fileobj) -> None:
    """Stream the file to clamd (INSTREAM) when settings CLAMD_SOCKET or CLAMD_HOST is set; refuse on FOUND."""
    path, host = getattr(settings, "CLAMD_SOCKET", ""), getattr(settings, "CLAMD_HOST", "")
    if not (path or host):
        return
    timeout = _limit("CLAMD_TIMEOUT", 60)
    reply = b""
    try:
        if path:
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            conn.settimeout(timeout)
            conn.connect(path)
        else:
            conn = socket.create_connection((host, _limit("CLAMD_PORT", 3310)), timeout=timeout)
        with conn:
            conn.sendall(b"zINSTREAM\0")
            fileobj.seek(0)
            while chunk := fileobj.read(64 * 1024):
                conn.sendall(struct.pack(">I", len(chunk)) + chunk)
            conn.sendall(struct.pack(">I", 0))
            while not reply.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                reply += part
    except OSError:
        reply = b""
    finally:
        fileobj.seek(0)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith("FOUND"):
        signature = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        raise UploadRefused(_("病毒扫描发现恶意代码（%(signature)s），不能上传。") % {"signature": signature})
    if not answer.endswith("OK"):
        raise UploadRefused(_("病毒扫描服务暂时不可用，文件未上传，请稍后再试。"))


def detect(fileobj) -> str:
    """The type of a stored (already checked) file from its first bytes, for serving it; "" when unknown."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    for magic, kind in ((b"%PDF-", "pdf"), (b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png")):
        if head.startswith(magic):
            return kind
    return ""


def _kind_of(data: bytes, fileobj) -> str:
    guess = filetype.guess(data[:8192])
    found = guess.extension if guess else ""
    head = data[:16]
    if found in ("exe", "elf") or head.startswith(EXECUTABLE_MAGIC):
        raise UploadRefused(_("该文件实际是可执行程序（与文件名或扩展名无关），出于安全原因不能上传。"))
    if found == "pdf" and head.startswith(b"%PDF-"):
        return "pdf"
    if found == "jpg":
        return "jpg"
    if found in ("png", "apng"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(fileobj)
        if kind:
            return kind
        raise UploadRefused(_("该文件是 ZIP 压缩包，但不是 Word（docx）或 Excel（xlsx）文档，不能上传。"))
    if head.startswith(OLE2):
        kind = _ole_kind(data)
        if kind:
            return kind
        raise UploadRefused(_("该文件是旧版 Office 文件，但不是 Word（doc）或 Excel（xls）文档，不能上传。"))
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in start and start.startswith(b"<"):
        raise UploadRefused(_("该文件是 SVG 矢量图（可含脚本），不能上传；请转换为 PNG 或 PDF 后再上传。"))
    if start.startswith(b"<") and any(m in start for m in MARKUP):
        raise UploadRefused(_("该文件是网页（HTML），不能上传；请转换为 PDF 后再上传。"))
    if found in FOUND_TYPES:
        raise UploadRefused(_("该文件实际是%(type)s，不能上传；只能上传 PDF、Word、Excel 或 jpg/png 图片。")
                            % {"type": FOUND_TYPES[found]})
    raise UploadRefused(_("无法识别为 PDF、Word、Excel 或 jpg/png 图片（按文件内容判断，与扩展名无关），不能上传。"))


def sniff(fileobj, name: str | None = None) -> str:
    """The file's type from its content (filetype plus our checks), or UploadRefused saying why it is refused:
    executables, macro Office files, zip bombs, active PDFs, HTML/SVG and polyglots, a name that does not match
    the content, and (when configured) what ClamAV finds."""
    name = getattr(fileobj, "name", "") if name is None else name
    fileobj.seek(0)
    data = fileobj.read(max_file_bytes() + 1)
    try:
        if not data:
            raise UploadRefused(_("是空文件（0 字节），不能上传。"))
        kind = _kind_of(data, fileobj)
        if kind == "pdf":
            _check_pdf(data)
        if kind in ("pdf", "jpg", "png"):
            _check_markup(data, kind)
        _check_extension(name, kind)
        _clamav(fileobj)
        return kind
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


def store_upload(application: Application, uploaded_file, kind: str, secret_kind: str, actor,
                 section_key: str = "") -> Document:
    """Check and store one uploaded file. Raises UploadRefused (or another InvalidInput) with the reason.
    `section_key`: the item of the online 自评报告 the file belongs to (awards.domain.self_assessment)."""
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
        file_type = sniff(uploaded_file, name)
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
            section_key=section_key[:40],
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


def granted(user, perm: str, application: Application) -> bool:
    """user.has_perm on the application, except that a superuser's blanket permission does not count: only a
    permission really granted to the user or one of their groups (guardian's object permissions)."""
    if not user.is_superuser:
        return user.has_perm(perm, application)
    codename = perm.split(".", 1)[1]
    return (get_user_perms(user, application).filter(codename=codename).exists()
            or get_group_perms(user, application).filter(codename=codename).exists())


def can_open(user, document: Document) -> bool:
    """The one rule for opening a document (reused by the office and review areas). An administrator opens an
    applicant's materials only through a role really held in that city: being a superuser is not one."""
    if user is None or not user.is_authenticated or not user.is_active or document.removed_at is not None:
        return False
    if not document.is_confidential:
        return granted(user, VIEW, document.application)
    # Trade and technical secrets: the office and assigned experts (view_confidential), and the applicant
    # who owns them. Recommenders, committee members and other experts do not see them.
    return granted(user, VIEW_CONFIDENTIAL, document.application) or granted(
        user, "awards.act_as_applicant", document.application
    )


def record_denied(user, document: Document | None) -> None:
    """A refused attempt to open a document, kept in the append-only log (who, when, which document)."""
    if document is None or user is None or not user.is_authenticated:
        return
    DocumentAccess.objects.create(document=document, user=user, confidential=document.is_confidential, granted=False)


def denied_for(city):
    """Refused attempts to open documents of the city's applications, newest first (one query for the rows)."""
    return (DocumentAccess.objects.filter(granted=False, document__application__cycle__city=city)
            .select_related("document__application", "user").order_by("-opened_at", "-pk"))


def open_for(user, document: Document):
    """The open file for a permitted user, after logging the opening. Raises PermissionDenied otherwise (and
    records the refusal)."""
    if not can_open(user, document):
        record_denied(user, document)
        raise PermissionDenied(_("您无权查看该材料。"))
    DocumentAccess.objects.create(document=document, user=user, confidential=document.is_confidential)
    return document.file.open("rb")


def live_documents(application: Application):
    return application.documents.filter(removed_at__isnull=True).order_by("kind", "uploaded_at", "pk")
