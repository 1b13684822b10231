"""The score sheet beside the materials in headless Chromium: side by side at 1400 px, each scrolling on its own;
stacked at 800 px; a click on a scoring band says what the band offers; choosing a percentage marks its band."""

import pytest

from awards.domain import documents

from .. import factories
from ..builders.intake import PDF, upload_file
from ..builders.review import Review, to_stage
from .conftest import login

pytestmark = pytest.mark.browser


def box(page, selector):
    return page.locator(selector).bounding_box()


def test_materials_and_sheet_side_by_side_on_a_wide_screen_and_stacked_on_a_narrow_one(page, shot, cities):
    review = Review("ordos", prefix="ordoslayout")
    app = factories.application_for(review.cycle, recommender=review.cast.recommender_unit)
    documents.store_upload(app, upload_file("质量手册.pdf", PDF), "evidence", "", factories.member(app.organisation))
    to_stage(app, review.cast, "document_review")
    mine = review.assign(app)[1]
    review.declare_all([mine])
    login(page, mine.expert.user.username)

    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"/reviews/tasks/{mine.pk}/sheet/")
    materials, sheet = box(page, "#materials-pane"), box(page, "#sheet-pane")
    assert materials["x"] + materials["width"] <= sheet["x"]  # materials on the left, the sheet on the right
    assert abs(materials["y"] - sheet["y"]) < 2 and sheet["width"] > materials["width"]
    assert "质量手册.pdf" in page.inner_text("#materials-pane")
    shot("expert-sheet-beside-materials-1400-top")
    # Each pane scrolls on its own: the sheet moves, the materials stay where they were.
    assert page.evaluate("() => { const s = document.getElementById('sheet-pane');"
                         " return s.scrollHeight > s.clientHeight; }")
    page.locator("#pct-4\\.7\\.1").scroll_into_view_if_needed()
    assert page.evaluate("document.getElementById('sheet-pane').scrollTop") > 0
    assert page.evaluate("document.getElementById('materials-pane').scrollTop") == 0
    assert page.evaluate("window.scrollY") < 400
    # The progress and deadline stay at the top of the sheet while it scrolls.
    assert box(page, "#sheet-progress")["y"] < sheet["y"] + 20

    item = page.locator(".rv-item[data-code='4.7.1']")
    item.locator("button.sc-band", has_text="50–65%").click()
    assert "本段可选50%、55%、60%、65%，得40–52分" in item.locator(".sc-hint").inner_text()
    assert page.evaluate("document.activeElement.id") == "pct-4.7.1"
    page.select_option("#pct-4\\.7\\.1", "75")
    page.wait_for_function("() => window.rvPending === 0")
    assert item.locator(".sc-band.current").inner_text().startswith("70–85%")
    assert page.inner_text("#scored") == "1 / 23" and page.inner_text("#total") == "60.00"
    assert page.evaluate("document.getElementById('scored-bar').value") == 1
    item.locator("summary").click()
    assert "水平（Le）" in item.locator(".sc-guide-table").inner_text()
    shot("expert-sheet-beside-materials-1400")

    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(f"/reviews/tasks/{mine.pk}/sheet/")
    materials, sheet = box(page, "#materials-pane"), box(page, "#sheet-pane")
    assert materials["y"] + materials["height"] <= sheet["y"]  # stacked: the materials first
    assert abs(materials["x"] - sheet["x"]) < 2
    shot("expert-sheet-stacked-800")
