"""Deny by default on the experts' pages: others get a login redirect or 404; an expert sees nothing before
the declaration, and loses access after a recusal or a declared conflict."""

from awards.domain import documents
from awards.models import DocumentAccess
from reviews.domain import panels
from reviews.models import Assignment

from ... import factories
from ...builders.intake import PDF, upload_file
from ...builders.review import Review, expert_urls, hearing_panel, office_urls, to_stage


def test_anonymous_is_sent_to_login(assigned_review, client):
    review, app, assignments = assigned_review
    for url in ["/reviews/", *expert_urls(assignments[0]), *office_urls(review, app),
                f"/reviews/panels/{review.panel.pk}/applications/{app.pk}/consensus/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_other_users_get_404_on_an_experts_task(assigned_review, client):
    review, app, assignments = assigned_review
    outsiders = [review.experts[1].user, review.cast.office, review.cast.committee, factories.member(app.organisation),
                 factories.UserFactory()]
    for user in outsiders:
        client.force_login(user)
        for url in expert_urls(assignments[0]):
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/reviews/tasks/{assignments[0].pk}/autosave/", {"code": "Q1"}).status_code == 404


def test_before_the_declaration_the_expert_sees_only_the_declaration(assigned_review, client):
    _review, _app, assignments = assigned_review
    client.force_login(assignments[0].expert.user)
    assert client.get(expert_urls(assignments[0])[0]).status_code == 200
    for url in expert_urls(assignments[0])[1:]:
        assert client.get(url).status_code == 404


def test_nav_shows_tasks_to_experts_and_panels_to_the_office(assigned_review, client):
    review, _app, _assignments = assigned_review
    client.force_login(review.leader.user)
    assert "评审任务" in client.get("/reviews/").content.decode()
    client.force_login(review.cast.office)
    assert "专家与评审组" in client.get("/reviews/office/panels/").content.decode()
    client.force_login(review.cast.committee)
    page = client.get("/inbox/").content.decode()
    assert "评审任务" not in page and "专家与评审组" not in page


def test_assigned_expert_opens_a_trade_secret_file_and_it_is_logged_recused_expert_cannot(cities, client):
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
    opened = DocumentAccess.objects.filter(document=secret, user=first.expert.user, confidential=True)
    assert opened.filter(granted=True).count() == 1
    assert opened.filter(granted=False).count() == 1  # the attempt before the declaration, refused and recorded
    panels.record_recusal(app, second.expert, review.cast.office, reason="近亲属在申报单位任职")
    client.force_login(second.expert.user)
    assert client.get(f"/apply/documents/{secret.pk}/").status_code in (403, 404)
    assert client.get(f"/reviews/tasks/{second.pk}/materials/").status_code == 404


def test_declared_conflict_at_a_later_stage_takes_back_access_to_materials_and_secret_files(wuhan_two_stages,
                                                                                          client):
    review, app, assignments, secret = wuhan_two_stages
    first = assignments[0]
    client.force_login(first.expert.user)
    assert client.get(f"/reviews/tasks/{first.pk}/materials/").status_code == 200
    assert client.get(f"/apply/documents/{secret.pk}/").status_code == 200
    later = hearing_panel(review, first.expert)
    mine = next(a for a in panels.assign(later, app, review.cast.office) if a.expert_id == first.expert_id)
    panels.declare(mine, first.expert.user, has_conflict=True, note="近期受聘为该单位顾问")
    assert client.get(f"/reviews/tasks/{first.pk}/materials/").status_code == 404
    assert client.get(f"/apply/documents/{secret.pk}/").status_code in (403, 404)
    assert not first.expert.user.has_perm("awards.view_application", app)
    first.refresh_from_db()  # the document review is not finished: that task closes too and does not count
    assert first.state == Assignment.State.DECLARED_CONFLICT and "近期受聘为该单位顾问" in first.declaration_note


def test_recusal_takes_back_access(wuhan_two_stages, client):
    review, app, assignments, secret = wuhan_two_stages
    second = assignments[1]
    panels.record_recusal(app, second.expert, review.cast.office, reason="近亲属在申报单位任职")
    client.force_login(second.expert.user)
    assert client.get(f"/reviews/tasks/{second.pk}/materials/").status_code == 404
    assert client.get(f"/apply/documents/{secret.pk}/").status_code in (403, 404)
