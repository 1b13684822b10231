"""TEMPORARY (walk_to helper): dump the whole demo database at a fixed date, to compare before/after."""
import datetime
import io
import json
import os

import time_machine
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone


def test_snapshot(db):
    when = datetime.datetime(2026, 10, 20, 10, tzinfo=timezone.get_default_timezone())
    with time_machine.travel(when, tick=False):
        call_command("setup_demo", stdout=io.StringIO())
    out = {}
    for model in apps.get_models():
        if model._meta.app_label not in {"awards", "reviews", "auth", "guardian", "cities"}:
            continue
        rows = []
        for row in model.objects.order_by("pk").values():
            row.pop("password", None)
            row.pop("last_login", None)
            rows.append({k: str(v) for k, v in row.items()})
        out[model._meta.label] = rows
    with open(os.environ["SNAP"], "w") as f:
        json.dump(out, f, ensure_ascii=False, indent=1, sort_keys=True)
