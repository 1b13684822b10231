"""P3 — the ranking at 10,000 / at 1,000 applications, and the ranking page's size (bench/ranking.py).

Run:  .venv/bin/python bench/ranking.py            (own SQLite database in a temporary directory)
      DATABASE_URL=postgres://.../bench_ranking .venv/bin/python bench/ranking.py   (that database; everything
      the benchmark writes is rolled back at the end)

It seeds, with bulk_create, one cycle of Wuhan (GB/T 19580: 23 items, 1000 points) with 10,000 organisations'
applications at site review, each with 5 experts' submitted score sheets of 23 items, the document-review
consensus with its 23 items, and the hearing and site-review consensus totals (~1.4M rows). It then puts 1,000,
then all 10,000, at the ranking stage (a bulk status update: walking 10,000 applications one by one through
lifecycle.perform would take the benchmark's whole budget, and the board reads only the status and results) and
measures at each size:
- the pure ranking and quota selection (reviews.domain.ranking.scores.rank + quotas.select) on plain data:
  P3's first goal is the ratio 10,000 / 1,000 ≤ 11 (linear, or n log n); timed at the end, both sizes' inputs
  kept and run in rounds of 1,000, 10,000, 1,000 (a shared machine's speed changes over the minutes between the
  sizes), each round's ratio the large time / the mean of the two small ones, the median of those the figure;
  a plainly linear loop over as many items is timed the same way, to show what ratio the machine gives linear
  work;
- the board (reading the database + ranking + selection, reviews.domain.ranking.board.read);
- the office's ranking page (first page and page 2 of the rest) and the CSV export of the whole board, through
  the Django test Client: queries, time and size; P3's second goal is the page under 1 MB at 10,000.
It prints the table and writes its section of bench/results.md (bench.common.write_section("P3", ...)).
Not a test: pytest never collects it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import machine, table, verdict, write_section  # noqa: E402

SIZES = (1000, 10000)
EXPERTS = 5
RUNS = 5
PURE_ROUNDS = 41  # rank()+select(): rounds of small, large, small


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
from portal.office import ranking as ranking_page  # noqa: E402
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
    # No per-application object permissions (access.grant_review_access): the board and its page check the
    # cycle (ranking.read), and granting 10,000 applications one by one would take most of the run.
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

    board_ms = timed(lambda: board.read(cycle, board.FINAL))
    client = Client()
    client.force_login(office)
    url = f"/reviews/ranking/{cycle.pk}/"
    found = {"n": n, "pure_run": pure, "board": board_ms}
    for key, target in (("page", url), ("page2", f"{url}?p-ranking-mayor_org=2"), ("csv", f"{url}export.csv")):
        client.get(target)
        reset_queries()  # the log keeps at most 9,000 entries
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(target)
        assert response.status_code == 200, response.status_code
        found[key] = {"queries": len(ctx), "ms": timed(lambda t=target: client.get(t)),
                      "kb": len(response.content) / 1024}
    return found


def timed(func) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@dataclass(frozen=True, slots=True)
class _PlainRow:
    item: Decimal
    value: Decimal
    position: int


def plain_linear(items: list[Decimal]) -> list[_PlainRow]:
    """A plainly linear loop for comparison: one frozen row and one rounded Decimal product per item."""
    return [_PlainRow(d, (d * 3).quantize(Decimal("0.01")), i) for i, d in enumerate(items)]


def time_pure_side_by_side(rows: list[dict]) -> None:
    """rank()+select() at each size in PURE_ROUNDS rounds; a round runs the small size, the large size and the small
    size again, and its ratio is the large time / the mean of the two small times around it (a change in the
    machine's speed hits both sizes alike). Records per size the medians of wall-clock and CPU (process) time, and
    the median of the rounds' ratios; the same for a plainly linear loop over as many items (plain_linear), to show
    what ratio this machine gives linear work."""
    small, large = rows[0], rows[-1]
    plain = {r["n"]: [Decimal(i) / 7 for i in range(r["n"])] for r in rows}
    for r in rows:
        r["plain_run"] = lambda n=r["n"]: plain_linear(plain[n])
    for key in ("pure", "plain"):
        wall: dict[int, list[float]] = {r["n"]: [] for r in rows}
        cpu: dict[int, list[float]] = {r["n"]: [] for r in rows}
        ratios = []
        for r in rows:
            r[f"{key}_run"]()  # once, untimed
        for _ in range(PURE_ROUNDS):
            round_ = []
            for r in (small, large, small):
                start, start_cpu = time.perf_counter(), time.process_time()
                r[f"{key}_run"]()
                round_.append((time.perf_counter() - start) * 1000)
                wall[r["n"]].append(round_[-1])
                cpu[r["n"]].append((time.process_time() - start_cpu) * 1000)
            ratios.append(round_[1] / ((round_[0] + round_[2]) / 2))
        for r in rows:
            r[key], r[f"{key}_cpu"] = statistics.median(wall[r["n"]]), statistics.median(cpu[r["n"]])
            del r[f"{key}_run"]
        large[f"{key}_ratio"] = statistics.median(ratios)


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
            print(f"seeded {max(SIZES)} in {seed_s:.0f} s", flush=True)
            for n in SIZES:
                Application.objects.filter(pk__in=[a.pk for a in apps[:n]]).update(status="ranking")
                rows.append(measure(cycle, office, n))
                print(f"measured {n}", flush=True)
            time_pure_side_by_side(rows)
            raise Rollback
    except Rollback:
        pass
    section = report(rows, engine, seed_s)
    write_section("P3", section)
    print(section)


def report(rows: list[dict], engine: str, seed_s: float) -> str:
    small, large = rows[0], rows[-1]
    ratio = large["pure_ratio"]
    cpu_ratio = large["pure_cpu"] / small["pure_cpu"]
    plain_ratio = large["plain_ratio"]
    board_ratio = large["board"] / small["board"]
    same_queries = all(r[k]["queries"] == small[k]["queries"] for r in rows for k in ("page", "page2", "csv"))
    body = table(
        ["申报数", "rank()+select()", "board()", "排名页 page 1", "排名页 page 2", "CSV 全部名单"],
        [[f"{r['n']:,}", f"{r['pure']:.1f} ms ({r['pure_cpu']:.1f} ms CPU)", f"{r['board']:.0f} ms",
          *[f"{r[k]['ms']:.0f} ms · {r[k]['queries']} q · {r[k]['kb']:.0f} KB" for k in ("page", "page2", "csv")]]
         for r in rows],
    )
    return "\n".join([
        "## P3 — the ranking at 10,000 / at 1,000 applications; the ranking page's size (bench/ranking.py)",
        "",
        f"Database: {connection.vendor} ({engine}). Seeded {max(SIZES):,} applications (武汉市, 市长质量奖（组织）, "
        f"GB/T 19580) × {EXPERTS} experts × 23 items, document-review consensus with 23 items, hearing and "
        f"site-review totals, in {seed_s:.0f} s; {SIZES[0]:,} then all put at 综合评价 (bulk status update). "
        f"In-process Django test Client, DEBUG off, median of {RUNS} runs; rank()+select(): {PURE_ROUNDS} rounds "
        f"of {SIZES[0]:,}, {max(SIZES):,}, {SIZES[0]:,}, the times medians (wall clock; CPU time in brackets), the "
        f"ratio the median of the rounds' ratios ({max(SIZES):,} / the mean of the two {SIZES[0]:,} around it). "
        f"The page shows per group the proposal, "
        f"{ranking_page.BORDERLINE} borderline rows and {ranking_page.PAGE_SIZE} rows of the rest per page. "
        f"Machine: {machine()}.",
        "",
        body,
        "",
        f"- rank()+select() {max(SIZES):,} / {SIZES[0]:,}: **{ratio:.2f}** — {verdict(ratio, 11, at_least=False)}"
        f" (ratio of the CPU-time medians: {cpu_ratio:.2f}; board() incl. reading the database: {board_ratio:.2f})",
        f"- for comparison, a plainly linear loop over as many items (one frozen row and one rounded Decimal product "
        f"each, bench/ranking.py plain_linear) in the same kind of rounds: **{plain_ratio:.2f}** "
        f"({small['plain']:.2f} / {large['plain']:.2f} ms) — what this machine gives linear work",
        f"- ranking page at {max(SIZES):,}: **{large['page']['kb']:.0f} KB** — "
        f"{'达标 met' if large['page']['kb'] < 1024 else '未达标 NOT met'} (< 1 MB)",
        f"- query count constant (page, page 2, CSV): **{'yes' if same_queries else 'no'}**",
        "",
    ])


if __name__ == "__main__":
    main()
