"""The expert rates the reviewed applicant's conduct from the assignment (portal.experts.ratings; Ordos
第二十五条: 评审人员对受评组织、个人守纪情况作评价), and a disqualified expert is told why on the expert pages
(Chenzhou 第二十九条)."""

from reviews.domain import sanctions
from reviews.models import ConductRating

from ...builders.conduct import open_work, site_review_over


def test_ordos_the_reviewer_rates_the_applicants_discipline_第二十五条(cities, client):
    review, app, assignments = site_review_over("ordos")
    mine = assignments[1]
    client.force_login(mine.expert.user)
    queue = client.get("/reviews/").content.decode()
    assert f"/reviews/tasks/{mine.pk}/rate/" in queue
    page = client.get(f"/reviews/tasks/{mine.pk}/rate/").content.decode()
    assert "守纪情况" in page and "第二十五条" in page
    answer = client.post(f"/reviews/tasks/{mine.pk}/rate/", {"score_0": "5", "comment": "配合良好"}, follow=True)
    assert "已提交您的评价" in answer.content.decode()
    rating = ConductRating.objects.get(assignment=mine)
    assert rating.rater_side == "expert" and rating.scores == {"守纪情况": 5} and rating.rated_by == mine.expert.user
    assert "已评价" in client.get("/reviews/").content.decode()
    client.post(f"/reviews/tasks/{mine.pk}/rate/", {"score_0": "1"})
    assert ConductRating.objects.get(assignment=mine).scores == {"守纪情况": 5}  # one per assignment, never changed


def test_the_expert_rates_only_its_own_task_and_only_where_the_measure_says_so(cities, client):
    review, app, assignments = site_review_over("ordos")
    client.force_login(assignments[0].expert.user)
    assert client.get(f"/reviews/tasks/{assignments[1].pk}/rate/").status_code == 404
    review, app, assignments = site_review_over("chenzhou")  # 第三十二条: only the organisation rates
    client.force_login(assignments[0].expert.user)
    assert client.get(f"/reviews/tasks/{assignments[0].pk}/rate/").status_code == 404


def test_a_disqualified_expert_is_told_why_第二十九条(cities, client):
    review, first, second, on_first, on_second, spare, conflicted = open_work("chenzhou")
    bad = review.experts[1]
    sanctions.disqualify(bad, review.cast.office, ground="徇私舞弊", reason="查实。",
                         details={"referred": "已函告其单位"})
    client.force_login(bad.user)
    queue = client.get("/reviews/").content.decode()
    assert "取消评审资格（第二十九条）" in queue and "原有评审任务已移交其他专家" in queue
    task = next(a for a in on_second if a.expert == bad)
    for url in (f"/reviews/tasks/{task.pk}/declare/", f"/reviews/tasks/{task.pk}/sheet/"):
        answer = client.get(url)
        assert answer.status_code == 403 and "您已被取消评审资格" in answer.content.decode()
