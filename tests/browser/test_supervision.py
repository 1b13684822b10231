"""A Jinan supervisor's written opinion before the candidate list, in headless Chromium, through the browser only:
the office is refused with 第十六条, appoints the 届's 评审监督小组 (第九条), a member writes an opinion with a file,
and the office then proposes the candidate list. Screenshots go to the test's tmp dir."""

import pytest

from awards.models import Application
from awards.workflow import Status

from .. import factories
from ..builders.supervision import jinan_at_ranking
from .conftest import login

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_jinan_supervisors_opinion_comes_before_the_candidate_list(page, cities, tmp_path):
    """Jinan 第十六条 根据评审情况和评审监督小组的监督意见，提出市长质量奖候选名单; 第九条 聘任制."""
    scene, apps = jinan_at_ranking(2)
    member = factories.UserFactory(username="jinan_media_member", first_name="记者甲")

    def shot(name):
        page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)

    # the office tries to propose the candidate list: refused with the article
    login(page, scene.cast.office.username)
    page.goto(f"/reviews/ranking/{scene.cycle.pk}/")
    assert "第十六条" in page.inner_text("#supervision-missing")
    page.locator("form[data-section=ranking][data-quota=mayor_org] button[type=submit]").click()
    page.wait_for_load_state()
    assert "第十六条" in page.inner_text("ul.messages") and "尚未提交书面监督意见" in page.inner_text("ul.messages")
    shot("01-office-refused")

    # the office appoints the 届's group from the board's link
    page.get_by_role("link", name="评审监督小组与监督意见").click()
    page.wait_for_load_state()
    page.fill("input[name=username_0]", member.username)
    page.fill("input[name=name_0]", "记者甲")
    page.select_option("select[name=kind_0]", label="新闻媒体")
    page.fill("input[name=affiliation_0]", "济南日报社")
    page.locator("#appoint button[type=submit]").click()
    page.wait_for_load_state()
    assert "已聘任1名" in page.inner_text("ul.messages")
    shot("02-office-appointed")
    page.context.clear_cookies()

    # the member writes an opinion, with a file
    login(page, member.username)
    page.get_by_role("link", name="监督", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="查看").click()
    page.wait_for_load_state()
    assert apps[0].reference in page.inner_text("body")
    page.select_option("select[name=concerns]", value="review")
    page.fill("textarea[name=text]", "材料评审、现场评审和陈述答辩程序规范，同意按综合排序提出候选名单。")
    page.set_input_files("input[name=file]", files=[{"name": "监督意见.pdf", "mimeType": "application/pdf",
                                                     "buffer": PDF}])
    page.locator("#opinion-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "监督意见已提交" in page.inner_text("ul.messages")
    assert "监督意见.pdf" in page.inner_text("body")
    shot("03-member-opinion")
    page.context.clear_cookies()

    # the office now proposes the candidate list
    login(page, scene.cast.office.username)
    page.goto(f"/reviews/ranking/{scene.cycle.pk}/")
    assert page.locator("#supervision-missing").count() == 0
    page.locator("form[data-section=ranking][data-quota=mayor_org] button[type=submit]").click()
    page.wait_for_load_state()
    assert "名单已确认" in page.inner_text("body")
    shot("04-office-confirmed")
    assert set(Application.objects.filter(pk__in=[a.pk for a in apps]).values_list("status", flat=True)) == {
        Status.COMMITTEE_DECISION}
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "01-office-refused.png", "02-office-appointed.png", "03-member-opinion.png", "04-office-confirmed.png"]
