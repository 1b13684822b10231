"""The public notice of disqualified reviewers (portal.public.reviewer_notices): 曲靖 第三十一条
取消评审员资格，并向社会公告. Only where the city's rules name the public notice; never the facts recorded for
the office."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.domain import sanctions

from ...builders.conduct import open_work

FACTS = "查实其向申报单位透露评分，收受财物。"


def disqualify(code: str, expert_index: int = 1, review=None):
    review = review or open_work(code)[0]
    expert = review.experts[expert_index]
    rule = sanctions.rules_for(review.cycle.city)
    details = {c.value: "已按规定办理。" for c in rule.consequences.value}
    sanctions.disqualify(expert, review.cast.office, ground=rule.grounds.value[0], reason=FACTS, details=details)
    return expert, review


def test_a_qujing_disqualification_is_announced_to_the_public_第三十一条(cities, client):
    expert, _review = disqualify("qujing")
    page = client.get("/announcements/reviewers/").content.decode()
    assert expert.name in page and "曲靖市" in page and "第三十一条" in page and "评审办" in page
    assert FACTS not in page
    assert "评审员取消资格公告" in client.get("/announcements/").content.decode()


def test_a_chenzhou_disqualification_is_not_announced_第二十九条(cities, client):
    """Chenzhou's rules refer the reviewer to the employer; they name no public notice."""
    expert, _review = disqualify("chenzhou")
    page = client.get("/announcements/reviewers/").content.decode()
    assert expert.name not in page and "暂无公告" in page


def test_the_notice_page_asks_the_same_queries_for_one_row_and_several(cities, client):
    _expert, review = disqualify("qujing", 1)
    with CaptureQueriesContext(connection) as one:
        client.get("/announcements/reviewers/")
    disqualify("qujing", 2, review)
    with CaptureQueriesContext(connection) as two:
        page = client.get("/announcements/reviewers/").content.decode()
    assert len(two) == len(one)
    assert page.count("第三十一条") >= 2
