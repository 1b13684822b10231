"""The production shape as separate OS processes: its own PostgreSQL database, its own Redis database, an
S3-compatible server (moto's standalone `moto_server`), gunicorn, one Celery worker on every queue, one beat.

Every process runs in its own process group with its output in a log file; a failed wait shows the logs, and
stop() kills the groups. The test process talks to them over HTTP and reads the database with psycopg2 only
(its own Django settings point at pytest's test database).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import redis
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BUCKET = "portal-media"
DROPPED = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "STORAGE_BACKEND", "LOG_FORMAT", "EMAIL_BACKEND",
           "CELERY_BROKER_URL", "MEDIA_ROOT", "STATIC_ROOT"}


def configured() -> bool:
    """CI's .ci/run exports both; locally set them to run this test."""
    return os.environ.get("DATABASE_URL", "").startswith("postgres") and bool(os.environ.get("REDIS_URL"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def own_database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + name))


def own_redis_url(base: str) -> str:
    """The next Redis database after REDIS_URL's, so stale messages of the in-process test worker are not ours."""
    parts = urlsplit(base)
    current = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(current + 1) % 16}"))


def admin(base_url: str, sql: str) -> None:
    conn = psycopg2.connect(own_database_url(base_url, "postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()


class ShapeFailed(AssertionError):
    pass


class Shape:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.base_db = os.environ["DATABASE_URL"]
        self.db_name = f"shape_{os.getpid()}"
        self.db_url = own_database_url(self.base_db, self.db_name)
        self.redis_url = own_redis_url(os.environ["REDIS_URL"])
        self.web_port, self.s3_port = free_port(), free_port()
        self.s3_url = f"http://127.0.0.1:{self.s3_port}"
        self.url = f"http://127.0.0.1:{self.web_port}"
        self.mail_dir = tmp / "var" / "mail"
        self.procs: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}
        self.seed: dict = {}
        self.timings: dict[str, float] = {}  # seconds per setup step, printed by the test (-s) to see the cost
        self._db = None

    # -- environment ------------------------------------------------------------------------------------------
    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in DROPPED}
        env.update(
            PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", PYTHONPATH=str(ROOT),
            DJANGO_SETTINGS_MODULE="config.settings", DJANGO_ENV="production", DJANGO_DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0",
            DATABASE_URL=self.db_url, REDIS_URL=self.redis_url, PORTAL_VAR_DIR=str(self.tmp / "var"),
            STATIC_ROOT=str(self.tmp / "static"), PORTAL_BASE_URL=self.url,
            STORAGE_BACKEND="s3", AWS_S3_ENDPOINT_URL=self.s3_url, AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_ACCESS_KEY_ID="shape", AWS_SECRET_ACCESS_KEY="shape-secret", AWS_S3_REGION_NAME="us-east-1",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            PUBLICITY_CHECK_SECONDS="2", REQUEUE_CHECK_SECONDS="5", DUTIES_CHECK_SECONDS="3600",
            PYTHONUNBUFFERED="1",
        )
        return env

    # -- processes --------------------------------------------------------------------------------------------
    def start(self, name: str, *argv: str) -> None:
        log = self.tmp / f"{name}.log"
        self.logs[name] = log
        self.procs[name] = subprocess.Popen(argv, cwd=ROOT, env=self._env, stdout=log.open("wb"),
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def run(self, name: str, *argv: str, timeout: int = 120) -> str:
        """One step that must succeed (migrate, seed); its output is kept with the logs."""
        started = time.monotonic()
        result = subprocess.run(argv, cwd=ROOT, env=self._env, capture_output=True, text=True, timeout=timeout)
        self.timings[name] = round(time.monotonic() - started, 1)
        (self.tmp / f"{name}.log").write_text(result.stdout + result.stderr)
        self.logs[name] = self.tmp / f"{name}.log"
        if result.returncode != 0:
            raise ShapeFailed(f"{name} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result.stdout

    def manage(self, *args: str, timeout: int = 120) -> str:
        return self.run(args[0], sys.executable, "manage.py", *args, timeout=timeout)

    def report(self) -> str:
        """The tail of every process's log, for a failure message."""
        parts = []
        for name, log in self.logs.items():
            proc = self.procs.get(name)
            state = "" if proc is None else f" (exit {proc.poll()})" if proc.poll() is not None else " (running)"
            text = log.read_text(errors="replace") if log.exists() else ""
            parts.append(f"----- {name}{state} -----\n{text[-2500:]}")
        return "\n".join(parts)

    def wait(self, what: str, predicate, timeout: float = 30.0, every: float = 0.25):
        """Poll until predicate() gives a true value; fail with what was awaited and the processes' logs."""
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise ShapeFailed(f"{name} exited ({proc.returncode}) while waiting for {what}\n{self.report()}")
            try:
                value = predicate()
            except Exception as exc:  # not up yet (connection refused, ...): keep polling
                last_error, value = exc, None
            if value:
                return value
            time.sleep(every)
        raise ShapeFailed(f"timed out after {timeout:.0f} s waiting for {what} (last error: {last_error!r})\n"
                          f"{self.report()}")

    def up(self) -> None:
        admin(self.base_db, f'drop database if exists "{self.db_name}"')
        admin(self.base_db, f'create database "{self.db_name}"')
        self._env = self.env()
        (self.tmp / "var").mkdir(parents=True, exist_ok=True)
        redis.Redis.from_url(self.redis_url).flushdb()  # our own database: no queued message of an earlier run
        self.start("s3", str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port))
        self.wait("the S3 server", lambda: requests.get(self.s3_url, timeout=2).status_code < 500, 30)
        self.manage("migrate", "--noinput", timeout=240)
        self.manage("collectstatic", "--noinput")
        self.manage("ensure_bucket")
        self.manage("load_cities")
        self.seed = json.loads(self.run("seed", sys.executable, "-m", "tests.production.seed").strip().splitlines()[-1])
        self.start("web", str(BIN / "gunicorn"), "config.wsgi:application", "-c", "gunicorn.conf.py",
                   "--bind", f"127.0.0.1:{self.web_port}", "--workers", "2")
        self.start("worker", str(BIN / "celery"), "-A", "config", "worker", "-l", "info", "-c", "1",
                   "-Q", "notices,pdfs,deadlines,celery", "-n", f"shape{os.getpid()}@%h")
        self.start("beat", str(BIN / "celery"), "-A", "config", "beat", "-l", "info",
                   "-s", str(self.tmp / "var" / "celerybeat-schedule"))
        self.wait("gunicorn to answer", lambda: requests.get(self.url + "/health/", timeout=5).status_code, 60)

    def proxy(self) -> str:
        """nginx in front of gunicorn with deploy/nginx/portal-locations.conf (the caching rules production uses),
        everything it writes under the test's folder; its URL."""
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        folder = self.tmp / "nginx"
        for sub in ("cache", "body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        port = free_port()
        user = "user root;\n" if os.geteuid() == 0 else ""  # as root nginx would drop to nobody, locked out of tmp
        (folder / "nginx.conf").write_text(f"""{user}daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    proxy_cache_path {folder}/cache levels=1:2 keys_zone=portal:1m inactive=10m use_temp_path=off;
    map $scheme $portal_scheme {{ default https; }}  # the test's browsers stand behind a TLS terminator (Browser)
    upstream portal {{ server 127.0.0.1:{self.web_port}; keepalive 8; }}
    server {{
        listen 127.0.0.1:{port};
        include {ROOT}/deploy/nginx/portal-locations.conf;
    }}
}}
""")
        self.start("nginx", nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log"))
        url = f"http://127.0.0.1:{port}"
        self.wait("nginx to answer", lambda: requests.get(url + "/health/", timeout=5).status_code, 30)
        return url

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for proc in self.procs.values():
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(5)
        if self._db is not None:
            self._db.close()
        try:
            admin(self.base_db, f'drop database if exists "{self.db_name}" with (force)')
        except psycopg2.Error:
            pass

    # -- reading the shape's database (psycopg2, not the ORM) ----------------------------------------------------
    def one(self, sql: str, *params):
        if self._db is None:
            self._db = psycopg2.connect(self.db_url)
            self._db.autocommit = True
        with self._db.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchone()

    def mails(self) -> list[str]:
        if not self.mail_dir.exists():
            return []
        return [p.read_text(errors="replace") for p in sorted(self.mail_dir.iterdir())]


class Browser:
    """One person's browser over plain HTTP behind a TLS-terminating proxy: X-Forwarded-Proto https, and the
    Secure cookies kept by hand (a cookie jar would not send them over http://)."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}

    def _headers(self, extra=None) -> dict:
        headers = {"X-Forwarded-Proto": "https", "Referer": self.base.replace("http://", "https://") + "/",
                   "Origin": self.base.replace("http://", "https://")}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        url = path if path.startswith("http") else self.base + path
        response = requests.request(method, url, headers=self._headers(kwargs.pop("headers", None)),
                                    allow_redirects=False, timeout=30, **kwargs)
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def csrf(self, path: str) -> str:
        page = self.get(path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not found:
            raise ShapeFailed(f"no CSRF token on {path} ({page.status_code}): {page.text[:500]}")
        return found.group(1)

    def post(self, path: str, data: dict, *, form: str | None = None, **kwargs) -> requests.Response:
        token = self.csrf(form or path) if "csrftoken" not in self.cookies or form else self.cookies["csrftoken"]
        return self.request("POST", path, data={"csrfmiddlewaretoken": token, **data}, **kwargs)

    def log_in(self, username: str, password: str) -> None:
        response = self.post("/accounts/login/", {"username": username, "password": password},
                             form="/accounts/login/")
        if response.status_code != 302:
            raise ShapeFailed(f"login of {username} refused ({response.status_code}): {response.text[:800]}")
