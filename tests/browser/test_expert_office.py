"""The office's side of the expert review in headless Chromium: a panel formed by the rules, a refused
assignment with its reason, a recusal; the public's comment during Ordos's public comment period."""

import pytest

from awards.domain import publicity
from reviews.models import Assignment, Panel, PublicComment, Recusal

from .. import factories
from ..builders.review import Review, make_expert
from .conftest import login

pytestmark = pytest.mark.browser


def test_office_forms_a_panel_is_refused_a_conflicted_assignment_and_records_a_recusal(page, shot, cities):
    review = Review("qujing", prefix="曲靖")  # by industry, with an industry expert (第十八条)
    org = factories.OrganisationFactory(city=review.cycle.city, name="曲靖卓越装备有限公司", industry="制造业")
    app = review.application(organisation=org)
    conflicted = make_expert("qujing", "王回避", employer="曲靖卓越装备有限公司")
    others = [make_expert("qujing", f"候选专家{i}") for i in range(2)]

    login(page, review.cast.office.username)
    page.goto("/reviews/office/panels/")
    page.fill("#name", "制造业资料评审组")
    for expert in (conflicted, *others):
        page.check(f"input[name=experts][value='{expert.pk}']")
    page.check(f"input[name=leader][value='{others[0].pk}']")
    page.click("button:has-text('组建评审组')")
    body = page.inner_text("main")
    assert "本市按行业组建评审组（第十八条）" in body and "须包含行业专家（第十八条）" not in body
    assert not Panel.objects.filter(name="制造业资料评审组").exists()
    page.fill("#name", "制造业资料评审组")
    page.fill("#grouping", "制造业")
    for expert in (conflicted, *others):
        page.check(f"input[name=experts][value='{expert.pk}']")
    page.check(f"input[name=leader][value='{others[0].pk}']")
    page.click("button:has-text('组建评审组')")
    assert "须包含行业专家（第十八条）" in page.inner_text("main")
    page.fill("#name", "制造业资料评审组")
    page.fill("#grouping", "制造业")
    page.select_option("#stage", "document_review")
    for expert in (conflicted, *others, review.experts[1]):
        page.check(f"input[name=experts][value='{expert.pk}']")
    page.check(f"input[name=leader][value='{others[0].pk}']")
    shot("office-panel-form")
    page.click("button:has-text('组建评审组')")
    assert "评审组已组建" in page.inner_text("main")
    assert Panel.objects.get(name="制造业资料评审组").stage == "document_review"

    page.select_option("#application", str(app.pk))
    page.click("button:has-text('分配给本组')")
    body = page.inner_text("main")
    assert "不能分配：存在利害关系，须回避。" in body and "王回避现就职于申报单位“曲靖卓越装备有限公司”" in body
    shot("office-assignment-refused")
    assert not Assignment.objects.filter(application=app).exists()

    # The office assigns the original panel instead, then records a recusal for one of its experts.
    page.goto(f"/reviews/office/panels/{review.panel.pk}/")
    page.select_option("#application", str(app.pk))
    page.click("button:has-text('分配给本组')")
    assert "已将曲靖卓越装备有限公司分配给" in page.inner_text("main")
    recused = review.experts[2]
    assignment = Assignment.objects.get(application=app, expert=recused)
    page.select_option("select[name=assignment]", str(assignment.pk))
    page.fill("input[name=reason]", "该专家的配偶在申报单位任职")
    page.click("button:has-text('记录回避')")
    assert "已记录曲靖专家3回避" in page.inner_text("main")
    shot("office-panel-recusal")
    assert Recusal.objects.get().reason == "该专家的配偶在申报单位任职"


def test_public_comments_during_ordos_public_comment_period(page, shot, cities):
    review = Review("ordos")
    app = review.application(stage="public_comment")
    notice = publicity.publish(cycle=review.cycle, stage="public_comment", applications=[app], actor=review.cast.office)
    page.goto("/reviews/comments/")
    page.click(f"text={notice.title}")
    page.select_option("#entry", index=1)
    page.fill("#name", "市民李某")
    page.click("button:has-text('提交意见')")
    assert "请填写：联系方式、意见内容" in page.inner_text("main")
    assert page.input_value("#name") == "市民李某"  # nothing typed is lost
    page.fill("#contact", "13900001111")
    page.fill("#text", "该企业积极参与本地质量提升活动，产品口碑良好。")
    page.click("button:has-text('提交意见')")
    assert "您的意见已提交" in page.inner_text("main")
    shot("public-comment-ordos")
    assert PublicComment.objects.get().name == "市民李某"
    login(page, review.cast.office.username)
    page.goto(f"/reviews/office/cycles/{review.cycle.pk}/results/")
    page.click(f"text={notice.title}")
    assert "产品口碑良好" in page.inner_text("main")
    shot("office-public-comments")


def test_office_enters_chenzhous_satisfaction_survey_and_sees_the_results(page, shot, cities):
    from reviews.domain import consensus

    review = Review("chenzhou", prefix="郴州")
    app = review.application()
    review.ready_for_consensus(app)
    comparison = consensus.compare(review.panel, app)
    consensus.record(review.panel, app, review.leader.user,
                     {r.code: consensus.AgreedEntry(r.suggested) for r in comparison.rows})
    from awards.domain import lifecycle
    from reviews.domain.ranking import board, shortlists

    # after the document review the office confirms the site-review list (第十五条): the one door past it
    [group] = board.read(review.cycle, board.SHORTLIST).groups
    shortlists.confirm(review.cycle, board.SHORTLIST, group.quota_seats.key, [app.pk], review.cast.office)
    app.refresh_from_db()
    assert app.status == "site_review"
    lifecycle.perform(app, "advance", review.cast.office)  # to the satisfaction survey
    login(page, review.cast.office.username)
    page.goto(f"/reviews/office/cycles/{review.cycle.pk}/results/")
    page.click("text=录入满意度测评结果")
    assert "第十七条" in page.inner_text("main")
    page.fill("#score", "一百")
    page.fill("#agency", "湖南省某满意度测评中心")
    page.fill("#summary", "抽样调查顾客1200户，满意度指数86.4。")
    page.click("button:has-text('保存测评结果')")
    assert "满意度指数须为0至100之间的数字" in page.inner_text("main")
    assert page.input_value("#agency") == "湖南省某满意度测评中心"
    page.fill("#score", "86.4")
    page.click("button:has-text('保存测评结果')")
    body = page.inner_text("main")
    assert "满意度测评结果已录入" in body and "86.40" in body and "700.00" in body
    shot("office-review-results")
