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


# -- issue 13: the production shape's settings (object storage, JSON logs, the probe) ------------------------------
PROBE = """
import json, logging
import django
django.setup()
from django.conf import settings
logging.getLogger("portal.deploy").warning("hello")
print(json.dumps({
    "storage": settings.STORAGES["default"]["BACKEND"], "downloads": settings.STORAGE_DOWNLOADS,
    "expire": getattr(settings, "AWS_QUERYSTRING_EXPIRE", None), "acl": getattr(settings, "AWS_DEFAULT_ACL", 1),
    "overwrite": getattr(settings, "AWS_S3_FILE_OVERWRITE", None), "exempt": settings.SECURE_REDIRECT_EXEMPT,
    "log_format": settings.LOG_FORMAT,
}))
"""


def production_settings(tmp_path, **env):
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "STORAGE_BACKEND", "LOG_FORMAT"}
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_ENV="production", DJANGO_DEBUG="0",
                    SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="portal.example.gov.cn",
                    PORTAL_VAR_DIR=str(tmp_path), **env)
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=full_env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def test_storage_backend_s3_puts_uploads_in_a_private_bucket_with_minute_long_urls(tmp_path):
    found, _log = production_settings(tmp_path, STORAGE_BACKEND="s3", AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
                                      AWS_STORAGE_BUCKET_NAME="portal-media")
    assert found["storage"] == "storages.backends.s3.S3Storage"
    assert found["downloads"] == "redirect" and found["expire"] == 60
    assert found["acl"] is None and found["overwrite"] is False


def test_without_storage_backend_uploads_stay_on_the_file_system(tmp_path):
    found, _log = production_settings(tmp_path)
    assert found["storage"] == "django.core.files.storage.FileSystemStorage" and found["downloads"] == "stream"


def test_production_logs_one_json_object_a_line_with_the_request_id_field(tmp_path):
    import json

    found, log = production_settings(tmp_path)
    assert found["log_format"] == "json"
    line = json.loads(next(line for line in log.splitlines() if "hello" in line))
    assert line["message"] == "hello" and line["level"] == "WARNING" and line["request_id"] == "-"
    assert line["logger"] == "portal.deploy" and "time" in line


def test_log_format_text_switches_production_to_plain_lines(tmp_path):
    found, log = production_settings(tmp_path, LOG_FORMAT="text")
    assert "WARNING [-] portal.deploy: hello" in log


def test_the_health_probe_is_exempt_from_the_https_redirect(tmp_path):
    found, _log = production_settings(tmp_path)
    assert found["exempt"] == [r"^health/$"]


def test_check_deploy_passes_with_object_storage(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_ENV="production", DJANGO_DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.gov.cn", PORTAL_VAR_DIR=str(tmp_path), STORAGE_BACKEND="s3",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert result.returncode == 0, result.stderr + result.stdout
