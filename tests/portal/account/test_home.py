"""/home/: every role lands on its own home after login, with its to-do list (awards.domain.todo), whose links lead
to where the step is done and which clears when it is done."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.workflow import Status
from cities.schema import Role
from portal.office import data_cache
from reviews.domain import committee

from ...builders import review
from ...builders.intake import SUBMIT_DAY, applicant_of
from ...builders.journeys import travel
from ...builders.todo import todos
from ...factories import city_user

PASSWORD = "Portal-Pass-2026"


def sign_in(client, user, **extra):
    """Through the login form, as a person does; returns the page they land on (redirects followed)."""
    client.logout()
    query = f"?next={extra['next']}" if "next" in extra else ""
    return client.post(reverse("login") + query, {"username": user.username, "password": PASSWORD}, follow=True)


def landed(response) -> str:
    return response.redirect_chain[-1][0] if response.redirect_chain else response.request["PATH_INFO"]


def test_anonymous_goes_to_login(client):
    response = client.get("/home/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_user_without_a_role_lands_on_the_applicants_home(client):
    from ...factories import UserFactory

    response = sign_in(client, UserFactory())
    assert landed(response) == "/apply/" and "暂无待办事项。" in response.content.decode()


def test_each_role_lands_on_its_home(client, ordos):
    with travel(SUBMIT_DAY):
        app = ordos.application()
        cast = ordos.cast
        expert = review.make_expert("ordos", "某专家").user
        homes = [(cast.office, "/office/"), (cast.committee, "/reviews/committee/"),
                 (cast.supervisor, "/supervision/"), (expert, "/reviews/"), (cast.recommender, "/recommend/"),
                 (applicant_of(app), "/apply/")]
        for user, home in homes:
            response = sign_in(client, user)
            assert response.status_code == 200, (user, landed(response))
            assert landed(response) == home
            assert '<ol class="todo-list">' in response.content.decode()


def test_several_roles_land_on_the_first_and_link_the_others(client, ordos):
    with travel(SUBMIT_DAY):
        app = ordos.application()
        user = applicant_of(app)
        user.groups.add(*ordos.cast.office.groups.all())
        response = sign_in(client, user)
        assert landed(response) == "/office/"
        nav = response.content.decode().split('class="role-homes"')[1].split("</nav>")[0]
        assert 'href="/apply/"' in nav and "/office/" not in nav
        applicant_home = client.get("/apply/").content.decode()
        assert 'href="/office/"' in applicant_home.split('class="role-homes"')[1]


def test_a_safe_next_wins_an_unsafe_one_does_not(client, ordos):
    with travel(SUBMIT_DAY):
        assert landed(sign_in(client, ordos.cast.office, next="/inbox/")) == "/inbox/"
        assert landed(sign_in(client, ordos.cast.office, next="https://evil.example/")) == "/office/"


def test_office_to_do_leads_to_the_application_and_clears_when_done(client, ordos):
    with travel(SUBMIT_DAY):
        app = ordos.application()
        html = sign_in(client, ordos.cast.office).content.decode()
        lines = todos(html)
        mine = [t for t in lines if app.reference in t[2]]
        assert len(mine) == 1
        deadline, href, what = mine[0]
        assert href == f"/office/applications/{app.pk}/" and what.endswith(f"：{app.applicant_name}（{app.reference}）")
        assert deadline == app.stage_deadline.isoformat()
        assert client.get(href).status_code == 200
        client.post(f"/office/applications/{app.pk}/supplement/", {"items": ["近三年审计报告"]})
        app.refresh_from_db()
        assert app.status == Status.SUPPLEMENT_REQUESTED
        assert not [t for t in todos(client.get("/office/").content.decode()) if app.reference in t[2]]
        # now the applicant's turn: 提交补正材料, leading to the supplement page
        html = sign_in(client, applicant_of(app)).content.decode()
        (deadline, href, what), = todos(html)
        assert what == f"提交补正材料：{app.applicant_name}（{app.reference}）" and href == f"/supplement/{app.pk}/"
        assert deadline == app.stage_deadline.isoformat()
        assert client.get(href).status_code == 200


def test_recommender_to_do(client, ordos):
    with travel(SUBMIT_DAY):
        app = ordos.application(Status.RECOMMENDATION)
        html = sign_in(client, ordos.cast.recommender).content.decode()
        (_deadline, href, what), = todos(html)
        assert href == f"/recommend/{app.pk}/" and app.reference in what
        assert client.get(href).status_code == 200


def test_expert_declares_then_scores_from_the_to_do_list(client, cities):
    rv, app, assignments = review.assigned_review()
    expert = assignments[0].expert.user
    (deadline, href, what), = todos(sign_in(client, expert).content.decode())
    assert what == f"作出回避声明：{app.applicant_name}（{app.reference}）"
    assert href == f"/reviews/tasks/{assignments[0].pk}/declare/"
    assert deadline == (app.stage_deadline.isoformat() if app.stage_deadline else "")
    assert client.get(href).status_code == 200
    client.post(href, {"conflict": "no", "pledge": "on"})
    (_deadline, href, what), = todos(client.get("/home/", follow=True).content.decode())
    assert what.startswith("评分：") and href == f"/reviews/tasks/{assignments[0].pk}/sheet/"
    assert client.get(href).status_code == 200


def test_committee_member_votes_from_the_to_do_list(client, committee_scene):
    scene = committee_scene
    committee.open_sitting(scene.cycle, scene.cast.office, [m.pk for m in scene.members])
    member = scene.members[0]
    lines = todos(sign_in(client, member).content.decode())
    assert sorted(w for _d, _h, w in lines) == sorted(f"投票：{a.applicant_name}（{a.reference}）"
                                                       for a in scene.candidates)
    href = lines[0][1]
    assert href == f"/reviews/committee/{scene.cycle.pk}/" and client.get(href).status_code == 200
    first = next(a for a in scene.candidates if a.reference in lines[0][2])
    client.post(f"{href}vote/{first.pk}/", {"choice": "for"})
    left = todos(client.get("/reviews/committee/").content.decode())
    assert len(left) == 1 and first.reference not in left[0][2]


def test_to_dos_are_sorted_by_deadline_none_last(client, ordos):
    with travel(SUBMIT_DAY):
        ordos.application()
        ordos.application(Status.DOCUMENT_REVIEW)
        sign_in(client, ordos.cast.office)
        deadlines = [d for d, _h, _w in todos(client.get("/office/").content.decode())]
    dated = [d for d in deadlines if d]
    assert deadlines == sorted(dated) + [""] * (len(deadlines) - len(dated)) and len(deadlines) == 2


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_office_home_query_count_is_the_same_for_1_and_n_to_dos(client, ordos):
    with travel(SUBMIT_DAY):
        ordos.application()
        client.force_login(ordos.cast.office)
        client.get("/office/")
        data_cache.bump()  # as after any change: the side bar's counts are counted (kept, they take none)
        one, html = _queries(client, "/office/")
        assert len(todos(html)) == 1
        for _ in range(4):
            ordos.application()
        many, html = _queries(client, "/office/")
        assert len(todos(html)) == 5
    assert many == one


def test_expert_queue_query_count_is_the_same_for_1_and_n_to_dos(client, cities):
    rv = review.Review("chenzhou")
    first = rv.application()
    rv.assign(first)
    expert = rv.experts[0].user
    client.force_login(expert)
    client.get("/reviews/")
    one, html = _queries(client, "/reviews/")
    assert len(todos(html)) == 1
    for _ in range(3):
        rv.assign(rv.application())
    many, html = _queries(client, "/reviews/")
    assert len(todos(html)) == 4
    assert many == one


def test_applicant_home_query_count_is_the_same_for_1_and_n_to_dos(client, ordos):
    with travel(SUBMIT_DAY):
        app = ordos.application()
        client.force_login(ordos.cast.office)
        client.post(f"/office/applications/{app.pk}/supplement/", {"items": ["近三年审计报告"]})
        user = applicant_of(app)
        client.force_login(user)
        client.get("/apply/")
        one, html = _queries(client, "/apply/")
        assert len(todos(html)) == 1
        for _ in range(3):
            more = ordos.application()
            user.groups.add(more.organisation.group)  # a member of several organisations
            client.force_login(ordos.cast.office)
            client.post(f"/office/applications/{more.pk}/supplement/", {"items": ["近三年审计报告"]})
        client.force_login(user)
        many, html = _queries(client, "/apply/")
        assert len(todos(html)) == 4
    assert many == one


def test_a_committee_member_of_another_city_sees_no_vote(client, committee_scene):
    committee.open_sitting(committee_scene.cycle, committee_scene.cast.office,
                           [m.pk for m in committee_scene.members])
    client.force_login(city_user("wuhan", Role.COMMITTEE))
    assert todos(client.get("/home/", follow=True).content.decode()) == []


def test_supervisor_gives_the_opinion_the_list_waits_for(client, cities):
    from ...builders.supervision import appoint, jinan_at_ranking

    scene, _apps = jinan_at_ranking(1)
    member = appoint(scene.cycle, scene.cast.office, 1)[0]
    response = sign_in(client, member)
    assert landed(response) == "/supervision/"
    (_deadline, href, what), = todos(response.content.decode())
    assert what.startswith("提交书面监督意见：") and href == f"/supervision/cycles/{scene.cycle.pk}/"
    assert client.get(href).status_code == 200
    client.post(f"{href}opinions/", {"concerns": "review", "text": "评审程序规范。"})
    assert todos(client.get("/supervision/").content.decode()) == []
