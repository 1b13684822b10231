"""Five people at once on one SQLite file, as in the portal scripts/run starts (run by tests/security/test_sqlite.py
in a process of its own: `python -m tests.security.sqlite_workload`, with PORTAL_VAR_DIR set to an empty folder).

Each of five threads signs in through the login form several times (sessions, last login and the login log are
written) and runs read-then-write transactions: it reads, then takes formal notice numbers and saves its user —
the pattern that fails at once with "database is locked" without IMMEDIATE transactions. Prints one JSON line:
the errors met and what was written.
"""

import json
import os
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from awards.domain.formal_notices import next_serial  # noqa: E402
from awards.models import NumberSequence  # noqa: E402
from cities.models import City  # noqa: E402

PEOPLE = 5
LOGINS = 4
WRITES = 15
PASSWORD = "Portal-Pass-2026"


def person(index, city, barrier, errors, serials):
    try:
        client = Client()
        barrier.wait()
        for _ in range(LOGINS):
            response = client.post("/accounts/login/", {"username": f"person{index}", "password": PASSWORD})
            if response.status_code != 302:
                errors.append(f"login answered {response.status_code}")
            if client.get("/").status_code != 200:
                errors.append("home page failed")
        for n in range(WRITES):
            with transaction.atomic():
                me = User.objects.get(username=f"person{index}")  # read first, then write
                serials.append(next_serial(city, 2026, "workload"))
                me.first_name = f"{n}"
                me.save(update_fields=["first_name"])
    except Exception as error:  # noqa: BLE001 — reported to the test
        errors.append(repr(error))
    finally:
        connection.close()


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_cities", verbosity=0)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], OTP_ENFORCED=False):
        for index in range(PEOPLE):
            User.objects.create_user(f"person{index}", f"person{index}@example.gov.cn", PASSWORD)
        city = City.objects.order_by("code").first()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal_mode = cursor.fetchone()[0]
        connections.close_all()
        barrier = threading.Barrier(PEOPLE, timeout=60)
        errors, serials = [], []
        threads = [threading.Thread(target=person, args=(i, city, barrier, errors, serials)) for i in range(PEOPLE)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        last = NumberSequence.objects.get(city=city, year=2026, kind="workload").last
    print(json.dumps({"errors": errors, "serials": sorted(serials), "last": last, "journal_mode": journal_mode,
                      "alive": sum(thread.is_alive() for thread in threads)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
