"""Headers and cookies as the production shape sends them: gunicorn (with gunicorn.conf.py) serving config.settings
with DJANGO_DEBUG=0 behind an HTTPS proxy (X-Forwarded-Proto), on a database of its own.

Content-Security-Policy without 'unsafe-inline' for scripts, Permissions-Policy, no Server header, no-store for a
signed-in page, Secure/HttpOnly/SameSite on every cookie, and `check --deploy` clean."""

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Portal-Pass-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_", "CSP", "OTP_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "production",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PORTAL_VAR_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp / 'portal.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "memory://",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    })
    return env


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    env = production_env(tmp)
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "shell", "-c",
           f"from django.contrib.auth.models import User; User.objects.create_user('header-applicant', "
           f"'h@example.gov.cn', '{PASSWORD}')")
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--timeout", "60", "--access-logfile", str(tmp / "access.log")]
    # (with ./gunicorn.conf.py, read from the working directory)
    process = subprocess.Popen(command, cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.2)
    try:
        yield {"port": port, "env": env, "access_log": tmp / "access.log"}
    finally:
        process.terminate()
        process.wait(timeout=20)


class Browser:
    """A minimal HTTPS-behind-a-proxy client: keeps cookies, sends X-Forwarded-Proto and Origin."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.set_cookies = []

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Origin": f"https://127.0.0.1:{self.port}",
                            "Referer": f"https://127.0.0.1:{self.port}{path}"})
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.text = response.read().decode()
        for raw in response.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(raw)
            cookie = SimpleCookie(raw)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        conn.close()
        return response

    def csrf(self, path):
        page = self.request("GET", path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def sign_in(self, username, password=PASSWORD):
        token = self.csrf("/accounts/login/")
        body = f"csrfmiddlewaretoken={token}&username={username}&password={password}"
        return self.request("POST", "/accounts/login/", body)


def cookie_flags(raw: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in raw.split(";")[1:]} | {
        part.strip().lower() for part in raw.split(";")[1:] if part.strip().lower().startswith("samesite")}


def test_content_security_policy_has_no_inline_scripts(server):
    response = Browser(server["port"]).request("GET", "/")
    assert response.status == 200
    policy = response.getheader("Content-Security-Policy")
    assert policy, "CSP is enforced, not only reported"
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def test_permissions_policy_and_no_server_header(server):
    response = Browser(server["port"]).request("GET", "/")
    assert "camera=()" in response.getheader("Permissions-Policy")
    assert "geolocation=()" in response.getheader("Permissions-Policy")
    assert response.getheader("Server") is None
    assert response.getheader("Strict-Transport-Security", "").startswith("max-age=")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("X-Frame-Options") == "DENY"


def test_plain_http_is_sent_to_https(server):
    conn = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=30)
    conn.request("GET", "/", headers={"Host": f"127.0.0.1:{server['port']}"})
    response = conn.getresponse()
    assert response.status == 301 and response.getheader("Location").startswith("https://")
    assert response.getheader("Server") is None


def test_signed_in_pages_are_not_stored_and_cookies_are_flagged(server):
    browser = Browser(server["port"])
    anonymous = browser.request("GET", "/")
    assert "no-store" not in (anonymous.getheader("Cache-Control") or "")
    signed_in = browser.sign_in("header-applicant")
    assert signed_in.status == 302, signed_in.text[:500]
    page = browser.request("GET", "/accounts/security/")
    assert page.status == 200
    assert "no-store" in page.getheader("Cache-Control") and "private" in page.getheader("Cache-Control")
    browser.csrf("/")  # a signed-in page carries the token (the logout form)
    browser.request("GET", "/language/en/?next=/")  # the header's language link
    names = {SimpleCookie(raw).popitem()[0]: raw for raw in browser.set_cookies}
    assert {"sessionid", "csrftoken", "django_language"} <= set(names)
    for name, raw in names.items():
        flags = cookie_flags(raw)
        assert {"secure", "httponly", "samesite"} <= flags, f"{name}: {raw}"
        assert "samesite=lax" in raw.lower(), raw


def test_the_access_log_is_json_lines_with_the_request_id(server):
    request_id = "3b0f8a4c-7d1e-4c55-9a0b-2f6d8e1c4a77"
    conn = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=30)
    conn.request("GET", '/cities/?q="x"%0Aforged', headers={"Host": f"127.0.0.1:{server['port']}",
                                                          "X-Forwarded-Proto": "https", "X-Request-ID": request_id,
                                                          "User-Agent": 'agent "quoted"'})
    conn.getresponse().read()
    conn.close()
    deadline = time.monotonic() + 10
    lines = []
    while time.monotonic() < deadline and not any(request_id in line for line in lines):
        time.sleep(0.2)
        lines = server["access_log"].read_text().splitlines() if server["access_log"].exists() else []
    ours = [json.loads(line) for line in lines if request_id in line]  # every line parses as JSON
    assert len(ours) == 1, lines
    entry = ours[0]
    assert entry["logger"] == "gunicorn.access" and entry["method"] == "GET" and entry["path"] == "/cities/"
    assert entry["request_id"] == request_id and entry["user_agent"] == 'agent "quoted"'
    assert isinstance(entry["status"], int) and isinstance(entry["duration_ms"], float)


def test_check_deploy_is_clean(server):
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=server["env"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']|javascript:""", re.I)


def test_no_template_has_an_inline_script_or_handler():
    """The policy forbids inline scripts, so none may be written: behaviour lives in static/js/*.js (data-confirm,
    data-autosubmit: static/js/confirm.js)."""
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
            found += [f"{template.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == []
