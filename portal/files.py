"""Opening a stored file for a download view: a file missing from storage is a clear 404, not a server error."""

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
