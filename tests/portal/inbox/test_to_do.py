"""待办 notices in the inbox are shown 已处理, and no longer counted unread, once the application has left the state
they were sent for (awards.domain.todo.with_notice_state: computed, nothing stored)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Notice
from awards.workflow import Status

from ...builders.intake import SUBMIT_DAY
from ...builders.journeys import travel


def _row(html: str, subject: str) -> str:
    return html.split(subject)[1].split("</tr>")[0]


def test_a_to_do_notice_clears_when_the_application_moves_on(client, ordos):
    with travel(SUBMIT_DAY):
        app = ordos.application()
        office = ordos.cast.office
        notice = Notice.objects.get(recipient=office, application=app, audit_entry__to_state=Status.ELIGIBILITY,
                                    event_key__endswith=":to-do")
        assert notice.subject.startswith("【待办】")
        client.force_login(office)
        before = client.get("/inbox/").content.decode()
        unread_before = Notice.objects.filter(recipient=office, read_at__isnull=True).count()
        assert f"{unread_before} 条未读" in before and "待办（未读）" in _row(before, notice.subject)
        client.post(f"/office/applications/{app.pk}/supplement/", {"items": ["近三年审计报告"]})
        app.refresh_from_db()
        assert app.status == Status.SUPPLEMENT_REQUESTED
        after = client.get("/inbox/").content.decode()
        assert "已处理" in _row(after, notice.subject)
        still_unread = unread_before - 1
        assert (f"{still_unread} 条未读" in after) if still_unread else ("条未读" not in after)
        detail = client.get(f"/inbox/{notice.pk}/").content.decode()
        assert "已处理：该申报已离开通知所述环节" in detail


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    return len(ctx.captured_queries), html


def test_inbox_queries_do_not_grow_with_handled_to_dos(client, ordos):
    with travel(SUBMIT_DAY):
        first = ordos.application()
        client.force_login(ordos.cast.office)
        client.get("/inbox/")
        one, html = _queries(client, "/inbox/")
        assert html.count("待办（未读）") == 1
        for _ in range(3):
            ordos.application()
        client.post(f"/office/applications/{first.pk}/supplement/", {"items": ["近三年审计报告"]})
        many, html = _queries(client, "/inbox/")
        assert html.count("待办（未读）") == 3 and html.count('class="notice-handled"') == 1
    assert many == one
