"""Issue 12: an ended 公示 shows as ended on the day after its last day, before the background run closes it
(济南 第十七条: 公示期 5 working days). "Open" and "ended" are decided by the dates, not by closed_at."""

import pytest

from awards.domain import publicity
from awards.workflow import Status

from ...builders.journeys import travel
from ...builders.publicity import AFTER, START, at_publicity

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(cities):
    cycle, cast, apps = at_publicity("jinan", 1)
    with travel(START):
        notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)
        publicity.file_objection(notice.entries.get(), name="王某", contact="13800000000", text="数据存疑")
    return notice, cast


def test_the_state_follows_the_dates_第十七条(notice):
    notice, _cast = notice
    assert publicity.state(notice, notice.starts_on) == publicity.OPEN
    assert publicity.state(notice, notice.ends_on) == publicity.OPEN
    assert publicity.state(notice, AFTER) == publicity.ENDED
    assert notice.closed_at is None  # the scheduler has not run


def test_the_public_list_and_page_say_ended_the_day_after_the_last_day_第十七条(notice, client):
    notice, _cast = notice
    with travel(AFTER):
        listing = client.get("/publicity/").content.decode()
        page = client.get(f"/publicity/{notice.pk}/").content.decode()
    assert "已结束" in listing and "未开始或待处理" not in listing and "公示中" not in listing
    assert "已结束" in page and "期满结束，不再受理异议" in page and "提交异议" not in page


def test_before_its_first_day_it_is_not_yet_open(notice, client):
    notice, _cast = notice
    with travel(notice.starts_on.replace(day=notice.starts_on.day - 1)):
        page = client.get(f"/publicity/{notice.pk}/").content.decode()
    assert "未开始" in page and "提交异议" not in page


def test_the_office_objection_list_says_the_publicity_has_ended_第十七条(notice, client):
    notice, cast = notice
    client.force_login(cast.office)
    with travel(AFTER):
        page = client.get("/office/jinan/objections/").content.decode()
    assert "公示已于" in page and "结束" in page
