"""Benchmark of the ranking: 1,000 applications × 5 experts × 23 GB/T 19580 items.

Run:  .venv/bin/python bench/ranking.py            (own SQLite database in a temporary directory)
      DATABASE_URL=postgres://... .venv/bin/python bench/ranking.py   (that database; everything the
      benchmark writes is rolled back at the end)

It seeds, with bulk_create, one cycle of Wuhan (GB/T 19580: 23 items, 1000 points) with 1,000 organisations'
applications at site review, each with 5 experts' submitted score sheets of 23 items, the document-review
consensus with its 23 items, and the hearing and site-review consensus totals. It then measures, at 100 and
at 1,000 applications in the ranking stage (passed there by the office, demo.walk.walk_to):
- the pure ranking and quota selection (reviews.domain.ranking.scores.rank + quotas.select) on plain data;
- the board (reading the database + ranking + selection, reviews.domain.ranking.board.read);
- the office's ranking page through the Django test Client: number of queries and time.
It prints a table and writes bench/results.md. Not a test: pytest never collects it.
"""

from __future__ import annotations

import atexit
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZES = (100, 1000)
EXPERTS = 5
RUNS = 5


# Django is set up when the script loads, before the project's modules are imported (hence the E402s below).
if "DATABASE_URL" not in os.environ:
    _folder = tempfile.mkdtemp(prefix="bench-ranking-")
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{_folder}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from awards.credit_code import make_credit_code  # noqa: E402
from awards.domain import access  # noqa: E402
from awards.domain.cycles import Confirmation, open_cycle  # noqa: E402
from awards.models import Application, Organisation  # noqa: E402
from cities.models import City  # noqa: E402
from cities.schema import Role  # noqa: E402
from demo.walk import Cast, walk_to  # noqa: E402
from reviews.domain import schemes  # noqa: E402
from reviews.domain.ranking import board, quotas, scores  # noqa: E402
from reviews.models import (  # noqa: E402
    Assignment,
    Consensus,
    ConsensusItem,
    Expert,
    ItemScore,
    Panel,
    PanelMember,
    ScoreSheet,
)


def setup_django() -> str:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False  # as in production: no query log, no debug templates
    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


class Rollback(Exception):
    pass


def seed(total: int):
    call_command("load_cities", verbosity=0)
    city = City.objects.get(code="wuhan")
    today = timezone.localdate()
    office = User.objects.create(username="bench-office", first_name="评审办")
    office.groups.add(access.city_group(city, Role.OFFICE))
    cycle = open_cycle(city, year=2090, call_published_on=today,
                       confirmation=Confirmation(actor=office, reason="基准测试：按征求意见稿开展评定"))
    sheet = schemes.load("gbt19580")
    hearing = schemes.load("hearing")
    items = sheet.items
    assert len(items) == 23

    experts = []
    for i in range(EXPERTS):
        user = User.objects.create(username=f"bench-expert-{i}")
        experts.append(Expert.objects.create(user=user, city=city, name=f"专家{i}", field="质量管理",
                                             industry="制造业", sector="secondary", is_industry_expert=True))
    panels = {stage: Panel.objects.create(cycle=cycle, stage=stage, name=f"基准{stage}")
              for stage in ("document_review", "hearing", "site_review")}
    PanelMember.objects.bulk_create(PanelMember(panel=panels["document_review"], expert=e, is_leader=i == 0)
                                    for i, e in enumerate(experts))

    groups = Group.objects.bulk_create(Group(name=f"bench-org-{n}") for n in range(total))
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"基准制造有限公司{n}号", credit_code=make_credit_code(900000 + n), city=city,
                     founded_on=today - timedelta(days=3650), is_sme=n % 4 == 0, industry="制造业", group=g)
        for n, g in enumerate(groups)
    )
    now = timezone.now()
    apps = Application.objects.bulk_create(
        Application(reference=f"BENCH-{n:05d}", cycle=cycle, award_kind="mayor_org", applicant_kind="organisation",
                    organisation=o, status="site_review", submitted_at=now - timedelta(minutes=n % 97),
                    form_data={})
        for n, o in enumerate(orgs)
    )
    for application in apps:  # what submitting grants: the recommender's and the city's roles' access
        access.grant_review_access(application)
    assignments = Assignment.objects.bulk_create(
        Assignment(panel=panels["document_review"], application=a, expert=e, state=Assignment.State.ACTIVE)
        for a in apps for e in experts
    )
    sheets = ScoreSheet.objects.bulk_create(
        ScoreSheet(assignment=x, scheme="gbt19580", submitted_at=now) for x in assignments
    )

    def percent(n: int, k: int, shift: int = 0) -> int:
        return 30 + ((n * 7 + k * 13 + shift * 5) % 14) * 5  # 30 %…95 % in steps of 5

    ItemScore.objects.bulk_create(
        (ItemScore(sheet=s, item_code=item.code, percent=percent(s.pk, k), points=sheet.points_for(item.code,
                                                                                                percent(s.pk, k)),
                   strengths="方法系统", opportunities="展开不足")
         for s in sheets for k, item in enumerate(items)),
        batch_size=5000,
    )
    consensus = Consensus.objects.bulk_create(
        Consensus(panel=panels["document_review"], application=a, stage="document_review", scheme="gbt19580",
                  total=sum((sheet.points_for(item.code, percent(a.pk, k, 1)) for k, item in enumerate(items)),
                            Decimal("0.00")),
                  recorded_by=office)
        for a in apps
    )
    ConsensusItem.objects.bulk_create(
        (ConsensusItem(consensus=c, item_code=item.code, percent=percent(c.application_id, k, 1),
                       points=sheet.points_for(item.code, percent(c.application_id, k, 1)),
                       strengths="领导重视", opportunities="需加强测量分析")
         for c in consensus for k, item in enumerate(items)),
        batch_size=5000,
    )
    Consensus.objects.bulk_create(
        Consensus(panel=panels[stage], application=a, stage=stage, scheme=key,
                  total=Decimal(total_of(a.pk, stage, full)), recorded_by=office)
        for a in apps for stage, key, full in (("hearing", "hearing", hearing.total_points),
                                               ("site_review", "gbt19580", sheet.total_points))
    )
    return cycle, office, apps


def total_of(pk: int, stage: str, full: int) -> str:
    share = 50 + (pk * (3 if stage == "hearing" else 11)) % 45
    return str(Decimal(full * share) / 100)


def measure(cycle, office, n: int) -> dict:
    candidates, _ = board.load_candidates(cycle, "ranking")
    assert len(candidates) == n
    methods = board.methods_for(cycle, board.FINAL)
    seats = board.seats_for(cycle)["mayor_org"]

    def pure():
        ranked = scores.rank(candidates, methods)
        return quotas.select(ranked["mayor_org"], seats, {"mayor_org": methods["mayor_org"].threshold}, True)

    pure_ms = timed(pure)
    board_ms = timed(lambda: board.read(cycle, board.FINAL))
    client = Client()
    client.force_login(office)
    url = f"/reviews/ranking/{cycle.pk}/"
    client.get(url)
    reset_queries()  # the log keeps at most 9,000 entries
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    queries = len(ctx)  # now: the log is reset by the next request
    page_ms = timed(lambda: client.get(url))
    return {"n": n, "pure": pure_ms, "board": board_ms, "queries": queries, "page": page_ms,
            "kb": len(response.content) / 1024}


def timed(func) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


HEADER = """# Ranking benchmark (bench/ranking.py)

The office's ranking page lists every application at the ranking stage of one cycle. The query count does not
grow with the number of applications. Run `.venv/bin/python bench/ranking.py` (SQLite in a temporary directory)
or with `DATABASE_URL=...` (that database; what the benchmark writes is rolled back). Each run replaces the
section of its database.
"""


def write_results(path: Path, name: str, section: str) -> str:
    """Keep the other databases' sections; replace this one's."""
    sections = {}
    if path.exists():
        for chunk in path.read_text(encoding="utf-8").split("\n## ")[1:]:
            title = chunk.split("\n", 1)[0].strip()
            sections[title] = "## " + chunk.strip() + "\n"
    sections[name] = section
    text = HEADER + "\n" + "\n".join(sections[k] for k in sorted(sections))
    path.write_text(text, encoding="utf-8")
    return text


def main():
    engine = setup_django()
    call_command("migrate", verbosity=0)  # a fresh database needs the tables; an up-to-date one is left alone
    rows = []
    seed_s = 0.0
    try:
        with transaction.atomic():
            start = time.perf_counter()
            cycle, office, apps = seed(max(SIZES))
            seed_s = time.perf_counter() - start
            for n in SIZES:
                for application in apps[:n]:  # from site review on, as the office passes it
                    if application.status != "ranking":
                        walk_to(application, "ranking", cast=Cast(office=office))
                rows.append(measure(cycle, office, n))
            raise Rollback
    except Rollback:
        pass
    table = [
        "| 申报数 | 纯排序与名额选择 rank()+select() | 读库+排序 board() | 排名页查询数 | 排名页耗时 | 页面大小 |",
        "|---:|---:|---:|---:|---:|---:|",
        *[f"| {r['n']} | {r['pure']:.1f} ms | {r['board']:.1f} ms | {r['queries']} | {r['page']:.0f} ms | "
          f"{r['kb']:.0f} KB |" for r in rows],
    ]
    where = f"{connection.vendor} ({engine}), Python {platform.python_version()}, {platform.machine()}, " \
            f"{os.cpu_count()} CPU"
    section = "\n".join([
        f"## {connection.display_name}",
        "",
        f"Seeded: {max(SIZES)} applications (武汉市, 市长质量奖（组织）, GB/T 19580) × {EXPERTS} experts × 23 items "
        f"(score sheets), document-review consensus with 23 items, hearing and site-review totals; "
        f"seeding took {seed_s:.1f} s. Median of {RUNS} runs. {where}; {date.today():%Y-%m-%d}.",
        "",
        *table,
        "",
    ])
    text = write_results(ROOT / "bench" / "results.md", connection.display_name, section)
    print(text)


if __name__ == "__main__":
    main()
