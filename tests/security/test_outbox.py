"""Notices are a transactional outbox (awards.domain.notices, awards.tasks): the inbox rows commit with the decision,
the e-mail goes from the outbox by Celery, at most once per notice, and nothing is lost while the broker is down.

The broker tests start a Redis of their own on a free port, point the Celery app at it, stop it and start it again.
"""

import datetime
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from kombu import pools as kombu_pools

from awards.domain import lifecycle, notices, publicity
from awards.models import Notice, NoticeResend, Objection
from awards.tasks import requeue_undelivered, send_notice_email
from awards.workflow import Status
from config.celery import app as celery_app

from ..builders.intake import applicant_of
from ..builders.journeys import travel
from ..builders.publicity import AFTER, START
from ..conftest import wait_for

DAY = datetime.date(2026, 9, 16)

needs_redis = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    """A redis-server of the test's own, stopped and started on the same port."""

    def __init__(self, tmp_path):
        self.port = _free_port()
        self.dir = tmp_path
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        subprocess.run(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "no", "--daemonize", "yes", "--dir", str(self.dir),
                        "--pidfile", str(self.dir / "redis.pid")], check=True, capture_output=True)
        assert wait_for(self._answers, 10), "redis-server did not start"

    def stop(self):
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True)
        assert wait_for(lambda: not self._answers(), 10), "redis-server did not stop"

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def _reset_pools():
    kombu_pools.reset()  # kombu's process-wide pools, keyed by connection
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker(url: str):
    """Point the Celery app at `url` for the block (its connection pools made again), then back."""
    saved = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {  # as config/settings.py sets them for Redis
        "visibility_timeout": 3900, "socket_connect_timeout": 1, "socket_timeout": 5,
        "max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
    _reset_pools()
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved
        _reset_pools()


@pytest.fixture
def redis_broker(tmp_path, transactional_db):
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server")
    server = OwnRedis(tmp_path)
    server.start()
    try:
        with broker(server.url):
            yield server
    finally:
        server.stop()


@pytest.fixture
def no_otp(settings):
    settings.OTP_ENFORCED = False


def _worker():
    return start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10)


@needs_redis
def test_broker_down_during_a_decision_then_requeued_and_sent_once(transactional_db, redis_broker, at_eligibility,
                                                                    ordos, client, settings, no_otp):
    applicant = applicant_of(at_eligibility)
    redis_broker.stop()  # the broker goes down
    client.force_login(ordos.cast.office)
    with travel(DAY):
        started = time.monotonic()
        response = client.post(f"/office/applications/{at_eligibility.pk}/refuse/", {"reasons": "经营年限不足3年。"})
        took = time.monotonic() - started
    assert response.status_code == 302  # the decision is saved and the office sees the next page, not a 500
    assert took < 10
    at_eligibility.refresh_from_db()
    assert at_eligibility.status == Status.INELIGIBLE
    notice = Notice.objects.get(recipient=applicant, audit_entry__to_state=Status.INELIGIBLE)
    assert "经营年限不足3年。" in notice.body  # in the inbox, written with the decision
    assert notice.email_status == Notice.EmailStatus.PENDING and notice.email_attempts == 0
    assert mail.outbox == []

    # Staff see it as delayed once it is late.
    settings.NOTICE_EMAIL_DELAYED_MINUTES = 0
    client.force_login(ordos.cast.office)  # signed in again: the clock jumped past the staff idle timeout
    page = client.get(f"/office/{ordos.code}/failed-emails/").content.decode()
    assert notice.subject in page and "延迟" in page

    # The beat task runs while the broker is still down: nothing raises, nothing is lost.
    assert requeue_undelivered() == 0

    redis_broker.start()  # the broker is back (the pooled connection revives); the beat fires twice: one effect
    assert requeue_undelivered() >= 1
    assert requeue_undelivered() >= 1
    with _worker():
        assert wait_for(lambda: not Notice.objects.filter(email_status__in=[Notice.EmailStatus.PENDING,
                                                                            notices.SENDING]).exists())
        time.sleep(0.5)  # let the duplicate messages run too
    notice.refresh_from_db()
    assert notice.email_status == Notice.EmailStatus.SENT and notice.email_attempts == 1
    assert [m.subject for m in mail.outbox].count(notice.subject) == 1  # sent once
    assert [m.to for m in mail.outbox].count([applicant.email]) == Notice.objects.filter(recipient=applicant).count()
    assert len(mail.outbox) == Notice.objects.filter(email_status=Notice.EmailStatus.SENT).count()
    assert requeue_undelivered() == 0


@needs_redis
def test_objection_outcome_with_the_broker_down_is_saved_and_emailed_later(transactional_db, redis_broker,
                                                                          jinan_at_publicity, client, settings,
                                                                          no_otp):
    cycle, cast, apps = jinan_at_publicity
    with travel(START):
        notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)
        objection = publicity.file_objection(notice.entries.get(application=apps[0]), name="张三",
                                             contact="zhangsan@example.com", text="该单位隐瞒了质量事故。")
    redis_broker.stop()
    client.force_login(cast.office)
    with travel(AFTER):
        assert publicity.close_due()  # the closer runs with the broker down
        response = client.post(f"/office/objections/{objection.pk}/resolve/",
                               {"outcome": "sustained", "resolution": "经调查，该单位隐瞒了质量事故。"})
        assert response.status_code == 302
        # Jinan 第十七条: the office proposes, the leading group (the committee role) decides
        client.force_login(cast.committee)
        response = client.post(f"/committee/objections/{objection.pk}/decide/",
                               {"outcome": "sustained", "resolution": "同意办公室意见，取消其候选资格。"})
    assert response.status_code == 302
    apps[0].refresh_from_db()
    assert apps[0].status == Status.NOT_SELECTED
    assert Notice.objects.filter(audit_entry__application=apps[0], audit_entry__to_state=Status.NOT_SELECTED,
                                 email_status=Notice.EmailStatus.PENDING).exists()
    settings.NOTICE_EMAIL_DELAYED_MINUTES = 0
    redis_broker.start()
    mail.outbox.clear()
    resolved_at = Objection.objects.get(pk=objection.pk).resolved_at
    with time_machine.travel(resolved_at + datetime.timedelta(minutes=10), tick=False):
        assert requeue_undelivered() >= 2  # the objector's e-mail and the notices of the closer and the stop
        requeue_undelivered()
    with _worker():
        assert wait_for(lambda: Objection.objects.get(pk=objection.pk).outcome_emailed_at is not None)
        assert wait_for(lambda: not Notice.objects.filter(email_status=Notice.EmailStatus.PENDING).exists())
        time.sleep(0.5)
    assert [m.to for m in mail.outbox].count(["zhangsan@example.com"]) == 1


# -- the worker killed mid-task: a redelivered or duplicated message e-mails once -------------------------------
def _pending_notice(at_eligibility, ordos):
    """One PENDING notice, alone in the outbox (the notices of the application's journey so far are sent)."""
    Notice.objects.update(email_status=Notice.EmailStatus.SENT)
    return Notice.objects.create(recipient=applicant_of(at_eligibility), application=at_eligibility,
                                 event_key="outbox:test", subject="【鄂尔多斯市】通知", body="正文")


def test_a_task_killed_before_its_claim_reruns_and_sends_once(at_eligibility, ordos):
    notice = _pending_notice(at_eligibility, ordos)
    # The first worker died before claiming the row: the row is untouched, the message is delivered again.
    assert Notice.objects.get(pk=notice.pk).email_status == Notice.EmailStatus.PENDING
    assert send_notice_email.run(notice.pk) == "sent"
    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert notice.email_status == Notice.EmailStatus.SENT and notice.email_attempts == 1


def test_a_task_run_twice_sends_once(at_eligibility, ordos):
    notice = _pending_notice(at_eligibility, ordos)
    assert send_notice_email.run(notice.pk) == "sent"
    assert send_notice_email.run(notice.pk) == "already"
    assert len(mail.outbox) == 1
    assert Notice.objects.get(pk=notice.pk).email_attempts == 1


def test_a_task_killed_after_its_claim_is_not_sent_twice_and_shows_as_delayed(at_eligibility, ordos, client,
                                                                              settings, no_otp,
                                                                              django_capture_on_commit_callbacks):
    notice = _pending_notice(at_eligibility, ordos)
    assert notices.claim_email(notice.pk)  # the worker claimed it, then died (maybe while sending)
    assert not notices.claim_email(notice.pk)
    assert send_notice_email.run(notice.pk) == "already"  # the redelivered message: at most once
    assert requeue_undelivered.run() == 0  # the beat leaves a claimed row alone
    assert mail.outbox == []
    settings.NOTICE_EMAIL_DELAYED_MINUTES = 0
    client.force_login(ordos.cast.office)
    page = client.get(f"/office/{ordos.code}/failed-emails/").content.decode()
    assert notice.subject in page and "延迟" in page
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/office/notices/{notice.pk}/resend/").status_code == 302
    finally:
        celery_app.conf.task_always_eager = False
    assert NoticeResend.objects.filter(notice=notice).count() == 1
    assert len(mail.outbox) == 1 and Notice.objects.get(pk=notice.pk).email_status == Notice.EmailStatus.SENT


def test_the_beat_firing_twice_has_one_effect(at_eligibility, ordos, settings):
    notice = _pending_notice(at_eligibility, ordos)
    assert requeue_undelivered.run() == 0  # not late yet: its own task is still on the way
    settings.NOTICE_EMAIL_DELAYED_MINUTES = 0
    celery_app.conf.task_always_eager = True
    try:
        assert requeue_undelivered.run() == 1
        assert requeue_undelivered.run() == 0
    finally:
        celery_app.conf.task_always_eager = False
    assert len(mail.outbox) == 1
    assert Notice.objects.get(pk=notice.pk).email_status == Notice.EmailStatus.SENT


def test_a_notice_waiting_for_its_retry_is_left_to_it(at_eligibility, ordos, settings):
    notice = _pending_notice(at_eligibility, ordos)
    Notice.objects.filter(pk=notice.pk).update(email_attempts=3)  # three tries made; the next after its back-off
    settings.NOTICE_EMAIL_DELAYED_MINUTES = 5
    created = Notice.objects.get(pk=notice.pk).created_at
    assert notice.pk not in notices.undelivered(created + datetime.timedelta(minutes=6))
    assert notice.pk in notices.undelivered(created + datetime.timedelta(minutes=5, seconds=60 + 120 + 240 + 1))


def test_the_inbox_notice_is_written_with_the_decision_even_if_nobody_ever_queues_it(at_eligibility, ordos):
    """No on-commit callback runs in this test (the django_db transaction is never committed): the notice is there."""
    with travel(DAY):
        entry = lifecycle.perform(at_eligibility, "refuse", ordos.cast.office, reason="经营年限不足3年。")
    assert Notice.objects.filter(audit_entry=entry, recipient=applicant_of(at_eligibility)).exists()


# -- the objection throttle with the cache down ----------------------------------------------------------------
def test_the_objection_throttle_lets_objections_through_when_the_cache_is_down(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.5}}}
    assert publicity.objection_allowed("203.0.113.7") is True
    publicity.count_objection("203.0.113.7")  # does not raise


def test_the_objection_throttle_counts(settings):
    for _ in range(publicity.OBJECTIONS_PER_HOUR):
        assert publicity.objection_allowed("203.0.113.8")
        publicity.count_objection("203.0.113.8")
    assert not publicity.objection_allowed("203.0.113.8")
    assert publicity.objection_allowed("203.0.113.9")
