"""The office's pages on reviewers' conduct (portal.office.conduct): an expert's page in the pool with the ratings
over time (Chenzhou 第三十二条), the disqualification through the page (Chenzhou 第二十九条; Jinan 第二十七条: the
评审监督小组 records it) and the hand-over, and the pool's yearly performance review (Qujing 第九条(二))."""

from django.utils import timezone

from reviews.models import Assignment, ConductRating, Expert, ReviewerSanction

from ...builders.conduct import open_work, site_review_over
from ...builders.intake import applicant_of
from ...builders.journeys import Cast
from ...builders.queries import count
from ...builders.review import Review, make_expert

YEAR = timezone.localdate().year


def _disqualify(client, expert, **extra):
    return client.post(f"/reviews/office/experts/{expert.pk}/disqualify/", {
        "ground": "徇私舞弊", "reason": "查实其在现场评审中收受礼品。", "detail_referred": "已函告其所在单位",
        **extra}, follow=True)


def test_chenzhou_office_disqualifies_an_expert_through_the_page_第二十九条(cities, client):
    review, first, second, on_first, on_second, spare, conflicted = open_work("chenzhou")
    bad = review.experts[1]
    client.force_login(review.cast.office)
    page = client.get(f"/reviews/office/experts/{bad.pk}/").content.decode()
    assert "取消评审资格" in page and "第二十九条" in page and "2项未完成的评审任务" in page
    answer = _disqualify(client, bad).content.decode()
    assert "已取消" in answer and "2项未完成的评审任务已关闭" in answer
    bad.refresh_from_db()
    assert not bad.active
    # the hand-over on the same page: the spare is offered, the conflicted expert and the disqualified one are not
    assert "评审任务移交" in answer and "备选专家" in answer and "有关系专家" not in answer.split("评审任务移交")[1]
    assert "评审组人数不足" in answer
    client.post(f"/reviews/office/panels/{review.panel.pk}/members/", {"expert": spare.pk})
    assert Assignment.objects.filter(expert=spare).count() == 2
    # the pool and the panel page no longer offer the disqualified expert
    pool = client.get("/reviews/office/experts/").content.decode()
    assert "已取消评审资格" in pool
    panel_page = client.get(f"/reviews/office/panels/{review.panel.pk}/").content.decode()
    offered = panel_page.split('name="expert" id="expert"')[1].split("</select>")[0]
    assert "备选专家" not in offered and bad.name not in offered  # the spare joined; the disqualified is not offered


def test_a_second_disqualification_and_bad_input_are_answered_in_chinese(cities, client):
    review = Review("chenzhou", size=3)
    client.force_login(review.cast.office)
    expert = review.experts[0]
    for bad in ({"ground": "²"}, {"reason": "x" * 100_000}, {"detail_referred": ""}, {"ground": ""}):
        answer = _disqualify(client, expert, **bad)
        assert answer.status_code == 200 and not ReviewerSanction.objects.exists()
    assert "请选择第二十九条所列的情形" in _disqualify(client, expert, ground="迟到").content.decode()
    _disqualify(client, expert)
    again = _disqualify(client, expert).content.decode()
    assert ReviewerSanction.objects.count() == 1 and "取消评审资格" in again


def test_jinan_the_office_cannot_but_the_supervisory_group_can_第二十七条(cities, client):
    review = Review("jinan", size=3)
    expert = review.experts[0]
    client.force_login(review.cast.office)
    page = client.get(f"/reviews/office/experts/{expert.pk}/").content.decode()
    assert "由评审监督小组取消，您无权记录" in page
    assert client.post(f"/reviews/office/experts/{expert.pk}/disqualify/", {}).status_code == 403
    client.force_login(Cast("jinan").supervisor)
    _disqualify(client, expert)
    sanction = ReviewerSanction.objects.get()
    assert sanction.recorded_role == "supervisor" and sanction.article == "第二十七条"


def test_nobody_else_sees_the_experts_page(cities, client):
    review = Review("chenzhou", size=3)
    expert = review.experts[0]
    for user in (Cast("qujing").office, review.experts[1].user):
        client.force_login(user)
        assert client.get(f"/reviews/office/experts/{expert.pk}/").status_code == 404
        assert client.post(f"/reviews/office/experts/{expert.pk}/disqualify/", {}).status_code in (403, 404)
    assert Expert.objects.get(pk=expert.pk).active


def test_the_office_reads_an_experts_ratings_over_time_第三十二条(cities, client):
    review, app, assignments = site_review_over("chenzhou")
    client.force_login(applicant_of(app))
    client.post(f"/apply/{app.pk}/reviewer-ratings/", {"assignment": assignments[0].pk, "score_0": "4",
                                                        "score_1": "5", "comment": "认真负责"})
    client.force_login(review.cast.office)
    page = client.get(f"/reviews/office/experts/{assignments[0].expert_id}/").content.decode()
    assert "认真负责" in page and "工作质量：4/5" in page and "90.0%" in page and str(YEAR) in page


def test_qujing_yearly_performance_review_lists_assignments_ratings_and_sanctions_第九条(cities, client):
    review = Review("qujing", size=3)
    app = review.application()
    assignments = review.assign(app)
    review.declare_all(assignments)
    member = applicant_of(app)
    ConductRating.objects.create(assignment=assignments[0], rater_side="applicant", rated_by=member,
                                 scores={"纪律": 3}, scale=5, article="第九条")
    client.force_login(review.cast.office)
    client.post(f"/reviews/office/experts/{review.experts[2].pk}/disqualify/", {
        "ground": "收受财物", "reason": "查实。", "detail_public_notice": "已在市政府网站公告"})
    assert f"/reviews/office/qujing/expert-review/{YEAR}/" in client.get("/reviews/office/experts/").content.decode()
    page = client.get(f"/reviews/office/qujing/expert-review/{YEAR}/").content.decode()
    assert "评审员绩效考评" in page and "第九条" in page
    assert "1 / 60.0%" in page and "收受财物（第三十一条）" in page and "已取消资格" in page
    assert client.get("/reviews/office/qujing/expert-review/99999/").status_code == 404


def test_where_the_measure_has_no_performance_review_the_page_says_so(cities, client):
    client.force_login(Cast("jinan").office)
    answer = client.get(f"/reviews/office/jinan/expert-review/{YEAR}/")
    assert answer.status_code == 403 and "本市办法未规定评审员绩效考评" in answer.content.decode()
    client.force_login(Cast("chenzhou").office)
    assert client.get(f"/reviews/office/qujing/expert-review/{YEAR}/").status_code == 404


def test_the_yearly_review_runs_the_same_queries_for_one_and_many_experts(cities, client):
    review = Review("qujing", size=3)
    client.force_login(review.cast.office)
    url = f"/reviews/office/qujing/expert-review/{YEAR}/"
    one = count(client, url)
    for i in range(6):
        make_expert("qujing", f"又一专家{i}")
    assert count(client, url) == one


def test_the_experts_page_runs_the_same_queries_for_one_and_many_ratings(cities, client):
    review, app, assignments = site_review_over("chenzhou")
    member = applicant_of(app)
    expert = assignments[0].expert
    ConductRating.objects.create(assignment=assignments[0], rater_side="applicant", rated_by=member,
                                 scores={"工作质量": 4, "纪律作风": 4}, scale=5, article="第三十二条")
    client.force_login(review.cast.office)
    url = f"/reviews/office/experts/{expert.pk}/"
    one = count(client, url)
    second = Review("chenzhou", same_cycle_as=review, size=3, stage="site_review", prefix="乙")
    for _i in range(3):
        other = second.application()
        second.panel.members.create(expert=expert)
        [mine] = [a for a in second.assign(other) if a.expert == expert]
        mine.state = "active"
        mine.save()
        ConductRating.objects.create(assignment=mine, rater_side="applicant", rated_by=applicant_of(other),
                                     scores={"工作质量": 3, "纪律作风": 5}, scale=5, article="第三十二条")
        second.panel.members.filter(expert=expert).delete()
    assert count(client, url) == one
