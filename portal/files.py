"""Opening a stored file for a download view: a file missing from storage is a clear 404, not a server error;
every document goes out as a download the browser neither renders nor sniffs (attachment)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _


def open_stored(field_file):
    """The stored file opened for reading; Http404 (with the reason) where nothing is stored or it is gone."""
    if not field_file:
        raise Http404(_("没有上传文件。"))
    try:
        return field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("文件不存在或已丢失，请联系评审办公室。")) from None


def attachment(response):
    """The response as a download: Content-Disposition attachment, no MIME sniffing, a sandboxing CSP, no caching.
    Every view that serves an uploaded document passes its response through here."""
    disposition = response.get("Content-Disposition", "")
    if disposition.startswith("inline"):
        response["Content-Disposition"] = "attachment" + disposition[len("inline"):]
    elif not disposition.startswith("attachment"):
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
