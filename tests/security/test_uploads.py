"""Hostile uploads (awards.domain.documents.sniff): each kind is refused through the HTTP upload view with its
reason in Chinese, and nothing is stored. ClamAV (clamd INSTREAM) is asked when configured."""

import io
import socket
import struct
import tempfile
import threading
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.domain import documents

from ..builders.intake import ELF, EXE, JPG, PDF, PNG, applicant_of, chenzhou_draft, office_zip


@pytest.fixture
def draft(cities):
    return chenzhou_draft()


def ooxml(part="word", *, content_types="<Types/>", extra=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr(f"{part}/document.xml", "<x/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def ole(*names: str) -> bytes:
    """A minimal real Compound File (OLE2): one FAT sector, one directory sector with the given stream names."""
    header = bytearray(512)
    header[0:8] = documents.OLE2
    struct.pack_into("<HHH", header, 24, 0x3E, 3, 0xFFFE)
    struct.pack_into("<HH", header, 30, 9, 6)
    struct.pack_into("<III", header, 44, 1, 1, 0)  # 1 FAT sector, directory at sector 1
    struct.pack_into("<IIII", header, 56, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    struct.pack_into("<109I", header, 76, 0, *[0xFFFFFFFF] * 108)
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *[0xFFFFFFFF] * 126)
    entries = b""
    for name, kind in [("Root Entry", 5), *((n, 2) for n in names)]:
        entry = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        entry[:len(raw)] = raw
        struct.pack_into("<H", entry, 64, len(raw))
        entry[66] = kind
        entries += entry
    return bytes(header) + fat + entries.ljust(512, b"\0")


def pdf(body: bytes) -> bytes:
    return b"%PDF-1.7\n" + body + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def flate_pdf(hidden: bytes) -> bytes:
    packed = zlib.compress(hidden)
    return pdf(b"5 0 obj << /Type /ObjStm /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
               + packed + b"\nendstream endobj")


def zeros_docx(size: int) -> bytes:
    return ooxml(extra=[("word/media/big.bin", b"\0" * size)])


HOSTILE = [
    # (id, file name, content, the reason shown)
    ("docm", "report.docm", ooxml(content_types='<Types><Override ContentType="application/vnd.ms-word.document.'
                                                'macroEnabled.main+xml"/></Types>'), "启用宏"),
    ("xlsm", "table.xlsm", ooxml("xl", extra=[("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0VBA")]), "含有宏"),
    ("docx-with-vba", "report.docx", ooxml(extra=[("word/vbaProject.bin", b"VBA")]), "含有宏"),
    ("doc-with-macros", "old.doc", ole("WordDocument", "Macros", "_VBA_PROJECT"), "含有宏"),
    ("xls-with-macros", "old.xls", documents.OLE2 + "Workbook".encode("utf-16-le")
     + "_VBA_PROJECT_CUR".encode("utf-16-le"), "含有宏"),
    ("macro-extension", "clean.docm", office_zip("word"), "启用宏"),
    ("zip-bomb-size", "bomb.docx", zeros_docx(3 * 1024 * 1024), "压缩炸弹"),
    ("zip-bomb-ratio", "ratio.docx", zeros_docx(2 * 1024 * 1024), "倍"),
    ("zip-many-entries", "many.docx", ooxml(extra=[(f"word/p{i}.xml", "x") for i in range(60)]), "个文件"),
    ("pdf-javascript", "a.pdf", pdf(b"1 0 obj << /Type /Catalog /Names << /JavaScript 2 0 R >> >> endobj"),
     "JavaScript"),
    ("pdf-js-action", "a.pdf", pdf(b"2 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj"), "JavaScript"),
    ("pdf-hex-escaped", "a.pdf", pdf(b"2 0 obj << /S /J#61vaScript >> endobj"), "JavaScript"),
    ("pdf-in-object-stream", "a.pdf", flate_pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>"), "JavaScript"),
    ("pdf-openaction", "a.pdf", pdf(b"1 0 obj << /Type /Catalog /OpenAction 7 0 R >> endobj"), "OpenAction"),
    ("pdf-launch", "a.pdf", pdf(b"7 0 obj << /S /Launch /F (cmd.exe) >> endobj"), "Launch"),
    ("pdf-embedded-file", "a.pdf", pdf(b"3 0 obj << /Type /EmbeddedFile /Length 3 >> endobj"), "嵌入的文件"),
    ("html-in-pdf", "a.pdf", pdf(b"<html><script>alert(1)</script></html>"), "网页或脚本代码"),
    ("html-in-png", "scan.png", PNG + b"<html><body>hi</body></html>", "网页或脚本代码"),
    ("script-in-jpeg", "photo.jpg", JPG + b"<script>alert(document.cookie)</script>", "网页或脚本代码"),
    ("svg-in-jpeg", "photo.jpg", JPG + b'<svg onload="alert(1)">', "网页或脚本代码"),
    ("svg", "logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
     "SVG"),
    ("svg-named-png", "logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
    ("html", "page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "网页（HTML）"),
    ("elf", "report.pdf", ELF, "可执行程序"),
    ("pe", "自评报告.pdf", EXE, "可执行程序"),
    ("shell-script", "run.pdf", b"#!/bin/sh\nrm -rf /\n", "可执行程序"),
    ("extension-mismatch", "report.pdf", PNG, "扩展名 .pdf 与文件内容"),
    ("extension-mismatch-docx", "table.xlsx", office_zip("word"), "扩展名 .xlsx 与文件内容"),
    ("gif", "anim.gif", b"GIF89a" + b"\0" * 40, "GIF 图片"),
    ("broken-zip", "archive.docx", b"PK\x03\x04" + b"\0" * 40, "ZIP"),
    ("empty", "empty.pdf", b"", "空文件"),
    ("unknown", "notes.pdf", b"just some text", "无法识别"),
]


@pytest.fixture
def small_zip_limits(settings):
    settings.UPLOAD_ZIP_MAX_EXPANDED_BYTES = 2 * 1024 * 1024 + 512 * 1024  # the 3 MB part is over, 2 MB under
    settings.UPLOAD_ZIP_MAX_ENTRIES = 50


def post(client, app, name, content):
    return client.post(f"/apply/{app.pk}/upload/", {
        "kind": "evidence", "secret_kind": "", "files": [SimpleUploadedFile(name, content)]}, follow=True)


@pytest.mark.parametrize(("name", "content", "reason"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_each_hostile_kind_is_refused_over_http_with_its_chinese_reason(draft, client, small_zip_limits, name,
                                                                        content, reason):
    client.force_login(applicant_of(draft))
    response = post(client, draft, name, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert reason in html and f"“{name}”" in html
    assert not draft.documents.exists()


def test_the_corpus_has_at_least_fourteen_kinds():
    assert len(HOSTILE) >= 14 and len({h[0] for h in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("a.pdf", PDF, "pdf"),
    ("view.pdf", pdf(b"1 0 obj << /Type /Catalog /OpenAction [3 0 R /Fit] >> endobj"), "pdf"),  # only a view
    ("scan.png", PNG, "png"), ("photo.jpeg", JPG, "jpg"),
    ("report.docx", ooxml(), "docx"), ("table.xlsx", ooxml("xl"), "xlsx"),
    ("old.doc", ole("WordDocument", "1Table"), "doc"),
    ("text-says-macros.doc", ole("WordDocument", "1Table") + "Macros".encode("utf-16-le"), "doc"),
    ("old.xls", ole("Workbook"), "xls"),
    ("big.docx", zeros_docx(900 * 1024), "docx"),  # compressible, but under a megabyte expanded
])
def test_ordinary_documents_still_pass(draft, name, content, kind):
    doc = documents.store_upload(draft, SimpleUploadedFile(name, content), "evidence", "", applicant_of(draft))
    assert doc.file_type == kind


def test_ole_directory_names_are_read_from_the_directory():
    assert documents.ole_names(ole("WordDocument", "Macros", "VBA")) == {"Root Entry", "WordDocument", "Macros",
                                                                         "VBA"}
    assert documents.ole_names(documents.OLE2 + b"\0" * 10) is None


# -- ClamAV ---------------------------------------------------------------------------------------------------
class FakeClamd:
    """A stand-in for clamd speaking INSTREAM on a Unix socket: FOUND for the EICAR test string, else OK."""

    def __init__(self):
        self.path = str(Path(tempfile.mkdtemp(prefix="clamd")) / "s")
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(4)
        self.received = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                stream = conn.makefile("rb")
                assert stream.read(10) == b"zINSTREAM\0"
                data = b""
                while length := struct.unpack(">I", stream.read(4))[0]:
                    data += stream.read(length)
                self.received.append(data)
                found = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data
                conn.sendall(b"stream: Eicar-Test-Signature FOUND\0" if found else b"stream: OK\0")

    def close(self):
        self.server.close()


@pytest.fixture
def clamd(settings):
    fake = FakeClamd()
    settings.CLAMD_SOCKET = fake.path
    yield fake
    fake.close()


EICAR_PDF = pdf(b"% X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")


def test_clamav_finding_is_refused_and_a_clean_file_passes(draft, client, clamd):
    client.force_login(applicant_of(draft))
    html = post(client, draft, "virus.pdf", EICAR_PDF).content.decode()
    assert "病毒扫描发现恶意代码（Eicar-Test-Signature）" in html and not draft.documents.exists()
    assert "已上传“clean.pdf”" in post(client, draft, "clean.pdf", PDF).content.decode()
    assert clamd.received == [EICAR_PDF, PDF]


def test_clamav_configured_but_unreachable_refuses(draft, settings):
    settings.CLAMD_SOCKET = str(Path(tempfile.mkdtemp()) / "missing")
    with pytest.raises(documents.UploadRefused, match="病毒扫描服务暂时不可用"):
        documents.store_upload(draft, SimpleUploadedFile("a.pdf", PDF), "evidence", "", applicant_of(draft))


def test_without_clamd_settings_no_scan_is_tried(draft, settings):
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = ""
    doc = documents.store_upload(draft, SimpleUploadedFile("e.pdf", EICAR_PDF), "evidence", "", applicant_of(draft))
    assert doc.file_type == "pdf"
