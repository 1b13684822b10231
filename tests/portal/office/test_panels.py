"""The office's review pages (portal.office.panels): the expert pool, a panel topped up after a recusal, bad ids
on its forms, moving on only after the consensus, the satisfaction survey."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from awards.workflow import Status
from reviews.domain import consensus, panels, results
from reviews.models import Assignment, Expert, PanelMember, Recusal, SurveyResult

from ... import factories
from ...builders.journeys import Cast
from ...builders.review import Review, agreed_all, make_expert

FORM = {"city": "chenzhou", "username": "expert_li", "name": "李质量", "email": "li@example.cn", "field": "质量管理",
        "industry": "制造业", "sector": "secondary", "industry_expert": "on", "employer": "湘南学院",
        "employer_code": "", "employer_since": "2018", "past_employer": "郴州某机械有限公司",
        "past_code": "", "past_from": "2008", "past_to": "2017", "rel_org": "郴州某咨询公司",
        "rel_code": "", "rel_text": "持有5%股份"}


def test_office_adds_an_expert_with_jobs_and_relations(cities, client):
    office = Cast("chenzhou").office
    client.force_login(office)
    page = client.post("/reviews/office/experts/", FORM, follow=True).content.decode()
    assert "已将李质量加入专家库" in page and "郴州某机械有限公司（2008—2017）" in page
    expert = Expert.objects.get(name="李质量")
    assert expert.city.code == "chenzhou" and expert.is_industry_expert
    assert [(j.employer, j.start_year, j.end_year) for j in expert.employments.order_by("start_year")] == [
        ("郴州某机械有限公司", 2008, 2017), ("湘南学院", 2018, None)]
    assert expert.relations.get().relation == "持有5%股份"
    assert not expert.user.has_usable_password()
    assert expert.user.groups.filter(city_role__role="expert").exists()


@pytest.mark.parametrize("change, message", [
    ({"past_to": "2040"}, "截止年份应在起始年份与今年之间"),
    ({"past_to": "二〇一七"}, "曾任职截止年份须为四位年份"),
    ({"name": ""}, "请填写：姓名"),
    ({"sector": ""}, "请选择所属产业"),
    ({"rel_text": ""}, "请说明与该单位的利害关系"),
    ({"city": "wuhan"}, "请选择城市"),
])
def test_bad_expert_input_is_refused_and_changes_nothing(cities, client, change, message):
    client.force_login(Cast("chenzhou").office)
    page = client.post("/reviews/office/experts/", {**FORM, **change}, follow=True).content.decode()
    assert message in page
    assert not Expert.objects.exists() and not User.objects.filter(username="expert_li").exists()


def test_a_taken_username_is_refused(cities, client):
    factories.UserFactory(username="expert_li")
    client.force_login(Cast("chenzhou").office)
    page = client.post("/reviews/office/experts/", FORM, follow=True).content.decode()
    assert "用户名“expert_li”已被使用" in page and not Expert.objects.exists()


def test_after_a_recusal_the_office_tops_up_the_panel_and_names_a_new_leader(cities, client):
    review = Review("chenzhou")
    app = review.application()
    review.declare_all(review.assign(app))
    panels.record_recusal(app, review.leader, review.cast.office, reason="组长与申报单位负责人为近亲属")
    client.force_login(review.cast.office)
    page = client.get(f"/reviews/office/panels/{review.panel.pk}/").content.decode()
    assert "回避后参加评审的专家不足3人（第十四条）" in page
    newcomer = make_expert("chenzhou", "增补专家")
    client.post(f"/reviews/office/panels/{review.panel.pk}/members/", {"expert": newcomer.pk})
    client.post(f"/reviews/office/panels/{review.panel.pk}/leader/", {"expert": review.experts[1].pk})
    assert panels.leader_of(review.panel) == review.experts[1]
    assert review.panel.assignments.filter(application=app, expert=newcomer, state="awaiting").exists()
    assert "不足3人" not in client.get(f"/reviews/office/panels/{review.panel.pk}/").content.decode()
    outsider = make_expert("chenzhou", "非成员")
    with pytest.raises(panels.InvalidInput, match="组长须为本评审组成员"):
        panels.set_leader(review.panel, outsider, review.cast.office)
    with pytest.raises(panels.TransitionDenied):
        panels.set_leader(review.panel, review.experts[2], review.experts[2].user)


@pytest.mark.parametrize("path, field, value", [
    ("assign", "application", "abc"),
    ("members", "expert", "1x"),
    ("leader", "expert", "1x"),
    ("recuse", "assignment", "①"),
])
def test_office_forms_answer_a_non_numeric_id_with_a_message(cities, client, path, field, value):
    review = Review("chenzhou")
    app = review.application()
    review.assign(app)
    before = (list(Assignment.objects.values_list("pk", "state")),
              list(PanelMember.objects.values_list("pk", "is_leader")), Recusal.objects.count())
    client.force_login(review.cast.office)
    data = {field: value, "reason": "理由"}
    response = client.post(f"/reviews/office/panels/{review.panel.pk}/{path}/", data, follow=True)
    assert response.status_code == 200
    assert "无效（编号须为正整数）" in response.content.decode()
    after = (list(Assignment.objects.values_list("pk", "state")),
             list(PanelMember.objects.values_list("pk", "is_leader")), Recusal.objects.count())
    assert after == before


def test_office_advances_only_after_consensus(cities, client):
    review = Review("ordos", stage="site_review")
    app = review.application(stage="site_review")
    assignments = review.assign(app)
    review.declare_all(assignments)
    review.score_all(assignments, [60, 60, 65])
    client.force_login(review.cast.office)
    url = f"/reviews/office/panels/{review.panel.pk}/applications/{app.pk}/advance/"
    page = client.post(url, follow=True).content.decode()
    assert "尚未记录共识评分" in page
    app.refresh_from_db()
    assert app.status == Status.SITE_REVIEW
    consensus.record(review.panel, app, review.leader.user, agreed_all(consensus.compare(review.panel, app)))
    client.force_login(review.leader.user)
    assert client.post(url).status_code == 403
    client.force_login(review.cast.office)
    client.post(url)
    app.refresh_from_db()
    assert app.status == Status.PUBLIC_COMMENT
    assert app.audit_trail.last().reason.startswith("评审组已形成")


def test_after_document_review_only_the_confirmed_ranking_moves_applications_on(ordos_scored, client):
    review, app, _ = ordos_scored
    consensus.record(review.panel, app, review.leader.user, agreed_all(consensus.compare(review.panel, app)))
    client.force_login(review.cast.office)
    url = f"/reviews/office/panels/{review.panel.pk}/applications/{app.pk}/advance/"
    page = client.post(url, follow=True).content.decode()
    assert "请在“综合评价”页面确认入选名单" in page
    app.refresh_from_db()
    assert app.status == Status.DOCUMENT_REVIEW


def test_office_enters_the_survey_result_citing_the_article(cities, client):
    review = Review("chenzhou")
    app = review.application(stage="satisfaction_survey")
    client.force_login(review.cast.office)
    url = f"/reviews/office/applications/{app.pk}/survey/"
    page = client.get(url).content.decode()
    assert "第十七条" in page and "市场（顾客）满意度测评" in page
    for bad in ("", "abc", "101", "-1", "NaN"):
        answer = client.post(url, {"score": bad, "agency": "某测评中心", "summary": "报告"}, follow=True)
        assert "满意度指数须为0至100之间的数字" in answer.content.decode(), bad
    assert "请填写：测评机构" in client.post(url, {"score": "85", "summary": "x"}, follow=True).content.decode()
    assert not SurveyResult.objects.exists()
    client.post(url, {"score": "86.5", "agency": "湖南某满意度测评中心", "summary": "顾客满意度指数86.5"})
    result = SurveyResult.objects.get()
    assert result.article == "第十七条" and result.entered_by == review.cast.office
    assert results.stage_results([app.pk]) == {app.pk: {"satisfaction_survey": Decimal("86.50")}}


def test_office_passes_the_survey_only_once_its_result_is_recorded(cities, client):
    review = Review("chenzhou")
    app = review.application(stage="satisfaction_survey")
    url = f"/reviews/office/applications/{app.pk}/survey/advance/"
    client.force_login(Cast("qujing").office)
    assert client.post(url).status_code == 403  # another city's office
    client.force_login(review.cast.office)
    assert "请先录入满意度测评结果" in client.post(url, follow=True).content.decode()
    app.refresh_from_db()
    assert app.status == Status.SATISFACTION_SURVEY
    client.post(f"/reviews/office/applications/{app.pk}/survey/",
                {"score": "90", "agency": "湖南某满意度测评中心", "summary": "顾客满意度指数90"})
    page = client.get(f"/reviews/office/cycles/{app.cycle_id}/results/").content.decode()
    assert url in page  # the button sits on the results page
    assert "已进入" in client.post(url, follow=True).content.decode()
    app.refresh_from_db()
    assert app.status == Status.RANKING
    entry = app.audit_trail.order_by("-pk").first()
    assert entry.actor_role == "office" and entry.article == "第十七条" and entry.from_state == "satisfaction_survey"


@pytest.mark.parametrize("length, refused", [
    ("19", "第十八条规定公开征求意见期不少于20日，只能延长，不得缩短"),
    ("abc", "期限请填写1至366之间的整数"),
    ("²", "期限请填写1至366之间的整数"),
    ("0", "期限请填写1至366之间的整数"),
    ("9" * 100_000, "期限请填写1至366之间的整数"),
])
def test_ordos_office_may_not_shorten_the_20_day_public_comment_of_article_18(cities, client, length, refused):
    review = Review("ordos")
    review.application(stage="public_comment")
    client.force_login(review.cast.office)
    results = client.get(f"/reviews/office/cycles/{review.cycle.pk}/results/").content.decode()
    assert "不少于20日（第十八条），可以延长，不得缩短" in results
    page = client.post(f"/reviews/office/cycles/{review.cycle.pk}/comments/publish/", {"length": length},
                       follow=True).content.decode()
    assert refused in page
    assert not review.cycle.publicities.exists()


def test_ordos_office_lengthens_the_public_comment_to_30_days_by_article_18(cities, client):
    review = Review("ordos")
    app = review.application(stage="public_comment")
    client.force_login(review.cast.office)
    client.post(f"/reviews/office/cycles/{review.cycle.pk}/comments/publish/", {"length": "30"})
    notice = app.publicity_entries.get().publicity
    assert (notice.ends_on - notice.starts_on).days == 29 and notice.article == "第十八条"
