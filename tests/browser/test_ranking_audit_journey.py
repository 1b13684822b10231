"""The ranking board after the audit, in headless Chromium: Wuhan's warning under the 600-point line (第六条),
Ordos's public comments with the candidates, and a supervisor's read-only view."""

import pytest

from awards.models import Application
from awards.workflow import Status

from ..builders.ranking import Scene, ordos_with_comments
from .conftest import login

pytestmark = pytest.mark.browser


def test_wuhan_warning_under_the_line_and_the_reason_it_needs(page, shot, cities):
    scene = Scene("wuhan")
    good = scene.app("ranking", document_review=700, hearing=70, site_review=700)
    low = scene.app("ranking", document_review=500, hearing=50, site_review=500)
    login(page, scene.cast.office.username)
    page.goto(f"/reviews/ranking/{scene.cycle.pk}/")
    # the first row is the 市长质量奖 ranking's; the 提名奖 list below draws from the same ranking (第二十三条)
    row = page.locator("tr", has_text=low.reference).first
    assert "原则上不低于600分" in row.inner_text() and "第六条" in row.inner_text()
    shot("ranking-board-wuhan-under-the-line")
    final = page.locator("form[data-section=ranking][data-quota=mayor_org]")
    final.get_by_label(low.reference).check()
    final.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "原则上不低于600分" in page.inner_text("ul.messages")
    final = page.locator("form[data-section=ranking][data-quota=mayor_org]")
    final.get_by_label(low.reference).check()
    final.locator("textarea").fill("行业代表性强，经研究列入")
    final.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "名单已确认" in page.inner_text("body")
    assert set(Application.objects.filter(pk__in=[good.pk, low.pk]).values_list("status", flat=True)) == {
        Status.COMMITTEE_DECISION}


def test_ordos_comments_on_the_board_and_a_supervisor_reads_only(page, shot, cities):
    scene = Scene("ordos")
    apps, notice = ordos_with_comments(scene, [3, 0, 1])
    login(page, scene.cast.office.username)
    page.goto(f"/reviews/ranking/{scene.cycle.pk}/")
    row = page.locator("tr", has_text=apps[0].reference)
    assert "3条" in row.inner_text()
    shot("ranking-board-ordos-comments")
    row.get_by_role("link", name="3条").click()
    page.wait_for_load_state()
    assert f"/reviews/office/comments/{notice.pk}/" in page.url

    page.context.clear_cookies()
    login(page, scene.cast.supervisor.username)
    page.goto(f"/reviews/ranking/{scene.cycle.pk}/")
    body = page.inner_text("body")
    assert "综合评价（只读）" in body and "只能查阅" in body
    assert page.locator("input[name=selected]").count() == 0 and page.locator("button[type=submit]").count() == 0
    shot("ranking-board-supervisor")
