"""Deny by default on the office's pages: another city's office, applicants, recommenders, experts and the
public get nothing."""

import datetime

import pytest

from awards.domain import eligibility, publicity, supplements
from awards.models import FormalNotice, Notice
from awards.workflow import Status
from cities.schema import Role
from core.errors import TransitionError

from ... import factories
from ...builders.intake import SUBMIT_DAY, applicant_of
from ...builders.journeys import travel
from ...builders.review import Review, office_urls

DAY = datetime.date(2026, 9, 16)


@pytest.fixture
def scene(ordos, wuhan, at_eligibility):
    """An Ordos application with a formal notice; a Wuhan office user and other people who must be refused."""
    with travel(DAY):
        request = supplements.request(at_eligibility, ordos.cast.office, ["审计报告"])
    notice = FormalNotice.objects.get(audit_entry=request.audit_entry)
    failed = Notice.objects.create(recipient=applicant_of(at_eligibility), application=at_eligibility, event_key="x",
                                   subject="通知", body="正文", email_status=Notice.EmailStatus.FAILED)
    return {"app": at_eligibility, "notice": notice, "failed": failed, "ordos": ordos, "wuhan": wuhan}


def office_get_urls(app):
    return [
        "/office/", "/office/ordos/queue/eligibility/", "/office/ordos/queue/supplement_requested/",
        "/office/ordos/queue/eligibility/export/", "/office/ordos/failed-emails/", f"/office/applications/{app.pk}/",
    ]


def office_post_urls(app, failed):
    base = f"/office/applications/{app.pk}"
    return [f"{base}/eligibility/", f"{base}/accept/", f"{base}/supplement/", f"{base}/refuse/",
            f"/office/notices/{failed.pk}/resend/"]


def test_another_city_office_cannot_see_or_touch(client, scene):
    app, wuhan = scene["app"], scene["wuhan"]
    client.force_login(wuhan.cast.office)
    assert client.get("/office/ordos/queue/eligibility/").status_code == 403
    assert client.get("/office/ordos/queue/eligibility/export/").status_code == 403
    assert client.get("/office/ordos/failed-emails/").status_code == 403
    assert client.get(f"/office/applications/{app.pk}/").status_code == 404
    assert app.reference not in client.get("/office/wuhan/queue/eligibility/").content.decode()
    assert app.reference not in client.get("/office/wuhan/queue/supplement_requested/").content.decode()
    for url in office_post_urls(app, scene["failed"]):
        data = {"reasons": "越权", "items": ["x"], "note": "x"}
        assert client.post(url, data).status_code == 404, url
    assert client.get(f"/supplement/notices/{scene['notice'].pk}/pdf/").status_code == 404
    assert client.get(f"/supplement/{app.pk}/").status_code == 404
    app.refresh_from_db()
    assert app.status == Status.SUPPLEMENT_REQUESTED
    assert scene["failed"].resends.count() == 0


def test_non_office_users_get_403_on_office_pages(client, scene):
    app, ordos = scene["app"], scene["ordos"]
    for user in [applicant_of(app), ordos.cast.recommender, ordos.cast.committee, ordos.cast.supervisor,
                 factories.UserFactory()]:
        client.force_login(user)
        for url in office_get_urls(app):
            assert client.get(url).status_code == 403, (user, url)
        for url in office_post_urls(app, scene["failed"]):
            assert client.post(url, {"reasons": "x", "items": ["x"], "note": "x"}).status_code == 403, (user, url)
    app.refresh_from_db()
    assert app.status == Status.SUPPLEMENT_REQUESTED and scene["failed"].resends.count() == 0


def test_anonymous_is_sent_to_login(client, scene):
    app = scene["app"]
    for url in office_get_urls(app) + [f"/supplement/{app.pk}/", f"/supplement/notices/{scene['notice'].pk}/pdf/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_formal_notice_and_answer_page_are_only_for_the_applicant_and_office(client, scene):
    app, ordos = scene["app"], scene["ordos"]
    with travel(SUBMIT_DAY):
        other_app = ordos.application(Status.ELIGIBILITY)
    for user in [ordos.cast.recommender, applicant_of(other_app), ordos.cast.committee, ordos.cast.supervisor]:
        client.force_login(user)
        assert client.get(f"/supplement/notices/{scene['notice'].pk}/pdf/").status_code == 404, user
        assert client.get(f"/supplement/{app.pk}/").status_code == 404, user
        assert client.post(f"/supplement/{app.pk}/", {"note": "冒名补正"}).status_code == 404, user
    app.refresh_from_db()
    assert app.status == Status.SUPPLEMENT_REQUESTED
    for user in [applicant_of(app), ordos.cast.office]:
        client.force_login(user)
        assert client.get(f"/supplement/notices/{scene['notice'].pk}/pdf/").status_code == 200, user
    client.force_login(applicant_of(app))
    assert client.get(f"/supplement/{app.pk}/").status_code == 200


def test_drafts_are_not_shown_to_the_office(client, ordos):
    with travel(DAY):
        draft = factories.application_for(ordos.cycle, recommender=ordos.cast.recommender_unit)
    client.force_login(ordos.cast.office)
    assert client.get(f"/office/applications/{draft.pk}/").status_code == 404


def test_decision_posts_need_post(client, scene):
    client.force_login(scene["ordos"].cast.office)
    assert client.get(f"/office/applications/{scene['app'].pk}/refuse/").status_code == 405


def test_an_office_decision_on_a_moved_application_is_refused_cleanly(client, scene):
    app, ordos = scene["app"], scene["ordos"]
    client.force_login(ordos.cast.office)
    with travel(DAY):
        response = client.post(f"/office/applications/{app.pk}/accept/")
    assert response.status_code == 400 and "尚未提交补正材料" in response.content.decode()
    with travel(DAY), pytest.raises(TransitionError, match="尚未提交补正材料"):
        eligibility.accept(app, ordos.cast.office)


def test_office_pages_are_for_the_citys_office_only(assigned_review, client):
    review, app, _assignments = assigned_review
    wuhan_office = factories.city_user("wuhan", Role.OFFICE)
    for user in (review.leader.user, review.cast.committee, review.cast.supervisor, wuhan_office,
                 factories.UserFactory()):
        client.force_login(user)
        for url in office_urls(review, app):
            if user == wuhan_office and url in ("/reviews/office/experts/", "/reviews/office/panels/"):
                page = client.get(url).content.decode()  # its own city's pool and panels only
                assert review.leader.name not in page and review.panel.name not in page
                continue
            assert client.get(url).status_code == 403, (user, url)
        assert client.post(f"/reviews/office/panels/{review.panel.pk}/recuse/", {}).status_code == 403
        assert client.post(f"/reviews/office/panels/{review.panel.pk}/assign/", {}).status_code == 403
    client.force_login(review.cast.office)
    for url in office_urls(review, app):
        assert client.get(url).status_code == 200, url


def test_office_comments_page_is_for_the_office(cities, client):
    review = Review("ordos")
    app = review.application(stage="public_comment")
    notice = publicity.publish(cycle=review.cycle, stage="public_comment", applications=[app], actor=review.cast.office)
    url = f"/reviews/office/comments/{notice.pk}/"
    assert client.get(url).status_code == 302
    client.force_login(review.cast.committee)
    assert client.get(url).status_code == 403
    client.force_login(review.cast.office)
    assert client.get(url).status_code == 200
