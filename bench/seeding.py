"""What bench/office_queue.py (P2) and bench/province.py (P6) share: copies of a city's rule file under new codes,
applications seeded with bulk_create at an office stage, and one page measured in-process (time, queries, size).

Imported after django.setup() by those scripts; not a test, pytest never collects bench/.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards.credit_code import make_credit_code
from awards.domain import access
from awards.domain.cycles import Confirmation, open_cycle
from awards.models import Application, Organisation
from cities.models import City
from cities.schema import Role

SOURCE_CITY = "ordos"  # its first office stage is 资格审查 (eligibility), 10 working days (第十六条)
STAGE = "eligibility"


def copy_rule_files(directory: Path, codes: list[tuple[str, str]], source: str = SOURCE_CITY) -> None:
    """Write one copy of the source city's rule file per (code, name) into `directory` (a CITY_RULES_DIR)."""
    data = yaml.safe_load((Path(settings.BASE_DIR) / "cities" / "rules" / f"{source}.yaml").read_text("utf-8"))
    directory.mkdir(parents=True, exist_ok=True)
    for code, name in codes:
        copy = {**data, "code": code, "name": name}
        (directory / f"{code}.yaml").write_text(yaml.safe_dump(copy, allow_unicode=True, sort_keys=False), "utf-8")


def office_user(city: City, username: str) -> User:
    user = User.objects.create(username=username, first_name="评审办")
    user.groups.add(access.city_group(city, Role.OFFICE))
    return user


def seed_city(city: City, office: User, count: int, serial_from: int, year: int = 2090):
    """An open cycle of the city and `count` organisations' applications at the office's first stage, deadlines
    spread over 30 days (some past): bulk_create, a few queries per thousand rows."""
    today = timezone.localdate()
    cycle = open_cycle(city, year=year, call_published_on=today,
                       confirmation=Confirmation(actor=office, reason="基准测试：按征求意见稿开展评定"))
    groups = Group.objects.bulk_create(Group(name=f"bench-org-{serial_from + n}") for n in range(count))
    orgs = Organisation.objects.bulk_create(
        (Organisation(name=f"基准制造有限公司{serial_from + n}号", city=city,
                      credit_code=make_credit_code(700000 + serial_from + n),
                      founded_on=today - timedelta(days=3650), is_sme=n % 4 == 0, industry="制造业", group=g)
         for n, g in enumerate(groups)),
        batch_size=2000,
    )
    now = timezone.now()
    Application.objects.bulk_create(
        (Application(reference=f"B{serial_from + n:07d}", cycle=cycle, award_kind=cycle.rules.award_kinds[0].key,
                     applicant_kind="organisation", organisation=o, status=STAGE,
                     submitted_at=now - timedelta(minutes=n), stage_entered_at=now,
                     stage_deadline=today + timedelta(days=n % 30 - 5), form_data={})
         for n, o in enumerate(orgs)),
        batch_size=2000,
    )
    return cycle


def analyze() -> None:
    """The planner's statistics after a bulk seed, as autovacuum (PostgreSQL) would gather them in production."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def signed_in(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def queries_of(client: Client, url: str) -> tuple[int, int]:
    """(queries, bytes) of one GET, after a warm-up GET (session, caches)."""
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx), len(response.content)


def timer(client: Client, url: str, runs: int):
    """A measure for bench.common.interleaved: the median ms of `runs` GETs."""

    def measure() -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        return statistics.median(times)

    return measure
