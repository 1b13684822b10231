"""Stage inputs that are not expert scores: Chenzhou's satisfaction survey, Ordos's public comment period."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from awards.domain import publicity
from reviews.domain import results, stage_inputs
from reviews.models import PublicComment, SurveyResult

from .helpers import Review


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


def test_survey_only_where_the_city_has_the_stage_and_at_that_stage(cities):
    review = Review("chenzhou")
    early = review.application()
    with pytest.raises(stage_inputs.InvalidInput, match="不在满意度测评环节"):
        stage_inputs.record_survey(early, review.cast.office, score="80", agency="a", summary="b")
    wuhan = Review("wuhan")
    app = wuhan.application()
    with pytest.raises(stage_inputs.InvalidInput, match="没有满意度测评环节"):
        stage_inputs.record_survey(app, wuhan.cast.office, score="80", agency="a", summary="b")


def test_public_comments_while_the_period_runs_and_the_office_reads_them(cities, client):
    review = Review("ordos")
    app = review.application(stage="public_comment")
    notice = publicity.publish(cycle=review.cycle, stage="public_comment", applications=[app], actor=review.cast.office)
    assert notice.ends_on - notice.starts_on >= datetime.timedelta(days=19)  # ≥20 days (第十八条)
    entry = notice.entries.get()
    url = f"/reviews/comments/{notice.pk}/"
    assert notice.title in client.get("/reviews/comments/").content.decode()
    page = client.get(url).content.decode()
    assert "第十八条" in page
    missing = client.post(url, {"entry": entry.pk, "name": "市民张某", "text": ""}, follow=True).content.decode()
    assert "请填写：联系方式、意见内容" in missing and not PublicComment.objects.exists()
    assert "请选择" in client.post(url, {"entry": "x", "name": "a", "contact": "b", "text": "c"},
                                  follow=True).content.decode()
    client.post(url, {"entry": entry.pk, "name": "市民张某", "contact": "13900000000",
                      "text": "该企业产品质量口碑好。"})
    assert PublicComment.objects.get().text == "该企业产品质量口碑好。"
    client.force_login(review.cast.office)
    assert "该企业产品质量口碑好" in client.get(f"/reviews/office/comments/{notice.pk}/").content.decode()
    after = timezone.now() + datetime.timedelta(days=40)
    with time_machine.travel(after, tick=False):
        with pytest.raises(stage_inputs.InvalidInput, match="征求意见期已结束"):
            stage_inputs.file_comment(entry, name="a", contact="b", text="c")
    assert PublicComment.objects.count() == 1


def test_comments_are_refused_on_an_ordinary_publicity(cities):
    review = Review("ordos")
    app = review.application(stage="publicity")
    notice = publicity.publish(cycle=review.cycle, stage="publicity", applications=[app], actor=review.cast.office)
    with pytest.raises(stage_inputs.InvalidInput, match="不是公开征求意见"):
        stage_inputs.file_comment(notice.entries.get(), name="a", contact="b", text="c")


def test_public_comment_period_on_the_publicity_page_leads_to_the_comment_form(cities, client):
    review = Review("ordos")
    app = review.application(stage="public_comment")
    notice = publicity.publish(cycle=review.cycle, stage="public_comment", applications=[app], actor=review.cast.office)
    page = client.get(f"/publicity/{notice.pk}/").content.decode()
    assert f"/reviews/comments/{notice.pk}/" in page and "提出异议" not in page
    entry = notice.entries.get()
    answer = client.post(f"/publicity/{notice.pk}/", {"entry": entry.pk, "name": "a", "contact": "b", "text": "c"},
                         follow=True).content.decode()
    assert "请通过“提交意见”页面发表意见" in answer
    assert not entry.objections.exists()
