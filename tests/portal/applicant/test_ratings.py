"""The applicant rates its reviewers from the status page once the stage is over (portal.applicant.ratings):
Chenzhou 第三十二条 (the site reviewers' 工作质量、纪律作风), Ordos 第二十五条 (纪律执行情况). One rating per reviewer,
append-only; bad input answers in Chinese."""

import pytest

from reviews.models import ConductRating

from ...builders.conduct import site_review_over
from ...builders.intake import applicant_of
from ...builders.review import Review


def _url(app):
    return f"/apply/{app.pk}/reviewer-ratings/"


def test_chenzhou_the_organisation_rates_its_site_reviewers_第三十二条(cities, client):
    review, app, assignments = site_review_over("chenzhou")
    client.force_login(applicant_of(app))
    status = client.get(f"/apply/{app.pk}/status/").content.decode()
    assert _url(app) in status
    page = client.get(_url(app)).content.decode()
    assert "工作质量" in page and "纪律作风" in page and "第三十二条" in page
    assert all(a.expert.name in page for a in assignments)
    target = assignments[1]
    answer = client.post(_url(app), {"assignment": target.pk, "score_0": "4", "score_1": "5",
                                     "comment": "准时、认真"}, follow=True).content.decode()
    assert f"已提交对{target.expert.name}的评价" in answer
    rating = ConductRating.objects.get(assignment=target)
    assert rating.scores == {"工作质量": 4, "纪律作风": 5} and rating.scale == 5 and rating.article == "第三十二条"
    assert rating.rater_side == "applicant"
    again = client.post(_url(app), {"assignment": target.pk, "score_0": "1", "score_1": "1"},
                        follow=True).content.decode()
    assert "评价提交后不能修改" in again
    assert ConductRating.objects.get(assignment=target).scores["工作质量"] == 4


@pytest.mark.parametrize("post, message", [
    ({"score_0": "6", "score_1": "5"}, "评分须为1至5的整数"),
    ({"score_0": "²", "score_1": "5"}, "评分须为1至5的整数"),
    ({"score_0": "4"}, "请为以下项目评分：纪律作风"),
    ({"score_0": "4", "score_1": "4", "comment": "x" * 100_000}, "评价意见不超过1000字"),
])
def test_bad_ratings_are_refused_in_chinese_第三十二条(cities, client, post, message):
    review, app, assignments = site_review_over("chenzhou")
    client.force_login(applicant_of(app))
    answer = client.post(_url(app), {"assignment": assignments[0].pk, **post}, follow=True)
    assert answer.status_code == 200 and message in answer.content.decode()
    assert not ConductRating.objects.exists()


def test_a_nul_in_the_comment_is_refused_not_a_500(cities, client):
    review, app, assignments = site_review_over("chenzhou")
    client.force_login(applicant_of(app))
    answer = client.post(_url(app), {"assignment": assignments[0].pk, "score_0": "4", "score_1": "4",
                                     "comment": "a\x00b"}, follow=True)
    assert answer.status_code in (200, 400) and not ConductRating.objects.exists()


def test_a_reviewer_of_another_application_or_a_bad_id_is_refused(cities, client):
    review, app, assignments = site_review_over("chenzhou")
    client.force_login(applicant_of(app))
    for bad in ("0", "abc", "9" * 30, ""):
        answer = client.post(_url(app), {"assignment": bad, "score_0": "4", "score_1": "4"}, follow=True)
        assert "请选择要评价的评审人员" in answer.content.decode()


def test_not_before_the_site_review_is_over_第三十二条(cities, client):
    review = Review("chenzhou", stage="site_review")
    app = review.application()
    review.ready_for_consensus(app)
    client.force_login(applicant_of(app))
    answer = client.get(_url(app))
    assert answer.status_code == 403 and "现场评审结束后才能评价（第三十二条）" in answer.content.decode()
    assert _url(app) not in client.get(f"/apply/{app.pk}/status/").content.decode()


def test_others_and_cities_without_ratings_see_nothing(cities, client):
    review, app, assignments = site_review_over("chenzhou")
    client.force_login(review.experts[0].user)
    assert client.get(_url(app)).status_code == 404
    wuhan = Review("wuhan", stage="document_review")
    other = wuhan.application()
    client.force_login(applicant_of(other))
    assert client.get(_url(other)).status_code == 404  # 武汉 rates no one


def test_ordos_the_reviewed_rate_the_reviewers_discipline_第二十五条(cities, client):
    review, app, assignments = site_review_over("ordos")
    client.force_login(applicant_of(app))
    page = client.get(_url(app)).content.decode()
    assert "纪律执行情况" in page and "第二十五条" in page
    client.post(_url(app), {"assignment": assignments[0].pk, "score_0": "5"})
    assert ConductRating.objects.get().scores == {"纪律执行情况": 5}


def test_ratings_are_append_only(cities, client):
    review, app, assignments = site_review_over("chenzhou")
    client.force_login(applicant_of(app))
    client.post(_url(app), {"assignment": assignments[0].pk, "score_0": "4", "score_1": "5"})
    rating = ConductRating.objects.get()
    rating.comment = "改"
    with pytest.raises(Exception):  # noqa: B017 -- AppendOnly
        rating.save()
    with pytest.raises(Exception):  # noqa: B017
        rating.delete()
