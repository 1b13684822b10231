"""GET /health/ (core/health.py, portal/public/health.py): the proxy's probe. 200 with every service answering,
500 as soon as one does not (the cache or the broker pointed at a closed port); anonymous, no cookie, never
cached; JSON on request."""

from __future__ import annotations

import pytest

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def probe(client):
    def get(**headers):
        return client.get("/health/?format=json", **headers)
    return get


def test_healthy_answers_200_with_every_check_ok(db, probe):
    response = probe()
    assert response.status_code == 200
    body = response.json()
    assert set(body.values()) == {"OK"}
    assert {name.split("(")[0] for name in body} == {"Database", "Cache", "Storage", "Broker"}


def test_anonymous_without_session_or_csrf_cookie_and_never_cached(db, client):
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_text_and_html_forms_for_people(db, client):
    assert client.get("/health/?format=text").content.decode().count(": OK") == 4
    assert client.get("/health/", HTTP_ACCEPT="text/html").status_code == 200


def test_cache_down_is_500_and_names_the_cache(db, probe, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED}}
    response = probe()
    assert response.status_code == 500
    failing = [name for name, state in response.json().items() if state != "OK"]
    assert [name.split("(")[0] for name in failing] == ["Cache"]


def test_broker_down_is_500_and_names_the_broker(db, probe, settings):
    settings.CELERY_BROKER_URL = CLOSED
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1}
    response = probe()
    assert response.status_code == 500
    body = response.json()
    assert body["Broker()"] != "OK" and "127.0.0.1" not in body["Broker()"]  # no address in the answer
    assert [v for k, v in body.items() if k != "Broker()"] == ["OK", "OK", "OK"]


def test_storage_failure_is_500(db, probe, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocked
    response = probe()
    assert response.status_code == 500
    assert [k.split("(")[0] for k, v in response.json().items() if v != "OK"] == ["Storage"]


def test_post_is_refused(db, client):
    assert client.post("/health/").status_code == 405


def test_production_lets_the_probe_use_plain_http(db, client, settings):
    """SECURE_SSL_REDIRECT sends every other page to HTTPS; the probe speaks HTTP inside the network."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    assert client.get("/health/?format=json").status_code == 200
    assert client.get("/").status_code == 301
