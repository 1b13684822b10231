"""`manage.py ensure_bucket`: create the object-storage bucket uploads go to, if it is missing (issue 13).

Run once before the web and worker processes start (docker-compose.yml's migrate step does). Nothing to do on the
file system (STORAGE_BACKEND unset). The bucket is created private: no ACL, no policy, so nothing in it is
readable without a signed URL.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the S3 bucket of the default storage if it does not exist (no-op on the file system)."

    def handle(self, *args, **options):
        if getattr(settings, "STORAGE_BACKEND", "") != "s3":
            self.stdout.write("file-system storage: no bucket needed")
            return
        storage = storages["default"]
        client = storage.connection.meta.client
        name = storage.bucket_name
        existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
        if name in existing:
            self.stdout.write(f"bucket {name} exists")
            return
        region = settings.AWS_S3_REGION_NAME
        extra = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        client.create_bucket(Bucket=name, **extra)
        self.stdout.write(f"bucket {name} created")
