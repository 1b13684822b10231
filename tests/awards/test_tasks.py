"""awards.tasks run by a real worker: notices after commit, e-mail retries; nothing queued on a rollback."""

import datetime

import pytest
from django.core import mail

from awards.domain import lifecycle
from awards.models import Notice

from .. import factories
from ..builders.journeys import travel
from ..conftest import wait_for


@pytest.mark.worker
def test_transition_notice_reaches_inbox_and_email_after_commit(submitted, worker):
    application, cast = submitted
    applicant = factories.member(application.organisation)
    with travel(datetime.date(2026, 9, 15)):
        lifecycle.perform(application, "submit", applicant)
    assert wait_for(lambda: Notice.objects.filter(email_status=Notice.EmailStatus.SENT).count() == 2)
    notice = Notice.objects.get(recipient=applicant)
    assert application.reference in notice.subject
    assert "待主管部门推荐" in notice.subject  # Qujing's own wording for its recommendation stage
    assert "第十八条" in notice.body  # Qujing: recommendation (第十八条)
    assert notice.email_attempts == 1
    # Whoever acts next (here the recommender unit the application was sent to) gets a to-do notice.
    to_do = Notice.objects.get(recipient=cast.recommender)
    assert to_do.subject.startswith("【待办】") and application.reference in to_do.subject
    assert sorted(m.to[0] for m in mail.outbox) == sorted([applicant.email, cast.recommender.email])


@pytest.mark.worker
def test_failed_email_is_retried_then_marked_failed_for_staff(submitted, worker, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    settings.NOTICE_EMAIL_MAX_RETRIES, settings.NOTICE_EMAIL_RETRY_SECONDS = 2, 0
    application, cast = submitted
    applicant = factories.member(application.organisation)
    with travel(datetime.date(2026, 9, 15)):
        lifecycle.perform(application, "submit", applicant)
    assert wait_for(lambda: Notice.objects.filter(recipient=applicant, email_status=Notice.EmailStatus.FAILED).exists(),
                    30)
    notice = Notice.objects.get(recipient=applicant)
    assert notice.email_attempts == 3  # the first try and two retries
    assert "Connection refused" in notice.email_error or "Errno" in notice.email_error
    assert notice.read_at is None  # still in the inbox


@pytest.mark.django_db
def test_no_notice_is_queued_when_the_transaction_rolls_back(submitted, django_capture_on_commit_callbacks):
    application, cast = submitted
    with travel(datetime.date(2026, 9, 15)):
        with django_capture_on_commit_callbacks() as callbacks:
            lifecycle.perform(application, "submit", factories.member(application.organisation))
    assert len(callbacks) == 1
    with travel(datetime.date(2026, 9, 15)):
        with django_capture_on_commit_callbacks() as callbacks:
            with pytest.raises(lifecycle.TransitionDenied):
                lifecycle.perform(application, "advance", factories.UserFactory())
    assert callbacks == []
