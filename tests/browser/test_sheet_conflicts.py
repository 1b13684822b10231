"""The score sheet's two tabs in headless Chromium (static/js/sheet.js): the tab that lost a race shows the stored
text and keeps what was typed; after 提交 a late autosave is refused and the page shows the submitted text.
The races themselves, on SQLite and PostgreSQL, are in tests/security/test_sheet_races.py."""

import re

import pytest

from reviews.domain import scoring
from reviews.models import ItemScore

from ..builders.review import ordos_sheet as build_ordos_sheet
from ..security.test_sheet_races import fill_all
from .conftest import login

pytestmark = pytest.mark.browser


def test_in_the_browser_the_losing_tab_shows_the_stored_text_and_keeps_what_was_typed(page, cities):
    _review, _app, mine, sheet = build_ordos_sheet()
    login(page, mine.expert.user.username)
    url = f"/reviews/tasks/{mine.pk}/sheet/"
    page.goto(url)
    other = page.context.new_page()
    other.goto(url)
    inline = "Array.from(document.querySelectorAll('main script')).filter(s => !s.src && s.type !== 'application/json')"
    assert page.evaluate(inline + ".length") == 0  # the sheet's script is static/js/sheet.js (CSP)

    page.fill("textarea[name='str-4.1.1']", "A：高层领导亲自推进")
    page.locator("textarea[name='str-4.1.1']").blur()
    page.wait_for_function("() => window.rvPending === 0")
    assert re.search(r"已自动保存 · 保存于 \d\d:\d\d:\d\d", page.inner_text("#autosave-status"))

    other.select_option("select[name='pct-4.1.2']", "40")  # another item: kept
    other.fill("textarea[name='str-4.1.1']", "B：旧页面的文字")
    other.locator("textarea[name='str-4.1.1']").blur()
    other.wait_for_function("() => window.rvPending === 0")
    assert "已在其他窗口或设备上修改" in other.inner_text("#autosave-status")
    assert other.input_value("textarea[name='str-4.1.1']") == "A：高层领导亲自推进"
    assert "B：旧页面的文字" in other.inner_text(".rv-item[data-code='4.1.1']")
    other.fill("textarea[name='str-4.1.1']", "B：在A的基础上补充")  # now on the stored text: saved
    other.locator("textarea[name='str-4.1.1']").blur()
    other.wait_for_function("() => window.rvPending === 0")
    assert "已自动保存" in other.inner_text("#autosave-status")
    rows = {r.item_code: r for r in ItemScore.objects.filter(sheet=sheet)}
    assert rows["4.1.1"].strengths == "B：在A的基础上补充" and rows["4.1.2"].percent == 40

    fill_all(sheet, mine.expert.user, opinion="A的总体意见")
    scoring.submit(sheet, mine.expert.user)
    other.fill("#opinion", "B：提交后才到的旧意见")
    other.locator("#opinion").blur()
    other.wait_for_function("() => window.rvPending === 0")
    assert "评分表已提交，不能再修改" in other.inner_text("#autosave-status")
    assert other.input_value("#opinion") == "A的总体意见" and other.is_disabled("#opinion")
    assert "B：提交后才到的旧意见" in other.inner_text("main")  # what was typed stays visible
    sheet.refresh_from_db()
    assert sheet.submitted and sheet.opinion == "A的总体意见"
