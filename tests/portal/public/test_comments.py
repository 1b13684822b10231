"""The public comment pages (portal.public.comments): Ordos's public comment period (第十八条), reached from the
publicity page, which takes no objections then."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from awards.domain import publicity
from reviews.domain import stage_inputs
from reviews.models import PublicComment

from ...builders.review import Review


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


def test_public_comment_period_on_the_publicity_page_leads_to_the_comment_form(cities, client):
    review = Review("ordos")
    app = review.application(stage="public_comment")
    notice = publicity.publish(cycle=review.cycle, stage="public_comment", applications=[app], actor=review.cast.office)
    page = client.get(f"/publicity/{notice.pk}/").content.decode()
    assert f"/reviews/comments/{notice.pk}/" in page and "提出异议" not in page
    entry = notice.entries.get()
    answer = client.post(f"/publicity/{notice.pk}/objection/",
                         {"entry": entry.pk, "name": "a", "contact": "b", "text": "c"}, follow=True).content.decode()
    assert "请通过“提交意见”页面发表意见" in answer
    assert not entry.objections.exists()


def test_office_publishes_the_results_for_comment_from_its_results_page(cities, client):
    review = Review("ordos")
    app = review.application(stage="public_comment")
    results_url = f"/reviews/office/cycles/{review.cycle.pk}/results/"
    publish_url = f"/reviews/office/cycles/{review.cycle.pk}/comments/publish/"
    client.force_login(review.cast.committee)
    assert client.post(publish_url).status_code == 403
    client.force_login(review.cast.office)
    assert "有1份申报等待公开征求意见" in client.get(results_url).content.decode()
    page = client.post(publish_url, follow=True).content.decode()
    assert "公开征求意见" in page and "征求意见至" in page
    notice = app.publicity_entries.get().publicity
    assert notice.stage == "public_comment" and notice.article == "第十八条"
    assert "没有等待公开征求意见的申报" in client.post(publish_url, follow=True).content.decode()
