"""Deny by default: every review page says who may use it; others get a login redirect, 403 or 404."""

import pytest

from awards.domain import publicity
from cities.schema import Role

from .. import factories
from .helpers import Review


@pytest.fixture
def setup(cities):
    review = Review("chenzhou")
    app = review.application()
    assignments = review.assign(app)
    return review, app, assignments


def expert_urls(assignment):
    pk = assignment.pk
    return [f"/reviews/tasks/{pk}/declare/", f"/reviews/tasks/{pk}/materials/", f"/reviews/tasks/{pk}/sheet/"]


def office_urls(review, app):
    return ["/reviews/office/experts/", "/reviews/office/panels/", f"/reviews/office/panels/{review.panel.pk}/",
            f"/reviews/office/cycles/{review.cycle.pk}/results/", f"/reviews/office/applications/{app.pk}/survey/"]


def test_anonymous_is_sent_to_login(setup, client):
    review, app, assignments = setup
    for url in ["/reviews/", *expert_urls(assignments[0]), *office_urls(review, app),
                f"/reviews/panels/{review.panel.pk}/applications/{app.pk}/consensus/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_other_users_get_404_on_an_experts_task(setup, client):
    review, app, assignments = setup
    outsiders = [review.experts[1].user, review.cast.office, review.cast.committee, factories.member(app.organisation),
                 factories.UserFactory()]
    for user in outsiders:
        client.force_login(user)
        for url in expert_urls(assignments[0]):
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/reviews/tasks/{assignments[0].pk}/autosave/", {"code": "Q1"}).status_code == 404


def test_before_the_declaration_the_expert_sees_only_the_declaration(setup, client):
    _review, _app, assignments = setup
    client.force_login(assignments[0].expert.user)
    assert client.get(expert_urls(assignments[0])[0]).status_code == 200
    for url in expert_urls(assignments[0])[1:]:
        assert client.get(url).status_code == 404


def test_office_pages_are_for_the_citys_office_only(setup, client):
    review, app, _assignments = setup
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


def test_nav_shows_tasks_to_experts_and_panels_to_the_office(setup, client):
    review, _app, _assignments = setup
    client.force_login(review.leader.user)
    assert "评审任务" in client.get("/reviews/").content.decode()
    client.force_login(review.cast.office)
    assert "专家与评审组" in client.get("/reviews/office/panels/").content.decode()
    client.force_login(review.cast.committee)
    page = client.get("/inbox/").content.decode()
    assert "评审任务" not in page and "专家与评审组" not in page


def test_assigned_expert_opens_a_trade_secret_file_and_it_is_logged_recused_expert_cannot(cities, client):
    from awards.domain import documents
    from awards.models import DocumentAccess
    from reviews.domain import panels

    from ..intake.helpers import PDF, upload_file
    from .helpers import to_stage

    review = Review("chenzhou")
    app = factories.application_for(review.cycle, recommender=review.cast.recommender_unit)
    secret = documents.store_upload(app, upload_file("核心工艺参数.pdf", PDF), "self_assessment", "trade",
                                    factories.member(app.organisation))
    to_stage(app, review.cast, "document_review")
    assignments = review.assign(app)
    first, second = assignments[0], assignments[1]
    client.force_login(first.expert.user)
    assert client.get(f"/apply/documents/{secret.pk}/").status_code == 404  # not declared yet: nothing
    review.declare_all(assignments)
    materials = client.get(f"/reviews/tasks/{first.pk}/materials/").content.decode()
    assert "核心工艺参数.pdf" in materials and "商业秘密" in materials
    response = client.get(f"/apply/documents/{secret.pk}/")
    assert response.status_code == 200
    assert DocumentAccess.objects.filter(document=secret, user=first.expert.user, confidential=True).count() == 1
    panels.record_recusal(app, second.expert, review.cast.office, reason="近亲属在申报单位任职")
    client.force_login(second.expert.user)
    assert client.get(f"/apply/documents/{secret.pk}/").status_code in (403, 404)
    assert client.get(f"/reviews/tasks/{second.pk}/materials/").status_code == 404
