"""P5: the expert score sheet's autosave p95 under 50 concurrent experts / a bare POST's p95, same server.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_autosave REDIS_URL=redis://127.0.0.1:6379/6 \\
      .venv/bin/python bench/autosave.py
      (without DATABASE_URL: SQLite in a temporary directory; without REDIS_URL: the file cache under var/).
The PostgreSQL database named in DATABASE_URL is dropped and made again (it must be the benchmark's own); the
Redis database of REDIS_URL is flushed. Ordos' rules are loaded; ten panels of five experts (tests/builders,
the way the tests build them) are assigned to one application each and declare, so 50 experts each have an
open sheet. Each is signed in (a real session through the test client's force_login) with a CSRF cookie. One
gunicorn (bench.common.Server) serves both measures; 50 Python threads (http.client, keep-alive) each autosave
their own sheet's item with the value they loaded as base (so every save passes the race check) for SECONDS,
then the same threads POST /bench/bare-post/; interleaved rounds, p95 over all requests of a round, medians.
Queries per save: after the load run, one autosave through the test client in this process under
CaptureQueriesContext (the server's settings, same database and Redis), every statement counted.
Writes section P5 of bench/results.md. Not a test: pytest never collects it.
"""

from __future__ import annotations

import atexit
import http.client
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOAL = 3.0
MAX_QUERIES = 4
EXPERTS = 50
PANELS = 10  # of EXPERTS // PANELS experts each
SECONDS = 8  # per measure and round
ROUNDS = 3
ITEM = "4.2.2"
VALUES = ("45", "50")

_folder = tempfile.mkdtemp(prefix="bench-autosave-")
atexit.register(shutil.rmtree, _folder, ignore_errors=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_folder}/bench.sqlite3")
os.environ["DJANGO_ENV"] = "embedded"  # local files and plain HTTP, whatever the database
os.environ["PORTAL_VAR_DIR"] = os.environ.get("PORTAL_VAR_DIR", str(ROOT / "var"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def seed() -> list[dict]:
    """50 experts with an open sheet each: their assignment id, session cookie and CSRF secret."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from reviews.domain import scoring
    from tests.builders.review import Review

    call_command("migrate", verbosity=0)
    call_command("load_cities", verbosity=0)
    size = EXPERTS // PANELS
    first = Review("ordos", size=size, prefix="b0")
    reviews = [first, *(Review("ordos", size=size, prefix=f"b{n}", same_cycle_as=first) for n in range(1, PANELS))]
    experts = []
    for review in reviews:
        assignments = review.assign(review.application())
        review.declare_all(assignments)
        for a in assignments:
            a.refresh_from_db()
            scoring.sheet_for(a)
            client = Client()
            client.force_login(a.expert.user)
            experts.append({"pk": a.pk, "user": a.expert.user, "session": client.cookies["sessionid"].value,
                            "csrf": secrets.token_hex(16)})
    return experts


def queries_per_save(expert: dict) -> tuple[int, list[str]]:
    """Every statement of one autosave (the item row exists: the load run saved it), counted in this process after
    the load run: the Django test Client against the same database and Redis, with the server's settings
    (config.settings: sessions from the cache, two-step verification and the staff idle clock on), through the
    whole middleware stack, under CaptureQueriesContext (which records BEGIN/COMMIT/SAVEPOINT too, had there
    been any). The query log is emptied first (after the seeding it may be at its maximum length, where a
    capture sees nothing)."""
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reviews.models import ItemScore

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.cookies["sessionid"] = expert["session"]  # the session the load run used (in the cache)
    url = f"/reviews/tasks/{expert['pk']}/autosave/"
    stored = ItemScore.objects.filter(sheet__assignment_id=expert["pk"], item_code=ITEM).values_list(
        "percent", flat=True).first()
    base = "" if stored is None else str(stored)
    new = VALUES[1] if base == VALUES[0] else VALUES[0]
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        answer = client.post(url, {"code": ITEM, f"pct-{ITEM}": new, f"base-pct-{ITEM}": base},
                             HTTP_X_CSRFTOKEN=expert["csrf"])
    # read before any other request: each request starts by emptying the query log (request_started →
    # reset_queries), and captured_queries is a slice of it (the fault of the earlier count, which read 0)
    statements = [query["sql"] for query in ctx.captured_queries]
    assert answer.status_code == 200, answer.content[:300]
    client.post(url, {"code": ITEM, f"pct-{ITEM}": base, f"base-pct-{ITEM}": new})  # back as it was
    for sql in statements:
        print("  ", sql[:150])
    return len(statements), statements


class Expert(threading.Thread):
    """One expert's browser tab: a keep-alive connection posting either autosaves or bare POSTs until told."""

    def __init__(self, port: int, expert: dict):
        super().__init__(daemon=True)
        self.port, self.expert = port, expert
        self.stored = ""  # a fresh sheet; the first 409 (if any) says what is stored
        self.mode = None
        self.latencies: list[float] = []
        self.errors = 0
        self.go = threading.Event()
        self.done = threading.Event()
        self.until = 0.0

    def _headers(self) -> dict:
        cookie = f"sessionid={self.expert['session']}; csrftoken={self.expert['csrf']}"
        return {"Cookie": cookie, "X-CSRFToken": self.expert["csrf"],
                "Content-Type": "application/x-www-form-urlencoded", "Connection": "keep-alive"}

    def _request(self, conn) -> None:
        if self.mode == "autosave":
            new = VALUES[1] if self.stored == VALUES[0] else VALUES[0]
            body = urlencode({"code": ITEM, f"pct-{ITEM}": new, f"base-pct-{ITEM}": self.stored})
            path = f"/reviews/tasks/{self.expert['pk']}/autosave/"
        else:
            new, body, path = self.stored, "x=1", "/bench/bare-post/"
        start = time.perf_counter()
        conn.request("POST", path, body=body, headers=self._headers())
        response = conn.getresponse()
        data = response.read()
        self.latencies.append(time.perf_counter() - start)
        if response.status == 200:
            self.stored = new
        else:
            self.errors += 1
            if response.status == 409:  # not the value this thread thinks: take the stored one, as the page does
                self.stored = json.loads(data).get("stored", {}).get(f"pct-{ITEM}", "")

    def run(self) -> None:
        while True:
            self.go.wait()
            self.go.clear()
            if self.mode is None:
                return
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            while time.monotonic() < self.until:
                try:
                    self._request(conn)
                except (OSError, http.client.HTTPException):
                    self.errors += 1
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            conn.close()
            self.done.set()


def measure(threads: list[Expert], mode: str, results: dict) -> float:
    """All threads in `mode` for SECONDS; the p95 in ms of every request they made."""
    until = time.monotonic() + SECONDS
    for t in threads:
        t.mode, t.until, t.latencies, t.errors = mode, until, [], 0
        t.done.clear()
        t.go.set()
    for t in threads:
        t.done.wait()
    latencies = sorted(x for t in threads for x in t.latencies)
    results.setdefault(mode, []).append({"n": len(latencies), "errors": sum(t.errors for t in threads),
                                         "p50": statistics.median(latencies) * 1000})
    return statistics.quantiles(latencies, n=20)[18] * 1000


def _queries_line(queries: int, statements: list[str]) -> str:
    if queries == 0:  # the capture saw nothing: not a real zero
        return f"- queries per save: **not measured** (the capture came back empty; goal ≤ {MAX_QUERIES})"
    met = "达标 met" if queries <= MAX_QUERIES else "未达标 NOT met"
    control = sum(1 for sql in statements if sql.upper().startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")))
    kinds = ", ".join(_kind(sql) for sql in statements)
    return (f"- queries per save: **{queries}** — {met} (≤ {MAX_QUERIES}); every statement of one autosave request "
            f"(middleware included) as CaptureQueriesContext records it on {_vendor()}, the server's settings "
            f"(sessions from Redis: cached_db), in-process after the load run; BEGIN/COMMIT count and there are "
            f"{control}: {kinds}")


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _kind(sql: str) -> str:
    """'SELECT auth_user', 'INSERT … ON CONFLICT', 'UPDATE reviews_itemscore', 'BEGIN'…: what a statement is."""
    import re

    words = sql.split()
    head = words[0].upper() if words else "?"
    if head != "SELECT":
        table = re.search(r'(?:INTO|UPDATE)\s+"?(\w+)"?', sql)
        return f"{head} {table.group(1)}" if table else head
    while "(" in sql:
        sql = re.sub(r"\([^()]*\)", "", sql)
    table = re.search(r'FROM\s+"?(\w+)"?', sql)
    return f"SELECT {table.group(1)}" if table else "SELECT"


def main() -> None:
    from bench.common import Server, flush_redis, interleaved, machine, table, verdict, write_section
    from bench.public_pages import fresh_database

    fresh_database(os.environ["DATABASE_URL"])
    flush_redis(os.environ.get("REDIS_URL", ""))
    experts = seed()
    env = {key: os.environ[key] for key in ("DATABASE_URL", "DJANGO_ENV", "PORTAL_VAR_DIR", "REDIS_URL")
           if key in os.environ}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    load_before = machine()
    workers, threads_per = 2, 8
    extra: dict = {}
    with Server(env, workers=workers, threads=threads_per) as server:
        clients = [Expert(server.port, e) for e in experts]
        for t in clients:
            t.start()
        p95 = interleaved({"autosave": lambda: measure(clients, "autosave", extra),
                           "bare": lambda: measure(clients, "bare-post", extra)}, rounds=ROUNDS)
        for t in clients:
            t.mode = None
            t.go.set()
    queries, statements = queries_per_save(experts[0])
    ratio = p95["autosave"] / p95["bare"]
    errors = {mode: sum(r["errors"] for r in rounds) for mode, rounds in extra.items()}
    counts = {mode: sum(r["n"] for r in rounds) for mode, rounds in extra.items()}
    rows = [["autosave 自动保存", f"{p95['autosave']:.1f}", counts["autosave"], errors["autosave"]],
            ["bare POST", f"{p95['bare']:.1f}", counts["bare-post"], errors["bare-post"]]]
    markdown = "\n".join([
        "## P5 — expert sheet autosave under 50 concurrent experts / bare POST",
        "",
        f"Command: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_autosave "
        f"REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/autosave.py`; gunicorn {workers} workers × "
        f"{threads_per} threads, {EXPERTS} client threads (keep-alive), {SECONDS} s per measure, {ROUNDS} "
        f"interleaved rounds, medians of the rounds' p95.",
        "",
        table(["measure", "p95 ms", "requests", "non-200"], rows),
        "",
        f"- ratio autosave p95 / bare POST p95: **{ratio:.2f}** — {verdict(ratio, GOAL, at_least=False)}",
        _queries_line(queries, statements),
        f"- machine before: {load_before}; after: {machine()}",
    ])
    print(markdown)
    write_section("P5", markdown)


if __name__ == "__main__":
    main()
