"""`manage.py ensure_bucket` (core/management/commands/ensure_bucket.py): creates the uploads' bucket once, private,
and says so; nothing to do on the file system. The bucket is faked in process by moto."""

from __future__ import annotations

import io

import boto3
import pytest
from django.core.management import call_command
from moto import mock_aws


def run() -> str:
    out = io.StringIO()
    call_command("ensure_bucket", stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def s3(settings):
    with mock_aws():
        settings.STORAGE_BACKEND = "s3"
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
        settings.AWS_STORAGE_BUCKET_NAME = "portal-new-bucket"
        settings.AWS_S3_REGION_NAME = "us-east-1"
        settings.AWS_DEFAULT_ACL = None
        yield boto3.client("s3", region_name="us-east-1")


def test_creates_the_bucket_once(s3):
    assert run() == "bucket portal-new-bucket created"
    assert run() == "bucket portal-new-bucket exists"
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["portal-new-bucket"]


def test_the_new_bucket_grants_nobody_but_its_owner(s3):
    run()
    grants = s3.get_bucket_acl(Bucket="portal-new-bucket")["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    assert all(g["Grantee"]["Type"] == "CanonicalUser" for g in grants)


def test_file_system_needs_no_bucket(settings):
    settings.STORAGE_BACKEND = "filesystem"
    assert run() == "file-system storage: no bucket needed"
