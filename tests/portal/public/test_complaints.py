"""portal.public.complaints: the public complaint form (郴州 第三十条: 任何单位和个人……可以投诉举报; 济南 第九条（三）)
and the status pages by reference number, for complaints and for objections (郴州 第三十四条: 告知异议方)."""

import datetime
import re

from django.core.cache import cache

from awards.models import Complaint

from ... import factories
from ...builders.journeys import travel
from ...builders.publicity import make_publicity

REF = re.compile(r"TS\d{4}-[0-9A-Z]{8}")


def test_anyone_files_a_complaint_and_follows_it_by_its_number(cities, client):
    """郴州 第三十条: the complaint reaches the office; the status page shows no personal data."""
    cache.clear()
    page = client.get("/complaints/").content.decode()
    assert "评委会办公室" in page and "第三十条" in page
    done = client.post("/complaints/", {"city": "chenzhou", "name": "钱某", "contact": "13800000000",
                                        "text": "现场评审组长与申报单位存在利害关系"}, follow=True)
    body = done.content.decode()
    reference = REF.search(body).group(0)
    assert "您的投诉已提交" in body and "已受理" in body
    complaint = Complaint.objects.get(reference=reference)
    assert complaint.city.code == "chenzhou" and complaint.filed_by is None
    status = client.get("/complaints/status/", {"ref": reference}).content.decode()
    assert "已受理" in status and "钱某" not in status and "13800000000" not in status and "利害关系" not in status
    assert "没有找到该受理编号" in client.get("/complaints/status/", {"ref": "TS2026-AAAAAAAA"}).content.decode()


def test_bad_input_is_answered_in_chinese_never_a_500(cities, client):
    cache.clear()
    cases = [({"city": "nowhere", "name": "a", "contact": "b", "text": "c"}, "请选择向哪个城市投诉"),
             ({"city": "jinan", "name": "", "contact": "", "text": ""}, "请填写"),
             ({"city": "jinan", "name": "²", "contact": "b", "text": "c" * 100_000}, "不能超过"),
             ({"city": ["jinan", "qujing"], "name": "a", "contact": "b", "text": "c"}, None)]
    for data, message in cases:
        response = client.post("/complaints/", data, follow=True)
        assert response.status_code == 200
        if message:
            assert message in response.content.decode()
    assert client.post("/complaints/", {"city": "jinan", "name": "a\x00"}).status_code == 400
    assert client.get("/complaints/status/", {"ref": "x" * 10_000}).status_code == 200
    assert client.get("/objections/status/", {"ref": "²"}).status_code == 200


def test_a_signed_in_user_gets_the_form_filled_in(cities, client):
    user = factories.UserFactory(first_name="", last_name="", email="me@example.cn")
    client.force_login(user)
    page = client.get("/complaints/?city=jinan").content.decode()
    assert 'value="me@example.cn"' in page
    cache.clear()
    client.post("/complaints/", {"city": "jinan", "name": "我", "contact": "me@example.cn", "text": "问题"})
    assert Complaint.objects.get().filed_by == user


def test_an_objector_gets_a_number_and_follows_the_objection(cities, client):
    """济南 第十七条 / 郴州 第三十四条: the number on filing; the page names the step due, not the objector."""
    cache.clear()
    notice, _cast = make_publicity(1)
    entry = notice.entries.get()
    with travel(datetime.date(2026, 9, 15)):
        body = client.post(f"/publicity/{notice.pk}/objection/",
                           {"entry": entry.pk, "name": "王某", "contact": "w@example.cn", "text": "材料不实"},
                           follow=True).content.decode()
        reference = re.search(r"YY\d{4}-[0-9A-Z]{8}", body).group(0)
        status = client.get("/objections/status/", {"ref": reference}).content.decode()
    assert "待市质量强市领导小组办公室调查核实、提出处理意见" in status and "第十七条" in status
    assert "王某" not in status and "w@example.cn" not in status and "材料不实" not in status


def test_the_rules_page_names_who_handles_objections_and_complaints(cities, client):
    """鄂尔多斯 第二十一条 (评审委员会 → 秘书处 → 评审委员会); 郴州 第三十条 (投诉由评委会办公室受理)."""
    ordos = client.get("/cities/ordos/rules/").content.decode()
    route = ordos[ordos.index('id="objection-route"'):]
    route = route[:route.index("</tr>")]
    assert route.count("第二十一条") == 3 and "秘书处" in route
    chenzhou = client.get("/cities/chenzhou/rules/").content.decode()
    receiver = chenzhou[chenzhou.index('id="complaint-receiver"'):]
    assert "第三十条" in receiver[:receiver.index("</tr>")]
