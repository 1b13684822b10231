"""portal.office.complaints: the office investigates and answers complaints about the process (郴州 第三十条); the
city's supervisors read the same list without the forms (济南 第九条（三）, 曲靖 第二十七条)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.domain import complaints
from awards.models import Complaint
from cities.models import City
from cities.schema import Role

from ... import factories


def _file(code="chenzhou", text="评审不公"):
    return complaints.file_complaint(City.objects.get(code=code), name="钱某", contact="qian@example.cn", text=text)


def test_office_takes_up_and_answers_over_http(cities, client):
    """郴州 第三十条: 评委会办公室应按照规定进行调查核实."""
    filed = _file()
    office = factories.city_user("chenzhou", Role.OFFICE)
    client.force_login(office)
    page = client.get("/office/chenzhou/complaints/").content.decode()
    assert filed.reference in page and "评审不公" in page and "qian@example.cn" in page and "录入答复" in page
    client.post(f"/office/complaints/{filed.pk}/", {"step": "investigate"})
    filed.refresh_from_db()
    assert filed.state == Complaint.State.INVESTIGATING
    refused = client.post(f"/office/complaints/{filed.pk}/", {"step": "answer", "findings": "", "answer": ""},
                          follow=True).content.decode()
    assert "请填写" in refused
    assert "请选择操作" in client.post(f"/office/complaints/{filed.pk}/", {"step": "x"}, follow=True).content.decode()
    done = client.post(f"/office/complaints/{filed.pk}/", {"step": "answer", "findings": "专家已回避",
                                                           "answer": "经核实，已按规定处理。"}, follow=True)
    assert "答复已录入" in done.content.decode()
    filed.refresh_from_db()
    assert filed.state == Complaint.State.ANSWERED and filed.answered_by == office
    status = client.get("/complaints/status/", {"ref": filed.reference}).content.decode()
    assert "已答复" in status and "经核实，已按规定处理。" in status and "专家已回避" not in status


def test_supervisors_read_without_forms_and_others_are_refused(cities, client):
    """济南 第九条（三）: the supervisory group reviews the complaints' handling — read-only."""
    filed = _file("jinan")
    supervisor = factories.city_user("jinan", Role.SUPERVISOR)
    client.force_login(supervisor)
    page = client.get("/office/jinan/complaints/").content.decode()
    assert filed.reference in page and "您以监督人员身份查阅" in page and "录入答复" not in page
    assert client.post(f"/office/complaints/{filed.pk}/", {"step": "investigate"}).status_code == 404
    client.force_login(factories.city_user("qujing", Role.OFFICE))
    assert client.get("/office/jinan/complaints/").status_code == 403
    assert client.post(f"/office/complaints/{filed.pk}/", {"step": "investigate"}).status_code == 404
    client.force_login(factories.city_user("jinan", Role.COMMITTEE))
    assert client.get("/office/jinan/complaints/").status_code == 403


def test_the_list_runs_a_fixed_number_of_queries(cities, client):
    client.force_login(factories.city_user("chenzhou", Role.OFFICE))
    office = factories.city_user("chenzhou", Role.OFFICE)
    complaints.answer(_file(), actor=office, findings="a", answer_text="b")
    _file()
    with CaptureQueriesContext(connection) as one:
        assert client.get("/office/chenzhou/complaints/").status_code == 200
    for n in range(5):
        complaints.answer(_file(text=f"投诉{n}"), actor=office, findings="a", answer_text="b")
        _file(text=f"待办{n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/office/chenzhou/complaints/").content.decode()
    assert "待办4" in page and "投诉4" in page
    assert len(many) == len(one), [q["sql"] for q in many]
