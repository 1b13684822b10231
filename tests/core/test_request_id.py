"""Request ids (core/request_id.py, django-guid): every response carries X-Request-ID, a client's UUID is kept and
anything else replaced, every log line of the request carries the id, and a task queued during the request carries
it to the worker."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid

import pytest
from celery import shared_task
from django.core.cache import cache
from django.utils.module_loading import import_string
from django_guid import clear_guid, set_guid

from core.request_id import RequestIdFilter

from ..conftest import wait_for

HEX32 = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture
def log_lines(settings):
    """The console handler of settings.LOGGING (its filter and formatter), writing into a buffer on the root."""
    formatter_conf = dict(settings.LOGGING["formatters"]["json"])
    formatter = import_string(formatter_conf.pop("()"))(**formatter_conf)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_every_response_gets_a_fresh_request_id(db, client):
    first, second = client.get("/health/"), client.get("/")
    assert HEX32.match(first["X-Request-ID"]) and HEX32.match(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize("given", ["260b00b670e145e2ad7f38ea30e8c6e9", "8e41b75b-3f3e-4184-b39c-050deba4eefd"])
def test_a_uuid_from_the_proxy_is_kept(db, client, given):
    assert client.get("/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given


@pytest.mark.parametrize("given", ["x" * 500, "abc\ninjected log line", "'; drop table", "../../etc", "12345"])
def test_anything_else_is_replaced_by_a_new_id(db, client, given):
    returned = client.get("/", HTTP_X_REQUEST_ID=given)["X-Request-ID"]
    assert HEX32.match(returned) and returned != given


def test_every_log_line_of_a_request_carries_its_id(db, client, log_lines):
    given = uuid.uuid4().hex
    response = client.get("/no-such-page-at-all/", HTTP_X_REQUEST_ID=given)
    assert response.status_code == 404
    lines = [line for line in log_lines() if line["logger"] == "django.request"]
    assert lines and all(line["request_id"] == given for line in lines)
    assert {"time", "level", "logger", "message", "request_id"} <= set(lines[0])


def test_outside_a_request_the_field_is_a_dash(log_lines):
    clear_guid()
    logging.getLogger("portal.test").warning("between requests")
    assert log_lines()[-1]["request_id"] == "-"


@shared_task(name="tests.core.test_request_id.remember_request_id")
def remember_request_id(key):
    """Test task: what request id the worker sees while running it."""
    from django_guid import get_guid

    cache.set(key, get_guid() or "none", 60)


@pytest.mark.worker
def test_a_task_queued_during_a_request_logs_the_requests_id(worker):
    given = uuid.uuid4().hex
    set_guid(given)  # what the middleware does at the start of a request
    try:
        remember_request_id.delay("seen")
    finally:
        clear_guid()
    assert wait_for(lambda: cache.get("seen") is not None)
    assert cache.get("seen") == given
