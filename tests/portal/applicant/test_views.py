"""The applicant's status page (portal.applicant.views.status): deadline, history, the office's messages, and
withdrawing from it."""

from awards.domain import lifecycle
from awards.workflow import Status

from ...builders.intake import TODAY, submitted_application, to_eligibility
from ...builders.journeys import travel


def test_status_page_shows_deadline_history_and_office_messages(cities, client):
    from awards.domain import lifecycle, notices

    app, cast, user = submitted_application("ordos")
    to_eligibility(app, cast)
    with travel(TODAY):
        entry = lifecycle.perform(app, "request_supplement", cast.office, reason="请补充近三年财务审计报告。")
        notices.notices_for_transition(entry)
        client.force_login(user)
        html = client.get(f"/apply/{app.pk}/status/").content.decode()
    assert "请按补正通知补充材料" in html  # applicant-facing label
    assert "个工作日" in html and "本阶段期限" in html
    assert "请补充近三年财务审计报告" in html and "要求补正材料" in html
    assert "修改申报表、上传补正材料" in html


def test_the_applicant_withdraws_from_the_status_page(cities, client):
    app, cast, user = submitted_application("qujing")
    client.force_login(cast.recommender)
    with travel(TODAY):
        assert client.post(f"/apply/{app.pk}/withdraw/", {"reason": "x"}).status_code in (403, 404)
        client.force_login(user)
        page = client.get(f"/apply/{app.pk}/status/").content.decode()
        assert "撤回申报" in page and page.count(f'action="/apply/{app.pk}/withdraw/"') == 1
        assert "<form" not in page.split("<title>", 1)[1].split("</title>", 1)[0]
        empty = client.post(f"/apply/{app.pk}/withdraw/", {"reason": " "}, follow=True).content.decode()
        assert "请填写撤回原因" in empty
        app.refresh_from_db()
        assert app.status == Status.RECOMMENDATION
        client.post(f"/apply/{app.pk}/withdraw/", {"reason": "企业重组，本届不再参评"})
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN and app.stopped_at_stage == Status.RECOMMENDATION
    entry = app.audit_trail.last()
    assert (entry.action, entry.actor, entry.reason) == ("withdraw", user, "企业重组，本届不再参评")
    lifecycle.available_actions(app, user)  # nothing left to do; no error
