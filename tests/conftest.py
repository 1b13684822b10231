import time

import pytest
from django.core.management import call_command


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
