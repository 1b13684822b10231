"""Celery queues per kind of work (config/settings.py: CELERY_TASK_ROUTES): every task of the portal goes to the
queue of its kind, so a batch of certificates never waits in front of a deadline or a notice; the embedded
worker and the production workers between them consume every queue; beat runs once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]
QUEUES = {"notices", "pdfs", "deadlines", "celery"}
EXPECTED = {
    "awards.tasks.notify_transition": "notices",
    "awards.tasks.send_notice_email": "notices",
    "awards.tasks.email_objection_outcome": "notices",
    "awards.tasks.email_complaint_answer": "notices",
    "honours.tasks.make_certificate_batch": "pdfs",
    "awards.tasks.close_due_publicities": "deadlines",
    "awards.tasks.requeue_undelivered": "deadlines",
    "honours.tasks.duties_daily": "deadlines",
}


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def portal_tasks() -> set[str]:
    """Every task our apps define (@shared_task in <app>/tasks.py), found from the source, not the registry."""
    found = set()
    for path in ROOT.glob("*/tasks.py"):
        source = path.read_text()
        for match in re.finditer(r"@shared_task[^\n]*\ndef (\w+)", source):
            found.add(f"{path.parent.name}.tasks.{match.group(1)}")
    return found


@pytest.mark.parametrize("task, queue", sorted(EXPECTED.items()))
def test_each_task_goes_to_the_queue_of_its_kind(task, queue):
    assert queue_of(task) == queue


def test_every_task_of_the_portal_is_listed_here():
    assert portal_tasks() == set(EXPECTED), "a new task: give it a queue in CELERY_TASK_ROUTES and a row here"


def test_anything_unrouted_goes_to_the_default_queue():
    assert queue_of("some.other.task") == "celery"


def test_what_beat_schedules_runs_on_the_deadlines_queue():
    assert {queue_of(entry["task"]) for entry in app.conf.beat_schedule.values()} == {"deadlines"}


def test_the_four_queues_are_declared():
    assert {q.name for q in app.conf.task_queues} == QUEUES


def test_the_embedded_worker_consumes_every_queue():
    script = (ROOT / "scripts" / "run").read_text()
    worker_line = next(line for line in script.splitlines() if "worker" in line and "-Q" in line)
    assert set(worker_line.split("-Q", 1)[1].split()[0].split(",")) == QUEUES


def test_compose_runs_a_worker_per_queue_and_one_beat():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    queues = {s["environment"]["CELERY_QUEUE"] for s in services.values() if "CELERY_QUEUE" in s.get("environment", {})}
    assert queues == QUEUES
    beats = [name for name, s in services.items() if "celery -A config beat" in " ".join(s.get("command") or [])]
    assert beats == ["beat"] and "deploy" not in services["beat"]
    for name, service in services.items():
        if name in {"web", "beat"} or name.startswith("worker-"):
            assert service["environment"]["STORAGE_BACKEND"] == "s3", name


def test_a_message_lands_in_exactly_one_queue():
    """Each queue has its own exchange and routing key: with a shared key, a worker consuming several queues would
    get (and run) every task once per queue."""
    keys = [(q.exchange.name, q.routing_key) for q in app.conf.task_queues]
    assert len(set(keys)) == len(keys) == 4
    for task, queue in EXPECTED.items():
        route = app.amqp.router.route({}, task)["queue"]
        assert (route.exchange.name, route.routing_key) == (queue, queue)

