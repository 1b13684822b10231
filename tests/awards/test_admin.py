"""awards.admin: the office's records (formal notices, supplement requests) are read-only in the admin."""

import datetime

from django.urls import reverse

from awards.domain import supplements

from .. import factories
from ..builders.journeys import travel

DAY = datetime.date(2026, 9, 16)


def test_admin_shows_office_records_read_only(client, at_eligibility, ordos):
    with travel(DAY):
        request = supplements.request(at_eligibility, ordos.cast.office, ["审计报告"])
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    notice = request.audit_entry.formal_notice
    page = client.get(reverse("admin:awards_formalnotice_change", args=[notice.pk])).content.decode()
    assert "正式文书" in page and f"/supplement/notices/{notice.pk}/pdf/" in page
    page = client.get(reverse("admin:awards_supplementrequest_change", args=[request.pk])).content.decode()
    assert "补正事项" in page and "审计报告" in page
    deleting = client.post(reverse("admin:awards_formalnotice_delete", args=[notice.pk]), {"post": "yes"})
    assert deleting.status_code == 403
