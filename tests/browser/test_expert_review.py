"""Expert review in headless Chromium: declaration and pledge, a whole GB/T 19580 sheet, the leader's consensus."""

import pytest

from reviews.domain import schemes
from reviews.models import Assignment, Consensus, ItemScore, Pledge

from ..builders.review import Review
from .conftest import login

pytestmark = pytest.mark.browser


def pct(code):
    # Results items a little lower; 4.1.1 far from the others' 60/70 so that only it is flagged for discussion.
    return "35" if code == "4.1.1" else ("55" if code.startswith("4.7") else "65")


def test_expert_declares_scores_a_whole_gbt19580_sheet_and_the_leader_runs_consensus(page, shot, cities):
    review = Review("ordos", prefix="ordos")
    app = review.application()
    leader_a, expert_a, third_a = review.assign(app)
    review.declare_all([leader_a, third_a])
    review.score_all([leader_a, third_a], [60, 70])
    items = schemes.load("gbt19580").items

    # The expert sees the task, with only the applicant's name, and must declare first.
    login(page, expert_a.expert.user.username)
    page.goto("/reviews/")
    assert "回避声明与保密承诺" in page.inner_text("main")
    shot("expert-queue-before-declaration")
    page.click("text=回避声明与保密承诺")
    page.check("input[name=conflict][value=no]")
    page.click("button:has-text('提交声明')")  # without the pledge
    assert "首次查看申报材料前须签署保密承诺" in page.inner_text("main")
    assert not Pledge.objects.filter(expert=expert_a.expert).exists()
    page.check("input[name=conflict][value=no]")
    page.check("#pledge")
    shot("expert-declaration-and-pledge")
    page.click("button:has-text('提交声明')")
    page.wait_for_url(f"**/reviews/tasks/{expert_a.pk}/sheet/")
    assert Pledge.objects.filter(expert=expert_a.expert).count() == 1
    assert Assignment.objects.get(pk=expert_a.pk).state == Assignment.State.ACTIVE
    page.click("text=查看申报材料")
    assert "申报表" in page.inner_text("main") and app.applicant_name in page.inner_text("main")
    shot("expert-materials")
    page.click("text=去评分")

    # Fill 22 of the 23 items; each change is saved as they go (autosave).
    for item in items[:-1]:
        page.select_option(f"select[name='pct-{item.code}']", pct(item.code))
    page.fill("textarea[name='str-4.1.1']", "高层领导亲自推进卓越绩效模式")
    page.fill("textarea[name='opp-4.1.1']", "质量文化在基层的展开不足")
    page.locator("textarea[name='opp-4.1.1']").blur()
    page.wait_for_function("() => window.rvPending === 0")
    assert "已自动保存" in page.inner_text("#autosave-status")
    assert page.inner_text("#scored").startswith("22")
    assert ItemScore.objects.filter(sheet__assignment=expert_a, percent__isnull=False).count() == 22
    page.reload()  # nothing lost
    assert page.input_value("select[name='pct-4.2.1']") == "65"
    assert page.input_value("textarea[name='str-4.1.1']") == "高层领导亲自推进卓越绩效模式"
    page.click("#submit-sheet")
    body = page.inner_text("main")
    assert "以下1个条款尚未评分" in body and "4.7.6 领导方面的结果" in body
    shot("expert-sheet-missing-item")
    page.select_option("select[name='pct-4.7.6']", "55")
    page.click("#submit-sheet")
    page.wait_for_url("**/reviews/")
    assert "评分表已提交" in page.inner_text("main") and "已提交评分" in page.inner_text("main")
    shot("expert-queue-after-submit")
    expert_sheet = Assignment.objects.get(pk=expert_a.pk).sheet
    assert expert_sheet.submitted_at is not None
    assert sum(i.points for i in expert_sheet.items.all()) == sum(
        i.points * int(pct(i.code)) / 100 for i in items)

    # The leader compares the three sheets and records the consensus.
    page.click("button:has-text('退出')")
    login(page, leader_a.expert.user.username)
    page.goto("/reviews/")
    page.click("text=共识评分")
    body = page.inner_text("main")
    assert "差异大" in body and review.experts[1].name in body
    assert page.locator("tr.flagged").count() == 2  # 4.1.1 only (35/60/70): its row and its notes row
    page.select_option("select[name='pct-4.1.1']", "50")
    page.fill("textarea[name='str-4.1.1']", "高层领导亲自推进卓越绩效模式")
    page.fill("#cmt-4\\.1\\.1", "经讨论取50%")
    page.fill("#report", "资料评审报告：该单位卓越绩效模式推行较好，结果类指标有待提升。")
    shot("leader-consensus")
    page.click("#record-consensus")
    assert "共识评分已记录" in page.inner_text("main")
    shot("leader-consensus-recorded")
    agreed = Consensus.objects.get(application=app, stage="document_review")
    assert agreed.items.get(item_code="4.1.1").percent == 50 and agreed.items.count() == 23
    assert agreed.recorded_by == leader_a.expert.user
