"""Documents (portal.applicant.views.document, awards.domain.documents, portal.office.documents): every refused
opening is recorded with who, when and which document; the office sees them; every document goes out as a
download with nosniff and a sandboxing CSP."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.domain import documents
from awards.models import DocumentAccess

from .. import factories
from ..builders.intake import submitted_application


@pytest.fixture(autouse=True)
def no_otp(settings):
    settings.OTP_ENFORCED = False


def test_refused_openings_are_recorded_and_granted_ones_too(cities, client):
    app, cast, user = submitted_application(secret="trade")
    doc = app.documents.get()
    stranger = factories.UserFactory()
    client.force_login(cast.recommender)
    assert client.get(f"/apply/documents/{doc.pk}/").status_code == 403
    client.force_login(stranger)
    assert client.get(f"/apply/documents/{doc.pk}/").status_code == 404
    client.force_login(cast.office)
    assert client.get(f"/apply/documents/{doc.pk}/").status_code == 200
    rows = list(DocumentAccess.objects.order_by("pk").values_list("user_id", "document_id", "granted", "confidential"))
    assert rows == [(cast.recommender.pk, doc.pk, False, True), (stranger.pk, doc.pk, False, True),
                    (cast.office.pk, doc.pk, True, True)]
    assert all(a.opened_at for a in DocumentAccess.objects.all())


@pytest.mark.parametrize("secret", ["", "trade"])
def test_a_superuser_without_a_role_in_the_city_opens_no_applicants_document(cities, client, secret):
    app, cast, user = submitted_application(secret=secret)
    doc = app.documents.get()
    root = factories.UserFactory(is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(f"/apply/documents/{doc.pk}/").status_code == 404
    assert DocumentAccess.objects.get().granted is False and DocumentAccess.objects.get().user == root


def test_open_for_records_a_refusal(cities):
    app, cast, user = submitted_application(secret="technical")
    doc = app.documents.get()
    with pytest.raises(PermissionDenied):
        documents.open_for(cast.committee, doc)
    assert DocumentAccess.objects.get().granted is False


def test_a_document_is_always_an_attachment_with_nosniff_and_sandbox(cities, client):
    app, cast, user = submitted_application()
    doc = app.documents.get()
    client.force_login(user)
    response = client.get(f"/apply/documents/{doc.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def denied_page(client, city_code):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/office/{city_code}/document-access/")
    return response, len(queries)


def test_the_office_sees_the_refused_openings_of_its_city_with_a_fixed_number_of_queries(cities, client):
    app, cast, user = submitted_application(secret="trade")
    doc = app.documents.get()
    documents.record_denied(cast.recommender, doc)
    client.force_login(cast.office)
    response, one = denied_page(client, "chenzhou")
    html = response.content.decode()
    assert response.status_code == 200 and app.reference in html and doc.original_name in html
    assert cast.recommender.username in html
    for _ in range(4):
        documents.record_denied(factories.UserFactory(), doc)
    response, many = denied_page(client, "chenzhou")
    assert response.status_code == 200 and many == one
    # another city's office sees nothing of it; an applicant is refused
    other, other_cast, _user = submitted_application("jinan")
    client.force_login(other_cast.office)
    assert client.get("/office/chenzhou/document-access/").status_code == 403
    assert app.reference not in client.get("/office/jinan/document-access/").content.decode()
    client.force_login(user)
    assert client.get("/office/chenzhou/document-access/").status_code == 403
