"""P1: requests/s of the public pages an anonymous reader opens / a bare Django view, same server, same concurrency.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_public REDIS_URL=redis://127.0.0.1:6379/1 \\
      .venv/bin/python bench/public_pages.py
      (without DATABASE_URL: SQLite in a temporary directory; without REDIS_URL: the file cache under var/).

The PostgreSQL database named in DATABASE_URL is dropped and made again (it must be the benchmark's own), then
`manage.py migrate` and `manage.py setup_demo` seed the demo's five cities, publicities, winners and certificates;
the Redis database of REDIS_URL is flushed. One gunicorn (bench.common.Server, 2 workers) serves the six pages and
the bare view /bench/bare/; wrk with 16 connections measures each page right after a bare run, in rounds; the
ratio is the median of the rounds' ratios (the shared machine's load drifts between runs). The pages
are served by the page cache (portal/shared/page_cache.py) once the first request has stored them: that is what the
goal measures. A cold figure (the cache bypassed by a session-like cookie, so every request renders) is printed
beside it for comparison.
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOAL = 0.8
SECONDS = 3  # per wrk run
ROUNDS = 3
CONNECTIONS = 16

_folder = tempfile.mkdtemp(prefix="bench-public-")
atexit.register(shutil.rmtree, _folder, ignore_errors=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_folder}/bench.sqlite3")
os.environ["DJANGO_ENV"] = "embedded"  # local files and plain HTTP, whatever the database
os.environ["PORTAL_VAR_DIR"] = os.environ.get("PORTAL_VAR_DIR", str(ROOT / "var"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["OTP_ENFORCED"] = "0"


def fresh_database(url: str) -> None:
    """PostgreSQL: drop and create the benchmark's own database (never `test`); SQLite: nothing to do."""
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    name = parsed.path.lstrip("/")
    if name in {"", "test", "postgres"}:
        raise SystemExit(f"DATABASE_URL must name the benchmark's own database, not {name!r}")
    where = ["-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres"]
    subprocess.run(["dropdb", "--if-exists", *where, name], check=True)
    subprocess.run(["createdb", *where, name], check=True)


def seed() -> dict[str, str]:
    """The demo's data, and the six pages' paths."""
    import django

    django.setup()
    from django.core.management import call_command

    from awards.models import Publicity
    from cities.models import City
    from honours.models import Certificate

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("setup_demo", stdout=quiet)
    notice = Publicity.objects.order_by("-pk").first()
    certificate = Certificate.objects.order_by("pk").first()
    city = City.objects.order_by("code").first()
    if notice is None or certificate is None:
        raise SystemExit("setup_demo made no publicity or no certificate: nothing to measure")
    return {
        "home 首页": "/",
        "publicity list 公示列表": "/publicity/",
        "publicity detail 公示详情": f"/publicity/{notice.pk}/",
        "winners 获奖名单": "/winners/",
        "rules page 规则页": f"/cities/{city.code}/rules/",
        "certificate verification 证书核验": f"/verify/{certificate.code}/",
    }


def check(base: str, path: str) -> None:
    """Each page answers 200, sets no cookie and is then served from the page cache."""
    for _ in range(2):
        with urllib.request.urlopen(base + path, timeout=30) as response:
            assert response.status == 200, (path, response.status)
            assert response.headers.get("Set-Cookie") is None, (path, response.headers.get("Set-Cookie"))
            served = response.headers.get("X-Page-Cache")
    assert served == "hit", (path, served)


def rps(url: str, seconds: int, headers: dict | None = None) -> float:
    """wrk's requests/s. bench.common.wrk's parser can take a Stdev column ending in "50%" for the median's line
    (then it raises): run again, at most twice."""
    from bench.common import wrk

    for attempt in range(3):
        try:
            return wrk(url, CONNECTIONS, seconds, headers=headers).rps
        except AttributeError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def main() -> None:
    from bench.common import Server, flush_redis, machine, table, verdict, write_section

    fresh_database(os.environ["DATABASE_URL"])
    flush_redis(os.environ.get("REDIS_URL", ""))
    pages = seed()
    env = {key: os.environ[key] for key in ("DATABASE_URL", "DJANGO_ENV", "PORTAL_VAR_DIR") if key in os.environ}
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    load_before = machine()
    with Server(env) as server:
        for path in pages.values():
            check(server.base, path)
        cold = {"Cookie": "sessionid=none"}  # an unknown session: the cache is bypassed, the page renders
        bare_url = server.base + "/bench/bare/"
        ratios = {name: [] for name in pages}
        seen = {name: [] for name in pages}
        bares = []
        for _ in range(ROUNDS):  # each page beside a bare run just before it: the shared machine's load drifts
            for name, path in pages.items():
                bares.append(rps(bare_url, SECONDS))
                seen[name].append(rps(server.base + path, SECONDS))
                ratios[name].append(seen[name][-1] / bares[-1])
        cold_rps = {name: rps(server.base + path, 2, headers=cold) for name, path in pages.items()}
        cold_bare = rps(bare_url, 2)
    bare = statistics.median(bares)
    rows, verdicts = [], []
    for name, path in pages.items():
        ratio = statistics.median(ratios[name])
        verdicts.append(ratio >= GOAL)
        rows.append([name, f"`{path}`", f"{statistics.median(seen[name]):.0f}", f"{cold_rps[name]:.0f}",
                     f"{cold_rps[name] / cold_bare:.2f}", f"**{ratio:.2f}**", verdict(ratio, GOAL, True)])
    rows.append(["bare Django view", "`/bench/bare/`", f"{bare:.0f}", f"{cold_bare:.0f}", "1.00", "1.00", ""])
    database = "postgresql" if os.environ["DATABASE_URL"].startswith("postgres") else "sqlite"
    cache = "redis" if os.environ.get("REDIS_URL") else "file cache"
    markdown = "\n".join([
        "## P1 — public pages / a bare Django view, requests/s (bench/public_pages.py)",
        "",
        f"Database: {database}, cache: {cache}; data: `manage.py setup_demo`. gunicorn, 2 workers, one server for"
        f" all; wrk {CONNECTIONS} connections, {SECONDS} s per run; {ROUNDS} rounds, each page measured right after"
        " a run of the bare view; the ratio is the median of the rounds' ratios."
        " Cached: anonymous GETs served by the page cache (portal/shared/page_cache.py); cold: the same page with a"
        " session cookie, so it renders every time (one 2 s run each, for comparison only).",
        f"Machine before: {load_before}; after: {machine()}.",
        "",
        table(["页面 page", "path", "req/s cached", "req/s cold", "cold / bare", "cached / bare", "P1"], rows),
        "",
        f"- all six ≥ {GOAL}: **{'yes' if all(verdicts) else 'no'}**",
    ])
    print(markdown)
    write_section("P1", markdown)


if __name__ == "__main__":
    main()
