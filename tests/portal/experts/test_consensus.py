"""The consensus page (portal.experts.consensus): the leader waits for every sheet, records through the form,
and is told why it cannot record yet."""

from decimal import Decimal

import pytest

from reviews.domain import consensus
from reviews.models import Consensus

from ...builders.review import Review


def test_leader_waits_for_every_sheet_and_sees_nothing_before_submitting_own(cities, client):
    review = Review("ordos")
    app = review.application()
    assignments = review.assign(app)
    review.declare_all(assignments)
    review.score_all(assignments[1:], [70, 75])  # the leader has not submitted
    url = f"/reviews/panels/{review.panel.pk}/applications/{app.pk}/consensus/"
    client.force_login(review.leader.user)
    assert client.get(url).status_code == 403
    client.force_login(review.experts[1].user)  # submitted: may compare, may not record
    page = client.get(url)
    assert page.status_code == 200 and "评分对照" in page.content.decode()
    assert client.post(url, {"pct-4.1.1": "50"}).status_code == 403
    with pytest.raises(consensus.TransitionDenied):
        consensus.record(review.panel, app, review.leader.user, {})
    review.score_all(assignments[:1], [80])
    client.force_login(review.leader.user)
    page = client.get(url)
    assert page.status_code == 200 and "记录共识评分" in page.content.decode()


def test_consensus_page_records_through_the_form(ordos_scored, client):
    review, app, _ = ordos_scored
    url = f"/reviews/panels/{review.panel.pk}/applications/{app.pk}/consensus/"
    client.force_login(review.leader.user)
    page = client.get(url).content.decode()
    assert "差异大" in page
    data = {f"pct-{row.code}": "60" for row in consensus.compare(review.panel, app).rows}
    data["pct-4.1.1"] = "abc"
    answer = client.post(url, data, follow=True).content.decode()
    assert "得分百分比须为整数" in answer and not Consensus.objects.exists()
    data["pct-4.1.1"] = "55"
    client.post(url, data)
    assert Consensus.objects.get().total == Decimal("600.00") - Decimal("2.50")


def test_consensus_page_tells_the_leader_why_it_cannot_record_yet(half_declared, client):
    review, app, _ = half_declared
    client.force_login(review.leader.user)
    page = client.get(f"/reviews/panels/{review.panel.pk}/applications/{app.pk}/consensus/").content.decode()
    assert "尚有专家未作回避声明：专家2、专家3" in page and 'id="record-consensus"' not in page
