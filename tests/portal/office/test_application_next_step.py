"""The office's application page says, in a box at the top (下一步, portal.office.views.next_step), what the office can
do now (lifecycle.available_actions), who acts in the current stage (the body the rule file names for the stage's
actor) and by when (the stage deadline, with the working days left); where the office cannot act, who can."""

import datetime
import re

from awards.domain import lifecycle
from awards.workflow import Status

from ...builders.intake import SUBMIT_DAY, World
from ...builders.journeys import travel

DAY = datetime.date(2026, 9, 16)  # eligibility entered on 9-14: due 9-24, 8 working days left


def text(html, element_id):
    found = re.search(rf'<(\w+)[^>]* id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(2))).strip()


def page(client, application, day=DAY):
    with travel(day):
        response = client.get(f"/office/applications/{application.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_at_the_offices_own_stage_it_says_the_buttons_the_body_and_the_deadline(cities, client):
    with travel(SUBMIT_DAY):
        ordos = World("ordos")
        app = ordos.application(Status.ELIGIBILITY)
    client.force_login(ordos.cast.office)
    html = page(client, app)
    assert html.index('id="next-step"') < html.index('class="summary"')  # at the top
    actions = text(html, "next-actions")
    with travel(DAY):
        available = lifecycle.available_actions(app, ordos.cast.office)
    assert available and all(str(lifecycle.ACTIONS[name].label) in actions for name in available)
    assert text(html, "next-who") == app.rules.bodies.office.value == "评审委员会秘书处（设在市市场监督管理局）"
    assert text(html, "next-when").startswith("2026年09月24日前（剩余8个工作日）")
    assert "第十六条" in text(html, "next-when")
    assert 'id="next-others"' not in html


def test_where_the_recommender_acts_it_names_the_unit_and_says_the_office_cannot_pass_the_stage(cities, client):
    with travel(SUBMIT_DAY):
        wuhan = World("wuhan")
        app = wuhan.application(Status.RECOMMENDATION)
    client.force_login(wuhan.cast.office)
    html = page(client, app)
    assert text(html, "next-who") == wuhan.cast.recommender_unit.name
    assert text(html, "next-others") == f"本阶段由{wuhan.cast.recommender_unit.name}办理并通过，办公室不能代为通过。"
    assert "通过本阶段" not in text(html, "next-actions")
    # the recommender unit itself may pass it
    with travel(DAY):
        assert "advance" in lifecycle.available_actions(app, wuhan.cast.recommender)


def test_at_the_publicity_the_platform_acts_when_the_period_ends(cities, client):
    with travel(SUBMIT_DAY):
        wuhan = World("wuhan")
        app = wuhan.application(Status.PUBLICITY)
    client.force_login(wuhan.cast.office)
    html = page(client, app)
    assert text(html, "next-who") == "平台（期满自动进入下一阶段）"
    assert text(html, "next-others") == "期满后由平台自动进入下一阶段，办公室不能代为通过。"
    period = app.rules.period_of(Status.PUBLICITY)
    when = text(html, "next-when")
    assert when.startswith("2026年") or when.startswith(f"公示期满后（{period.in_words}）")


def test_at_government_approval_it_names_the_approver_and_links_to_the_decision_page(cities, client):
    with travel(SUBMIT_DAY):
        jinan = World("jinan")
        app = jinan.application(Status.GOVERNMENT_APPROVAL)
    client.force_login(jinan.cast.office)
    html = page(client, app)
    assert "录入政府审定决定" in text(html, "next-actions")
    assert f'href="/office/{jinan.code}/approval/"' in html
    who = text(html, "next-who")
    assert app.rules.bodies.office.value in who and app.rules.bodies.approver.value in who
    assert text(html, "next-when") == "本阶段没有规定期限"


def test_when_the_office_cannot_pass_the_stage_it_says_who_can(cities, client):
    """Wuhan's local publicity (第十七条) is the recommender unit's: the office may only stop the application."""
    with travel(SUBMIT_DAY):
        wuhan = World("wuhan")
        app = wuhan.application(Status.LOCAL_PUBLICITY)
    client.force_login(wuhan.cast.office)
    html = page(client, app)
    with travel(DAY):
        assert lifecycle.available_actions(app, wuhan.cast.office) == ["stop"]
    assert text(html, "next-actions").startswith("终止（未获奖）")
    assert text(html, "next-others") == f"本阶段由{wuhan.cast.recommender_unit.name}办理并通过，办公室不能代为通过。"
    assert text(html, "next-who") == wuhan.cast.recommender_unit.name


def test_an_ended_application_says_so(cities, client):
    with travel(SUBMIT_DAY):
        ordos = World("ordos")
        app = ordos.application(Status.ELIGIBILITY)
    with travel(DAY):
        lifecycle.perform(app, "refuse", ordos.cast.office, reason="不符合申报条件")
    client.force_login(ordos.cast.office)
    html = page(client, app)
    assert "申报已结束（不予受理），没有待办的阶段。" in text(html, "next-step")
