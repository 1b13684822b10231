"""Error pages (400, 403, 404, 500, a refused CSRF check) are in Chinese and in the portal's look, with DEBUG off:
never Django's English debug or default pages (issue 10, "Embedded mode")."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory, override_settings
from django.urls import path

from awards.domain import access
from portal import errors
from portal import urls as portal_urls

from ..factories import UserFactory

ENGLISH = ("Page not found", "Server Error", "Bad Request", "Forbidden", "Traceback", "CSRF verification failed",
           "No Publicity matches", "Resolver404", "DEBUG = True")


def boom(request):
    raise RuntimeError("a bug")


# The portal's own URLconf and handlers, with one page that fails, for the 500 page.
urlpatterns = [path("boom/", boom), *portal_urls.urlpatterns]
handler400, handler403 = portal_urls.handler400, portal_urls.handler403
handler404, handler500 = portal_urls.handler404, portal_urls.handler500


def in_portal_look(response, *texts):
    body = response.content.decode()
    assert not settings.DEBUG
    assert 'class="top"' in body and "css/portal.css" in body and "质量奖管理平台" in body
    for text in texts:
        assert text in body, text
    for english in ENGLISH:
        assert english not in body, english
    return body


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_an_unknown_page_is_a_chinese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    in_portal_look(response, "页面不存在（404）", "您要找的页面不存在")


@pytest.mark.django_db
def test_a_404_shows_the_reason_a_view_gives(client):
    response = client.get("/announcements/987654/")
    assert response.status_code == 404
    in_portal_look(response, "没有这份公告。")


@pytest.mark.django_db
def test_djangos_own_english_404_message_is_not_shown(client):
    response = client.get("/publicity/987654/")  # get_object_or_404: "No Publicity matches the given query."
    assert response.status_code == 404
    in_portal_look(response, "您要找的页面不存在")


@pytest.mark.django_db
def test_a_403_shows_the_reason_of_the_permission_table(client):
    user = UserFactory()
    client.force_login(user)
    verdict = access.check(user, "office.pages")
    assert not verdict and verdict.reason
    response = client.get("/office/")
    assert response.status_code == 403
    in_portal_look(response, "无权访问（403）", str(verdict.reason))


@pytest.mark.django_db
def test_a_refused_csrf_check_is_a_chinese_page():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    in_portal_look(response, "页面已过期", "刷新后重新填写")


@pytest.mark.django_db
def test_a_bad_request_is_a_chinese_400(client):
    response = client.get("/", HTTP_HOST="not-ours.example.com")  # DisallowedHost → 400
    assert response.status_code == 400
    in_portal_look(response, "请求有误（400）")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_is_a_chinese_500(client):
    response = client.get("/boom/")
    assert response.status_code == 500
    body = in_portal_look(response, "服务器内部错误（500）", "请稍后重试")
    assert "a bug" not in body and "RuntimeError" not in body


def test_the_500_page_needs_no_database_and_no_context_processor():
    """No django_db mark: a query would fail this test (pytest-django blocks the database)."""
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "服务器内部错误（500）" in response.content.decode()


@pytest.mark.parametrize("exception, shown", [
    (Http404("没有这份公告。"), "没有这份公告。"),
    (PermissionDenied("您无权查看该材料。"), "您无权查看该材料。"),
    (Http404("No Application matches the given query."), ""),
    (Http404({"tried": [], "path": "x"}), ""),
    (PermissionDenied(), ""),
])
def test_only_reasons_meant_for_the_user_are_shown(exception, shown):
    assert errors.reason_of(exception) == shown


def test_a_refused_csrf_check_goes_to_the_portals_page():
    assert settings.CSRF_FAILURE_VIEW == "portal.errors.csrf_failure"
