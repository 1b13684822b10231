"""P2: the office's queue page at 10,000 applications against the same page at 100, and against a template page
of the same number of rows with no queries (/bench/template/?rows=50, portal/bench_views.py).

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_office REDIS_URL=redis://127.0.0.1:6379/2 \
      .venv/bin/python bench/office_queue.py
      (a PostgreSQL DATABASE_URL names where a scratch database of this run's own is created, seeded with
      committed rows and dropped at the end: bench/common.py scratch_database; otherwise SQLite in a temporary
      directory. REDIS_URL: the shared cache and the sessions as deployed, config/settings.py: Redis and
      cached_db; its database is flushed. Without it: the test settings' in-process cache, sessions in the
      database).

Two copies of one city's rule file (bench/seeding.py: Ordos, 资格审查) are loaded as two cities, one seeded with
100 applications at eligibility, the other with 10,000, each with its own office user; both queue pages show one
page of PAGE_SIZE rows. Measured in-process through the Django test Client (DEBUG off), interleaved rounds; the
query count of each page; the office home too (its to-do list and stage counts). The queue page's body is kept in
the office's cache until the data changes (portal/office/data_cache.py): the goal's figure is the page as office
staff reload it; beside it, the page built anew after a change (the cache's version bumped before each GET), and
its queries. Writes section P2 of bench/results.md. Not a test: pytest never collects it.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import scratch_database  # noqa: E402

SMALL, LARGE = 100, 10_000
RUNS = 15  # GETs per round
ROUNDS = 3

_folder = tempfile.mkdtemp(prefix="bench-office-")
atexit.register(shutil.rmtree, _folder, ignore_errors=True)
os.environ["CITY_RULES_DIR"] = f"{_folder}/rules"
os.environ["PORTAL_BENCH"] = "1"  # /bench/template/ in this process
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
scratch_database(_folder)
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from awards.domain import queues  # noqa: E402
from bench.common import flush_redis, interleaved, machine, table, verdict, write_section  # noqa: E402
from bench.seeding import STAGE, analyze, copy_rule_files, office_user, queries_of, seed_city, signed_in, timer  # noqa: E402
from cities.models import City, parse_count  # noqa: E402
from config import settings as deployed  # noqa: E402
from portal.office import data_cache  # noqa: E402
from portal.shared.pages import PAGE_SIZE  # noqa: E402


def seed():
    copy_rule_files(Path(settings.CITY_RULES_DIR), [("benchsmall", "小城市"), ("benchlarge", "大城市")])
    call_command("load_cities", verbosity=0)
    small, large = City.objects.get(code="benchsmall"), City.objects.get(code="benchlarge")
    users = {}
    for city, count, serial in ((small, SMALL, 0), (large, LARGE, SMALL)):
        users[count] = office_user(city, f"bench-office-{city.code}")
        seed_city(city, users[count], count, serial)
    analyze()
    return {SMALL: small, LARGE: large}, users


def plan(city) -> str:
    """The indexes the queue's page query uses at 10,000 rows (EXPLAIN; PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return "(EXPLAIN read on PostgreSQL only)"
    query = queues.queue(city, STAGE, queues.Filters(), timezone.localdate())[:PAGE_SIZE]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
    used = sorted(set(re.findall(r"Index (?:Only )?Scan using (\w+) on awards_application", "\n".join(lines))))
    took = next((line.split(":")[1].strip() for line in lines if line.startswith("Execution Time")), "?")
    return f"indexes on awards_application: {', '.join(used) or 'none (sequential scan)'}; execution {took}"


def as_deployed() -> str:
    """With REDIS_URL: the shared cache and the sessions as config/settings.py deploys them (Redis, cached_db)."""
    if not os.environ.get("REDIS_URL"):
        return "in-process cache (test settings), sessions in the database"
    flush_redis(os.environ["REDIS_URL"])
    override_settings(CACHES=deployed.CACHES, SESSION_ENGINE=deployed.SESSION_ENGINE).enable()
    return "Redis cache and cached_db sessions, as deployed"


class AfterAChange:
    """A client whose every GET follows a change (the office cache's version bumped first): the page built anew."""

    def __init__(self, client):
        self.client = client

    def get(self, url, *args, **kwargs):
        data_cache.bump()
        return self.client.get(url, *args, **kwargs)


def run() -> dict:
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    found = {"cache": as_deployed()}
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    cities, users = seed()
    found["seed_s"] = time.perf_counter() - start
    clients = {n: signed_in(users[n]) for n in cities}
    anonymous = signed_in(None)
    urls = {n: f"/office/{cities[n].code}/queue/eligibility/" for n in cities}
    template = f"/bench/template/?rows={PAGE_SIZE}"
    found["plan"] = plan(cities[LARGE])
    found["queries"] = {n: queries_of(clients[n], urls[n]) for n in cities}
    found["built_queries"] = {n: queries_of(AfterAChange(clients[n]), urls[n]) for n in cities}
    found["home_queries"] = {n: queries_of(clients[n], "/office/") for n in cities}
    found["template_queries"] = queries_of(anonymous, template)
    # the same page size in bytes as well as in rows: the template's rows scaled to the queue page's bytes
    found["bytes_rows"] = PAGE_SIZE * found["queries"][LARGE][1] // found["template_queries"][1]
    same_bytes = f"/bench/template/?rows={found['bytes_rows']}"
    found["bytes_queries"] = queries_of(anonymous, same_bytes)
    parses = parse_count()
    found["ms"] = interleaved({
        "template": timer(anonymous, template, RUNS),
        "template bytes": timer(anonymous, same_bytes, RUNS),
        **{f"queue {n}": timer(clients[n], urls[n], RUNS) for n in cities},
        **{f"built {n}": timer(AfterAChange(clients[n]), urls[n], RUNS) for n in cities},
        **{f"home {n}": timer(clients[n], "/office/", RUNS) for n in cities},
    }, rounds=ROUNDS)
    found["parses"] = parse_count() - parses
    return found


def report(found: dict) -> str:
    ms, q, b = found["ms"], found["queries"], found["built_queries"]
    by_size = ms[f"queue {LARGE}"] / ms[f"queue {SMALL}"]
    by_template = ms[f"queue {LARGE}"] / ms["template"]
    by_bytes = ms[f"queue {LARGE}"] / ms["template bytes"]
    built_by_size = ms[f"built {LARGE}"] / ms[f"built {SMALL}"]
    built_by_bytes = ms[f"built {LARGE}"] / ms["template bytes"]

    def line(label, key, queries):
        return [label, f"{ms[key]:.1f} ms", queries[0], f"{queries[1] // 1024} KB"]

    rows = [
        line(f"办公室队列页 queue, {SMALL} 件", f"queue {SMALL}", q[SMALL]),
        line(f"办公室队列页 queue, {LARGE:,} 件", f"queue {LARGE}", q[LARGE]),
        line(f"队列页变更后重建 queue built after a change, {SMALL} 件", f"built {SMALL}", b[SMALL]),
        line(f"队列页变更后重建 queue built after a change, {LARGE:,} 件", f"built {LARGE}", b[LARGE]),
        line(f"模板页 template, {PAGE_SIZE} 行, 无查询", "template", found["template_queries"]),
        line(f"模板页 template, {found['bytes_rows']} 行 (same bytes), 无查询", "template bytes",
             found["bytes_queries"]),
        line(f"办公室首页 home, {SMALL} 件", f"home {SMALL}", found["home_queries"][SMALL]),
        line(f"办公室首页 home, {LARGE:,} 件", f"home {LARGE}", found["home_queries"][LARGE]),
    ]
    constant = (q[SMALL][0] == q[LARGE][0] and b[SMALL][0] == b[LARGE][0]
                and found["home_queries"][SMALL][0] == found["home_queries"][LARGE][0])
    return "\n".join([
        "## P2 — office queue page at 10,000 / at 100 applications (bench/office_queue.py)",
        "",
        f"Database: {connection.vendor} (a scratch database of this run, rows committed); {found['cache']}. "
        f"Seeded {SMALL} + {LARGE:,} applications at 资格审查 in two copies of one "
        f"city's rule file in {found['seed_s']:.1f} s; in-process Django test Client, DEBUG off, median of {RUNS} "
        f"GETs per round, {ROUNDS} interleaved rounds. Rule sets validated during the timed runs: "
        f"{found['parses']}. Machine: {machine()}.",
        "",
        "The queue page's body is kept in the office's cache until any of the portal's rows changes "
        "(portal/office/data_cache.py); the first two lines are the page as staff reload it, the next two the "
        "page built anew after a change (the cache's version bumped before each GET).",
        "",
        f"Queue query at {LARGE:,} rows (EXPLAIN ANALYZE): {found['plan']}.",
        "",
        table(["页面 page", "耗时 median", "查询数 queries", "大小 size"], rows),
        "",
        f"- 10,000 / 100: **{by_size:.2f}** — {verdict(by_size, 1.3, at_least=False)}",
        f"- 10,000 / template page of the same bytes ({found['bytes_rows']} rows): **{by_bytes:.2f}** — "
        f"{verdict(by_bytes, 2, at_least=False)}",
        f"- query count constant (queue kept and built, home): **{'yes' if constant else 'NO'}**",
        f"- beside the goal: built after a change, 10,000 / 100 **{built_by_size:.2f}**, / the same bytes' "
        f"template page **{built_by_bytes:.2f}**; kept, / the template page of {PAGE_SIZE} short rows "
        f"({found['template_queries'][1] // 1024} KB) **{by_template:.2f}**",
    ])


def main():
    section = write_section("P2", report(run()))
    print(section)


if __name__ == "__main__":
    main()
