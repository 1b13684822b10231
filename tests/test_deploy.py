"""Production settings pass Django's deployment checklist; production refuses to start without a key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args, **env):
    # A clean environment as a deployer's shell has it: no test settings, no test-only switches (the browser
    # tests set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy reports as a deployment issue).
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_reports_no_issues_with_production_settings(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_ENV="production", DJANGO_DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.gov.cn",
        PORTAL_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = run_manage("check", DJANGO_ENV="production", DJANGO_DEBUG="0", SECRET_KEY="", PORTAL_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
