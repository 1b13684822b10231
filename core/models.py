"""The ground floor's one model shape: a record of something done, written once.

Abstract only: no table of its own, so `core` needs no migrations.
"""

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("this record is append-only")

    def delete(self):
        raise PermissionError("this record is append-only")


class AppendOnly(models.Model):
    """A record of something done: written once, never changed or deleted (the audit trail, access logs, votes...).

    Bulk update/delete through the manager and save/delete of a stored row raise PermissionError; where it matters,
    a PostgreSQL trigger refuses UPDATE and DELETE too (see the migrations).
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("this record is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("this record is append-only")
