"""The committee votes on the candidate list and the office counts, in headless Chromium."""

import pytest

from awards.models import Application, Publicity
from awards.workflow import Status
from cities.schema import Role
from reviews.domain.ranking import board, shortlists

from .. import factories
from ..builders.ranking import Scene
from .conftest import login

pytestmark = pytest.mark.browser


def test_the_committee_votes_and_the_office_counts(page, shot, cities):
    scene = Scene("chenzhou")
    members = [scene.cast.committee] + [factories.city_user("chenzhou", Role.COMMITTEE) for _ in range(2)]
    for i, member in enumerate(members):
        member.first_name = f"委员{'甲乙丙'[i]}"
        member.save()
    scene.cast.office.first_name = "评委会办公室王工"
    scene.cast.office.save()
    top = scene.app("ranking", document_review=900, site_review=880, satisfaction_survey=92)
    low = scene.app("ranking", document_review=700, site_review=690, satisfaction_survey=85)
    shortlists.confirm(scene.cycle, board.FINAL, "mayor", [top.pk, low.pk], scene.cast.office)  # the candidate list

    login(page, scene.cast.office.username)
    page.goto(f"/reviews/committee/{scene.cycle.pk}/")
    body = page.inner_text("body")
    assert "须至少2人出席" in body and "894.00" in body  # the combined score from the ranking
    page.get_by_label("委员丙").uncheck()
    page.click("button:has-text('开始会议')")
    page.wait_for_load_state()
    assert "会议已开始" in page.inner_text("body")
    shot("committee-office-open")
    page.click("button:has-text('退出')")

    for member, (on_top, on_low) in zip(members[:2], [("同意", "不同意"), ("同意", "弃权")], strict=True):
        login(page, member.username)
        page.goto(f"/reviews/committee/{scene.cycle.pk}/")
        page.locator(f"tr[data-ref='{top.reference}']").get_by_role("button", name=on_top, exact=True).click()
        page.wait_for_load_state()
        page.locator(f"tr[data-ref='{low.reference}']").get_by_role("button", name=on_low, exact=True).click()
        page.wait_for_load_state()
        row = page.inner_text(f"tr[data-ref='{top.reference}']")
        assert on_top in row and "不同意" not in row  # the vote is recorded; no buttons to change it
        shot(f"committee-member-voted-{member.first_name}")
        page.click("button:has-text('退出')")

    login(page, scene.cast.office.username)
    page.goto(f"/reviews/committee/{scene.cycle.pk}/")
    assert "2" in page.inner_text(f"tr[data-ref='{top.reference}']")
    page.click("button:has-text('结束投票并计票')")
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert "计票完成" in body and "上次会议计票结果" in body
    shot("committee-counted")
    assert Application.objects.get(pk=top.pk).status == Status.PUBLICITY
    assert Application.objects.get(pk=low.pk).status == Status.NOT_SELECTED
    assert list(Publicity.objects.get().applications.all()) == [top]
