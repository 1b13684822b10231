import time

import pytest
from django.core.management import call_command

from .builders import ranking, review
from .builders.intake import SUBMIT_DAY, World
from .builders.journeys import travel
from .builders.publicity import at_publicity


@pytest.fixture
def cities(db):
    """The five cities' rule files, loaded as the portal loads them."""
    call_command("load_cities", verbosity=0)
    from cities.models import City

    return {c.code: c for c in City.objects.all()}


@pytest.fixture(autouse=True)
def _fresh_rules_cache():
    """Each test parses its own rule sets: a rolled-back database may hand the next test the same keys."""
    from cities.models import forget_parsed_rules

    forget_parsed_rules()
    yield
    forget_parsed_rules()


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """The public pages' cache (portal/shared/page_cache.py) lives in the process's cache, which outlives a test's
    rolled-back database: each test starts with none of the pages an earlier test stored."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)


def wait_for(predicate, seconds=20):
    """Poll until predicate() is true (for work done by the Celery worker thread)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def worker(transactional_db):
    """A real Celery worker in a thread, consuming the test broker (memory://, or Redis in CI)."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app as celery_app

    celery_app.control.purge()  # tasks queued by earlier tests whose transactions were rolled back
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


# -- worlds the tests of several folders start from ------------------------------------------------------------
@pytest.fixture
def ordos(cities):
    """Ordos' open cycle and cast (eligibility within 10 working days, 第十六条)."""
    with travel(SUBMIT_DAY):
        return World("ordos")


@pytest.fixture
def wuhan(cities):
    with travel(SUBMIT_DAY):
        return World("wuhan")


@pytest.fixture
def at_eligibility(ordos):
    """An Ordos application submitted and recommended: at the office's eligibility check."""
    with travel(SUBMIT_DAY):
        return ordos.application()


@pytest.fixture
def jinan_at_publicity(cities):
    """Three Jinan applications at the 公示 stage and their cast."""
    return at_publicity("jinan")


@pytest.fixture
def assigned_review(cities):
    """Chenzhou: a panel of three assigned to an application; nobody has declared yet."""
    return review.assigned_review()


@pytest.fixture
def half_declared(cities):
    """Ordos, 3 experts assigned; only the leader has declared and submitted."""
    return review.half_declared()


@pytest.fixture
def wuhan_two_stages(cities):
    """Wuhan: the document review panel is active on an application holding a trade secret."""
    return review.wuhan_two_stages()


@pytest.fixture
def ordos_scored(cities):
    """Ordos: every expert has submitted; the sheets differ widely on 4.1.1 only."""
    return review.ordos_scored()


@pytest.fixture
def ordos_sheet(cities):
    """Ordos: the panel has declared; the second expert's own sheet."""
    return review.ordos_sheet()


@pytest.fixture
def chenzhou_ranking(cities):
    """Chenzhou's open cycle as a ranking scene."""
    return ranking.Scene("chenzhou")


@pytest.fixture
def committee_scene(cities):
    """Chenzhou's committee of four and two candidates at its decision."""
    return ranking.committee_scene()
