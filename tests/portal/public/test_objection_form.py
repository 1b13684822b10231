"""The public objection form, on its own page beside a publicity (portal.public.views.objection_form): bad input
gets a Chinese message and changes nothing; per-IP throttle; no objection after the period."""

import datetime

import pytest
from django.core.cache import cache

from awards.domain import publicity
from awards.domain.publicity import OBJECTIONS_PER_HOUR
from awards.models import Objection
from awards.workflow import Status

from ...builders.journeys import travel
from ...builders.publicity import START, make_publicity

pytestmark = pytest.mark.usefixtures("fresh_throttle")


@pytest.fixture
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def notice(jinan_at_publicity):
    cycle, cast, apps = jinan_at_publicity
    with travel(START):
        return publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)


def _post(client, notice, **fields):
    data = {"entry": str(notice.entries.order_by("pk").first().pk), "name": "王某", "contact": "13800000000",
            "text": "数据存疑", **fields}
    ip = data.pop("ip", "10.0.0.1")
    with travel(START):
        return client.post(f"/publicity/{notice.pk}/objection/", data, follow=True, REMOTE_ADDR=ip)


@pytest.mark.parametrize("entry", ["abc", "1.5", "-1", "", "９", "99999999999999999999", "0"])
def test_a_bad_entry_is_a_chinese_message_not_a_500(notice, client, entry):
    response = _post(client, notice, entry=entry)
    assert response.status_code == 200
    assert "请选择对哪一个公示对象提出异议" in response.content.decode()
    assert not Objection.objects.exists()


def test_an_entry_of_another_publicity_is_refused(notice, client):
    response = _post(client, notice, entry=str(notice.entries.order_by("pk").last().pk + 1000))
    assert "请选择对哪一个公示对象提出异议" in response.content.decode()
    assert not Objection.objects.exists()


@pytest.mark.parametrize("field,limit,label", [("name", 100, "异议人"), ("contact", 100, "联系方式"),
                                               ("text", 2000, "异议内容")])
def test_field_lengths_are_capped(notice, client, field, limit, label):
    too_long = _post(client, notice, **{field: "长" * (limit + 1)}).content.decode()
    assert f"{label}不能超过{limit}个字" in too_long
    assert not Objection.objects.exists()
    assert "您的异议已提交" in _post(client, notice, **{field: "长" * limit}).content.decode()
    assert Objection.objects.count() == 1


def test_at_most_five_objections_per_address_per_hour(notice, client):
    for n in range(OBJECTIONS_PER_HOUR):
        assert "您的异议已提交" in _post(client, notice, text=f"异议{n}").content.decode()
    blocked = _post(client, notice, text="第六件").content.decode()
    assert f"每小时最多提交{OBJECTIONS_PER_HOUR}件异议" in blocked
    assert Objection.objects.count() == OBJECTIONS_PER_HOUR
    assert "您的异议已提交" in _post(client, notice, text="另一地址", ip="10.0.0.2").content.decode()
    assert Objection.objects.count() == OBJECTIONS_PER_HOUR + 1


def test_refused_input_does_not_use_up_the_allowance(notice, client):
    for _ in range(OBJECTIONS_PER_HOUR + 2):
        _post(client, notice, entry="abc")
    assert "您的异议已提交" in _post(client, notice).content.decode()


def test_public_reads_publicity_and_files_an_objection(client, cities):
    notice, cast = make_publicity(2)
    with travel(datetime.date(2026, 9, 16)):
        page = client.get(f"/publicity/{notice.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "第十七条" in html and "提出异议" in html
        entry = notice.entries.first()
        bad = client.post(f"/publicity/{notice.pk}/objection/",
                          {"entry": entry.pk, "name": "王某", "contact": "", "text": "x"})
        assert "请填写：联系方式" in bad.content.decode()
        assert "王某" in bad.content.decode()  # what was typed stays
        assert not Objection.objects.exists()
        good = client.post(f"/publicity/{notice.pk}/objection/",
                           {"entry": entry.pk, "name": "王某", "contact": "13800000000", "text": "数据存疑"})
        assert good.status_code == 302
    assert Objection.objects.get().entry == entry


def test_objection_after_the_period_is_refused(client, cities):
    notice, cast = make_publicity(1)
    with travel(datetime.date(2026, 12, 1)):
        response = client.post(f"/publicity/{notice.pk}/objection/",
                               {"entry": notice.entries.first().pk, "name": "王某", "contact": "1", "text": "迟"})
    assert "不再受理异议" in response.content.decode() or "不在公示期内" in response.content.decode()
    assert not Objection.objects.exists()


def test_publicity_pages_name_the_governing_text_and_that_jinan_s_expired_by_article_31(cities, client):
    notice, _cast = make_publicity(1)
    detail = client.get(f"/publicity/{notice.pk}/").content.decode()
    assert "适用文本：《济南市市长质量奖管理办法》" in detail and "已过有效期" in detail and "第三十一条" in detail
    listing = client.get("/publicity/").content.decode()
    assert "适用文本：《济南市市长质量奖管理办法》" in listing and "已过有效期" in listing
