"""Opening a stored file for a download view: a file missing from storage is a clear 404, not a server error;
every document goes out as a download the browser neither renders nor sniffs (attachment).

serve() is the one way a view hands out a stored file, after it has checked who may have it. On the file system
the web process streams the file. In object storage (STORAGE_BACKEND=s3, config/settings.py) the bucket is private
and the view answers with a redirect to a URL signed for a minute (AWS_QUERYSTRING_EXPIRE) that names the file as
a download, so the bytes do not pass through the web process, yet nobody reaches them without passing the check;
STORAGE_DOWNLOADS=stream streams them through the web process instead.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from storages.backends.s3 import S3Storage


def open_stored(field_file):
    """The stored file opened for reading; Http404 (with the reason) where nothing is stored or it is gone."""
    if not field_file:
        raise Http404(_("没有上传文件。"))
    try:
        return field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise gone() from None


def gone() -> Http404:
    """The 404 for a file the database names but the storage no longer holds (deleted from the disk or bucket)."""
    return Http404(_("文件不存在或已丢失，请联系评审办公室。"))


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


def serve(field_file, *, filename, content_type=None, as_attachment=True, handle=None):
    """The response that hands out one stored file, for a view that has already checked the user may have it.
    `handle` is the file when the view already opened it (to log the opening or read its type); a missing file is
    a 404 either way. A redirect to a signed URL where the storage gives one, the streamed file otherwise."""
    if handle is None:
        handle = open_stored(field_file)
    if redirects_downloads():
        handle.close()
        return _no_store(HttpResponseRedirect(signed_url(field_file.name, filename=filename,
                                                         content_type=content_type, as_attachment=as_attachment)))
    response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    return attachment(response) if as_attachment else _no_store(response)


def redirects_downloads() -> bool:
    """True where downloads go out as signed redirects: object storage, unless STORAGE_DOWNLOADS=stream."""
    return getattr(settings, "STORAGE_BACKEND", "") == "s3" and settings.STORAGE_DOWNLOADS == "redirect"


def signed_url(name: str, *, filename: str, content_type=None, as_attachment=True) -> str:
    """A GET URL of the stored object valid for AWS_QUERYSTRING_EXPIRE seconds, signed for the address browsers
    reach the bucket at (AWS_S3_PUBLIC_ENDPOINT_URL); the bucket answers with these headers."""
    parameters = {"ResponseContentDisposition": content_disposition_header(as_attachment, filename),
                  "ResponseCacheControl": "private, no-store"}
    if content_type:
        parameters["ResponseContentType"] = content_type
    storage = _signing_storage(settings.AWS_S3_PUBLIC_ENDPOINT_URL, settings.AWS_STORAGE_BUCKET_NAME,
                               settings.AWS_ACCESS_KEY_ID)
    return storage.url(name, parameters=parameters, expire=settings.AWS_QUERYSTRING_EXPIRE)


@lru_cache(maxsize=4)
def _signing_storage(endpoint_url, bucket_name, access_key):
    """The default storage's settings with the browsers' address (made once: a boto3 session is slow to make)."""
    return S3Storage(endpoint_url=endpoint_url, bucket_name=bucket_name, access_key=access_key)


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response
