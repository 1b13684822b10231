"""P6: one province, 100 cities × 100 applications: the public and the office pages of city 1 and of city 100 take
the same time and the same number of queries (nothing is read per city that the page does not show).

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_office .venv/bin/python bench/province.py
      (a PostgreSQL DATABASE_URL names where a scratch database of this run's own is created, seeded with
      committed rows and dropped at the end: bench/common.py scratch_database; otherwise SQLite in a temporary
      directory).

It writes 100 copies of one city's rule file (bench/seeding.py: Ordos) under new codes and names into a temporary
CITY_RULES_DIR, loads them (load_cities), seeds 100 applications at 资格审查 in each city with its own office user,
then measures in-process (Django test Client, DEBUG off, interleaved rounds) for city 1 and city 100: the public
home, publicity list, winners and rules page (as they are), and the office's queue and home. Writes section P6 of
bench/results.md. Not a test: pytest never collects it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import scratch_database  # noqa: E402

CITIES, PER_CITY = 100, 100
RUNS = 7  # GETs per round
ROUNDS = 3
SAME_TIME = 1.2  # city 100 / city 1 at most this (the noise of a shared machine), and the same queries

_folder = tempfile.mkdtemp(prefix="bench-province-")
atexit.register(shutil.rmtree, _folder, ignore_errors=True)
os.environ["CITY_RULES_DIR"] = f"{_folder}/rules"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
scratch_database(_folder)
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.common import interleaved, machine, table, verdict, write_section  # noqa: E402
from bench.seeding import analyze, copy_rule_files, office_user, queries_of, seed_city, signed_in, timer  # noqa: E402
from cities.models import City, parse_count  # noqa: E402


def code(n: int) -> str:
    return f"city{n:03d}"


def pages(city: str) -> dict[str, tuple[str, bool]]:
    """name -> (url, signed in as the city's office)."""
    return {
        "public home": ("/", False),
        "publicity list": (f"/publicity/?city={city}", False),
        "winners": (f"/winners/?city={city}", False),
        "rules page": (f"/cities/{city}/rules/", False),
        "office queue": (f"/office/{city}/queue/eligibility/", True),
        "office home": ("/office/", True),
    }


def seed() -> dict[int, object]:
    copy_rule_files(Path(settings.CITY_RULES_DIR), [(code(n), f"基准{n}市") for n in range(1, CITIES + 1)])
    call_command("load_cities", verbosity=0, stdout=open(os.devnull, "w"))
    users = {}
    for n in range(1, CITIES + 1):
        city = City.objects.get(code=code(n))
        users[n] = office_user(city, f"bench-office-{code(n)}")
        seed_city(city, users[n], PER_CITY, (n - 1) * PER_CITY)
    analyze()
    return users


def run() -> dict:
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    found = {}
    start = time.perf_counter()
    users = seed()
    found["seed_s"] = time.perf_counter() - start
    ends = (1, CITIES)
    clients = {n: {True: signed_in(users[n]), False: signed_in(None)} for n in ends}
    found["queries"] = {(name, n): queries_of(clients[n][office], url)
                        for n in ends for name, (url, office) in pages(code(n)).items()}
    parses = parse_count()
    found["ms"] = interleaved({f"{name}|{n}": timer(clients[n][office], url, RUNS)
                               for name in pages(code(1)) for n in ends
                               for url, office in [pages(code(n))[name]]}, rounds=ROUNDS)
    found["parses"] = parse_count() - parses
    return found


def report(found: dict) -> str:
    ms, q = found["ms"], found["queries"]
    rows, worst, same_queries = [], 0.0, True
    for name in pages(code(1)):
        first, last = ms[f"{name}|1"], ms[f"{name}|{CITIES}"]
        ratio = last / first
        worst = max(worst, ratio)
        same_queries &= q[(name, 1)][0] == q[(name, CITIES)][0]
        rows.append([name, f"{first:.1f} ms", f"{last:.1f} ms", f"{ratio:.2f}", q[(name, 1)][0],
                     q[(name, CITIES)][0]])
    return "\n".join([
        "## P6 — one province: 100 cities × 100 applications, city 1 against city 100 (bench/province.py)",
        "",
        f"Database: {connection.vendor} (a scratch database of this run, rows committed). {CITIES} copies of "
        f"one city's rule file loaded and {CITIES * PER_CITY:,} "
        f"applications at 资格审查 seeded in {found['seed_s']:.1f} s; in-process Django test Client, DEBUG off, "
        f"median of {RUNS} GETs per round, {ROUNDS} interleaved rounds; public pages anonymous, office pages as the "
        f"city's office. Rule sets validated during the timed runs: {found['parses']}. Machine: {machine()}.",
        "",
        table(["页面 page", "city 1", f"city {CITIES}", "ratio", "queries 1", f"queries {CITIES}"], rows),
        "",
        f"- worst time ratio city {CITIES} / city 1: **{worst:.2f}** — {verdict(worst, SAME_TIME, at_least=False)}",
        f"- same query count on every page: **{'yes' if same_queries else 'NO'}**",
    ])


def main():
    section = write_section("P6", report(run()))
    print(section)


if __name__ == "__main__":
    main()
