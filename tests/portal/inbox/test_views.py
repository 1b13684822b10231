"""The signed-in user's inbox (portal.inbox.views): my notices only, marked read, links to the formal notice or
the answer page; the same queries for 1 and N notices."""

import datetime

from awards.domain import eligibility, lifecycle, notices, supplements
from awards.models import Notice

from ... import factories
from ...builders.intake import applicant_of
from ...builders.journeys import travel


def submitted_with_notices(code="chenzhou"):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for(code, published=datetime.date(2026, 9, 1))
        application = factories.application_for(cycle)
        applicant = factories.member(application.organisation)
        entry = lifecycle.perform(application, "submit", applicant)
    notice = Notice.objects.get(recipient=applicant, audit_entry=entry)  # written by perform, with the transition
    return applicant, notice


def test_inbox_shows_only_my_notices_and_marks_read(client, cities):
    applicant, notice = submitted_with_notices()
    other, other_notice = submitted_with_notices("qujing")
    assert client.get("/inbox/").status_code == 302  # login required
    client.force_login(applicant)
    listing = client.get("/inbox/").content.decode()
    assert notice.subject in listing and "1 条未读" in listing
    assert client.get(f"/inbox/{other_notice.pk}/").status_code == 404
    assert client.get(f"/inbox/{notice.pk}/").status_code == 200
    notice.refresh_from_db()
    assert notice.read_at is not None
    other_notice.refresh_from_db()
    assert other_notice.read_at is None


def test_inbox_query_count_does_not_grow(client, cities, django_assert_max_num_queries):
    applicant, notice = submitted_with_notices()
    client.force_login(applicant)
    with django_assert_max_num_queries(12) as few:
        client.get("/inbox/")
    for i in range(8):
        Notice.objects.create(recipient=applicant, application=notice.application, event_key=f"x{i}",
                              subject=f"通知{i}", body="…")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/inbox/")


DAY = datetime.date(2026, 9, 16)


def test_the_applicant_inbox_notice_links_the_formal_notice(client, at_eligibility, ordos):
    with travel(DAY):
        notice = eligibility.refuse(at_eligibility, ordos.cast.office, "近3年发生较大质量事故。")
        assert notices.notices_for_transition(notice.audit_entry)  # written by perform already: found, not made
    applicant = applicant_of(at_eligibility)
    inbox_notice = Notice.objects.get(recipient=applicant, audit_entry=notice.audit_entry)
    client.force_login(applicant)
    html = client.get(f"/inbox/{inbox_notice.pk}/").content.decode()
    assert "近3年发生较大质量事故。" in html
    assert f"/supplement/notices/{notice.pk}/pdf/" in html and "不予受理通知书" in html


def test_inbox_notice_of_a_supplement_links_the_answer_page(client, at_eligibility, ordos):
    with travel(DAY):
        request = supplements.request(at_eligibility, ordos.cast.office, ["审计报告", "认证证书"])
        notices.notices_for_transition(request.audit_entry)
    applicant = applicant_of(at_eligibility)
    client.force_login(applicant)
    inbox_notice = Notice.objects.get(recipient=applicant, audit_entry=request.audit_entry)
    html = client.get(f"/inbox/{inbox_notice.pk}/").content.decode()
    assert f"/supplement/{at_eligibility.pk}/" in html and "补正通知书" in html
    assert "1. 审计报告" in html and "2. 认证证书" in html
