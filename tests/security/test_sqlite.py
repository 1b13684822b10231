"""Embedded mode (scripts/run): SQLite for several people at once, DEBUG off, a generated key; production refuses
to start without a real SECRET_KEY (issue 10, "Embedded mode")."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from core import db

ROOT = Path(__file__).resolve().parents[2]
CLEARED = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ENV", "SECRET_KEY", "DJANGO_DEBUG",
           "DJANGO_ALLOW_ASYNC_UNSAFE")


def run(args, timeout=120, **env):
    """A process of its own with the real settings (config.settings), as scripts/run or a deployer starts it."""
    full_env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    full_env.update(env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=full_env, capture_output=True, text=True,
                          timeout=timeout)


SHOW_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'key': s.SECRET_KEY, 'env': s.DJANGO_ENV, "
    "'options': s.DATABASES['default'].get('OPTIONS', {}), 'finders': s.WHITENOISE_USE_FINDERS}))"
)


def settings_of(**env):
    result = run(["-c", SHOW_SETTINGS], DJANGO_SETTINGS_MODULE="config.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_five_people_at_once_on_one_sqlite_file_meet_no_error(tmp_path):
    """Five threads sign in and write read-then-write transactions on a file database: no "database is locked"
    (without IMMEDIATE transactions four of the five fail at once)."""
    result = run(["-m", "tests.security.sqlite_workload"], timeout=600, DJANGO_ENV="embedded",
                 PORTAL_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["journal_mode"] == "wal"
    assert outcome["errors"] == []
    assert outcome["alive"] == 0
    assert outcome["serials"] == list(range(1, 5 * 15 + 1)) and outcome["last"] == 75


def test_embedded_mode_runs_with_debug_off_wal_and_a_key_generated_once(tmp_path):
    first = settings_of(PORTAL_VAR_DIR=str(tmp_path))
    assert first["env"] == "embedded" and first["debug"] is False and first["finders"] is True
    assert first["options"]["transaction_mode"] == "IMMEDIATE" and first["options"]["timeout"] >= 5
    assert "journal_mode=WAL" in first["options"]["init_command"]
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == first["key"] and len(first["key"]) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert settings_of(PORTAL_VAR_DIR=str(tmp_path))["key"] == first["key"]  # reused, so sessions survive a restart
    assert settings_of(PORTAL_VAR_DIR=str(tmp_path), DJANGO_DEBUG="1")["debug"] is True  # only when asked for


@pytest.mark.parametrize("key, says", [
    ("", "SECRET_KEY must be set"),
    ("short-key", "at least 50 characters"),
    ("django-insecure-" + "x1y2z3" * 10, "at least 50 characters"),
])
def test_production_refuses_to_start_without_a_real_key(tmp_path, key, says):
    result = run(["manage.py", "check"], DJANGO_ENV="production", SECRET_KEY=key, PORTAL_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert says in result.stderr


def test_production_refuses_the_embedded_modes_key(tmp_path):
    embedded_key = settings_of(PORTAL_VAR_DIR=str(tmp_path))["key"]
    result = run(["manage.py", "check"], DJANGO_ENV="production", SECRET_KEY=embedded_key,
                 PORTAL_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "not the embedded mode's key" in result.stderr


def test_a_postgresql_database_means_production(tmp_path):
    result = run(["-c", SHOW_SETTINGS], DJANGO_SETTINGS_MODULE="config.settings", PORTAL_VAR_DIR=str(tmp_path),
                 DATABASE_URL="postgres://portal@127.0.0.1:5432/portal")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
    shown = settings_of(PORTAL_VAR_DIR=str(tmp_path), DATABASE_URL="postgres://portal@127.0.0.1:5432/portal",
                        SECRET_KEY="p" + "0123456789abcdefghij" * 3)
    assert shown["env"] == "production" and shown["debug"] is False and shown["finders"] is False


# -- the retry around writes ---------------------------------------------------------------------------------------
calls = {"n": 0}


def locked_once(request):
    calls["n"] += 1
    if calls["n"] == 1:
        raise OperationalError("database is locked")
    return HttpResponse("saved")


def always_locked(request):
    raise OperationalError("database is locked")


urlpatterns = [path("locked-once/", locked_once), path("always-locked/", always_locked)]


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(db, "BACKOFF_SECONDS", 0.001)
    calls["n"] = 0


@pytest.mark.django_db(transaction=True)  # as in the portal: no transaction open around the view
@override_settings(ROOT_URLCONF=__name__)
def test_a_view_that_met_a_locked_database_runs_again(quick_retries):
    response = Client(raise_request_exception=False).post("/locked-once/")
    assert response.status_code == 200 and response.content == b"saved"
    assert calls["n"] == 2


@pytest.mark.django_db(transaction=True)
@override_settings(ROOT_URLCONF=__name__)
def test_a_database_that_stays_locked_gives_a_chinese_please_retry_page(quick_retries):
    response = Client(raise_request_exception=False).post("/always-locked/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "系统繁忙" in body and "请稍后重试" in body and "database is locked" not in body
    assert response["Retry-After"]


def test_retrying_runs_a_locked_write_again_and_lets_other_errors_through(quick_retries):
    attempts = []

    @db.retrying
    def write():
        attempts.append(1)
        if len(attempts) < 3:
            raise OperationalError("database is locked")
        return "done"

    assert write() == "done" and len(attempts) == 3

    @db.retrying
    def broken():
        attempts.append(1)
        raise OperationalError("no such table: x")

    attempts.clear()
    with pytest.raises(OperationalError, match="no such table"):
        broken()
    assert len(attempts) == 1


@pytest.mark.django_db
def test_retrying_never_repeats_half_a_transaction(quick_retries):
    attempts = []

    @db.retrying
    def write():
        attempts.append(1)
        raise OperationalError("database is locked")

    with pytest.raises(OperationalError), transaction.atomic():
        write()
    assert len(attempts) == 1
