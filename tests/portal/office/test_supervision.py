"""The office appoints a 届's 评审监督小组 through its page (portal.office.supervision): kinds and the one-third
rotation checked on appointment (Jinan 第九条), dissolution once the 届's work has ended; who reaches the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.domain import access, lifecycle
from cities.schema import Role
from reviews.domain import supervision
from reviews.models import SupervisorAppointment, SupervisoryGroupDissolution

from ... import factories
from ...builders.ranking import Scene
from ...builders.supervision import appoint, jinan_at_ranking

pytestmark = pytest.mark.django_db


def _rows(*members):
    data = {}
    for i, (username, name, kind) in enumerate(members):
        data.update({f"username_{i}": username, f"name_{i}": name, f"kind_{i}": kind, f"affiliation_{i}": "某单位"})
    return data


def test_the_office_appoints_the_group_through_its_page(client, cities):
    """Jinan 第九条 评审监督小组成员实行聘任制: the page shows the kinds and the rotation share with the article; the
    appointed members get supervisor access."""
    scene, _apps = jinan_at_ranking(1)
    users = [factories.UserFactory(username=f"m{i}") for i in range(3)]
    client.force_login(scene.cast.office)
    url = f"/office/cycles/{scene.cycle.pk}/supervision/"
    text = client.get(url).content.decode()
    for words in ("评审监督小组", "人大代表", "执业律师", "三分之一", "第九条", "第十六条", "本届尚未聘任"):
        assert words in text, words
    assert f'href="{url}"' in client.get(f"/reviews/ranking/{scene.cycle.pk}/").content.decode()
    page = client.post(url, _rows(("m0", "张三", "npc_deputy"), ("m1", "李四", "media"), ("m2", "王五", "lawyer")),
                       follow=True)
    assert "已聘任3名" in page.content.decode() and "张三" in page.content.decode()
    assert all(access.is_supervisor(u, scene.cycle.city) for u in users)
    bad = client.post(url, _rows(("nobody", "赵六", "media")), follow=True)
    assert "有效账号" in bad.content.decode()
    odd = client.post(url, _rows(("m0²", "x" * 100_000, "x²")), follow=True)
    assert odd.status_code == 200 and "messages" in odd.content.decode()
    assert SupervisorAppointment.objects.filter(cycle=scene.cycle).count() == 3


def test_the_rotation_is_refused_on_the_page_with_the_article(client, cities):
    """Jinan 第九条 每届轮换的比例不少于三分之一: re-appointing the previous 届's three is refused in Chinese."""
    first, _ = jinan_at_ranking(1, term=1, year=2024)
    old = appoint(first.cycle, first.cast.office, 3, prefix="old")
    second, _ = jinan_at_ranking(1, term=2, year=2026)
    client.force_login(second.cast.office)
    url = f"/office/cycles/{second.cycle.pk}/supervision/"
    page = client.post(url, _rows(*[(u.username, "旧成员", "media") for u in old]), follow=True).content.decode()
    assert "第九条" in page and "不少于三分之一" in page and "只有0名" in page
    assert not SupervisorAppointment.objects.filter(cycle=second.cycle).exists()
    assert "上一届" in page and "old" in page  # the previous 届's members are listed


def test_the_office_dissolves_the_group_once_the_work_has_ended(client, cities):
    """Jinan 第九条 当届评审工作结束后评审监督小组即解散: refused while the 届 is under way; then the members lose
    access."""
    scene, apps = jinan_at_ranking(1)
    member = appoint(scene.cycle, scene.cast.office, 1)[0]
    client.force_login(scene.cast.office)
    url = f"/office/cycles/{scene.cycle.pk}/supervision/dissolve/"
    assert "尚有申报在评审中" in client.post(url, follow=True).content.decode()
    lifecycle.perform(apps[0], "stop", scene.cast.office, reason="测试")  # on_commit does not run in this test
    page = client.post(url, {"reason": "本届评审结束"}, follow=True).content.decode()
    assert "已解散" in page
    assert SupervisoryGroupDissolution.objects.filter(cycle=scene.cycle).exists()
    assert not access.is_supervisor(member, scene.cycle.city)


def test_who_reaches_the_appointment_page(client, cities):
    """The city's office only; a city without a group appointed per 届 (Qujing): 404."""
    scene, _apps = jinan_at_ranking(1)
    url = f"/office/cycles/{scene.cycle.pk}/supervision/"
    for outsider in (scene.cast.supervisor, scene.cast.committee, factories.city_user("qujing", Role.OFFICE)):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        assert client.post(url, _rows(("x", "x", "media"))).status_code == 403
    qujing = Scene("qujing")
    client.force_login(qujing.cast.office)
    assert client.get(f"/office/cycles/{qujing.cycle.pk}/supervision/").status_code == 404
    assert client.get("/office/cycles/999999/supervision/").status_code == 404


def test_the_appointment_page_runs_a_fixed_number_of_queries(client, cities):
    """Jinan 第九条: one member or four (and their opinions), the same number of queries."""
    scene, _apps = jinan_at_ranking(1)
    first = appoint(scene.cycle, scene.cast.office, 1, prefix="a")
    supervision.record_opinion(scene.cycle, first[0], concerns="review", text="意见一")
    client.force_login(scene.cast.office)
    url = f"/office/cycles/{scene.cycle.pk}/supervision/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for user in appoint(scene.cycle, scene.cast.office, 3, prefix="b"):
        supervision.record_opinion(scene.cycle, user, concerns="objections", text="意见")
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).status_code == 200
    assert len(four) == len(one)
