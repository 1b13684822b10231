"""Uploads in object storage (STORAGE_BACKEND=s3) with the bucket faked in process by moto (a third-party S3
fake): the file goes to the bucket, not the disk; a download still passes the permission check, then redirects to
a URL signed for a minute that names the file as a download (portal.files.serve); refusals never reveal one."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from moto import mock_aws

from awards.models import DocumentAccess
from portal import files

from ..builders.intake import PDF, applicant_of, chenzhou_draft, submitted_application, upload_file

BUCKET = "portal-test-media"


@pytest.fixture
def bucket(settings):
    """The default storage switched to S3 as STORAGE_BACKEND=s3 sets it (config/settings.py), on a moto bucket."""
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGE_BACKEND = "s3"
        settings.STORAGE_DOWNLOADS = "redirect"
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
        settings.AWS_STORAGE_BUCKET_NAME = BUCKET
        settings.AWS_S3_ENDPOINT_URL = None
        settings.AWS_S3_PUBLIC_ENDPOINT_URL = None
        settings.AWS_ACCESS_KEY_ID = "testing"
        settings.AWS_SECRET_ACCESS_KEY = "testing"
        settings.AWS_S3_REGION_NAME = "us-east-1"
        settings.AWS_S3_ADDRESSING_STYLE = "path"
        settings.AWS_S3_SIGNATURE_VERSION = "s3v4"
        settings.AWS_DEFAULT_ACL = None
        settings.AWS_QUERYSTRING_AUTH = True
        settings.AWS_QUERYSTRING_EXPIRE = 60
        settings.AWS_S3_FILE_OVERWRITE = False
        files._signing_storage.cache_clear()
        yield client
        files._signing_storage.cache_clear()


def keys(client):
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_an_upload_over_http_lands_in_the_bucket_not_on_disk(bucket, cities, client, settings):
    draft = chenzhou_draft()
    client.force_login(applicant_of(draft))
    client.post(f"/apply/{draft.pk}/upload/", {"kind": "evidence", "files": [upload_file("good.pdf", PDF)]})
    doc = draft.documents.get()
    assert doc.file.name in keys(bucket)
    assert bucket.get_object(Bucket=BUCKET, Key=doc.file.name)["Body"].read() == PDF
    assert not (settings.MEDIA_ROOT / doc.file.name).exists()


def test_a_permitted_download_redirects_to_a_short_lived_signed_url_that_serves_the_file(bucket, cities, client):
    app, cast, user = submitted_application()
    doc = app.documents.get()
    client.force_login(cast.recommender)
    response = client.get(f"/apply/documents/{doc.pk}/")
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    location = response["Location"]
    query = parse_qs(urlsplit(location).query)
    assert urlsplit(location).path == f"/{BUCKET}/{doc.file.name}"
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    assert query["response-content-disposition"][0].startswith("attachment; filename")
    assert query["response-content-type"] == ["application/pdf"]
    assert DocumentAccess.objects.get(granted=True).user == cast.recommender  # logged before the redirect
    fetched = requests.get(location, timeout=10)  # no cookie: the signature alone opens it
    assert fetched.status_code == 200 and fetched.content.startswith(b"%PDF")
    assert fetched.headers["Content-Disposition"].startswith("attachment")


def test_the_object_itself_is_private_without_a_signature(bucket, cities, client):
    app, cast, user = submitted_application()
    doc = app.documents.get()
    unsigned = f"https://s3.amazonaws.com/{BUCKET}/{doc.file.name}"
    assert requests.get(unsigned, timeout=10).status_code == 403


def test_refused_and_anonymous_users_get_no_signed_url(bucket, cities, client):
    app, cast, user = submitted_application(secret="trade")
    doc = app.documents.get()
    response = client.get(f"/apply/documents/{doc.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(cast.recommender)  # a confidential document: the recommender may not open it
    response = client.get(f"/apply/documents/{doc.pk}/")
    assert response.status_code == 403 and "Location" not in response
    assert BUCKET not in response.content.decode()
    assert DocumentAccess.objects.get(granted=False).user == cast.recommender


def test_stream_mode_serves_the_bytes_through_the_web_process(bucket, cities, client, settings):
    settings.STORAGE_DOWNLOADS = "stream"
    app, cast, user = submitted_application()
    doc = app.documents.get()
    client.force_login(cast.recommender)
    response = client.get(f"/apply/documents/{doc.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment") and response["X-Content-Type-Options"] == "nosniff"


def test_an_object_gone_from_the_bucket_is_a_clear_404(bucket, cities, client):
    app, cast, user = submitted_application()
    doc = app.documents.get()
    bucket.delete_object(Bucket=BUCKET, Key=doc.file.name)
    client.force_login(cast.recommender)
    response = client.get(f"/apply/documents/{doc.pk}/")
    assert response.status_code == 404 and "Location" not in response


def test_urls_are_signed_for_the_address_browsers_reach_the_bucket_at(bucket, cities, client, settings):
    settings.AWS_S3_PUBLIC_ENDPOINT_URL = "https://files.portal.example.gov.cn"
    app, cast, user = submitted_application()
    client.force_login(cast.recommender)
    response = client.get(f"/apply/documents/{app.documents.get().pk}/")
    assert response["Location"].startswith(f"https://files.portal.example.gov.cn/{BUCKET}/")
