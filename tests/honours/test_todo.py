"""After the award, the to-dos (honours.domain.todo) through the homes: the winner's yearly report, the office's
government decision to record (政府审定) and a missed report to deal with; each clears when it is done."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from honours.domain import duties

from ..builders.approval import Approvals
from ..builders.intake import PDF
from ..builders.journeys import travel
from ..builders.todo import todos
from ..builders.winners import winner

D = datetime.date


def test_the_winner_hands_in_the_yearly_report_from_the_to_do_list(cities, client):
    app, world, user = winner("qujing")
    first, _second, _third = duties.schedule(app)
    with travel(D(2027, 6, 1)):
        client.force_login(user)
        lines = todos(client.get("/home/", follow=True).content.decode())
        assert lines == [(first.due_on.isoformat(), f"/apply/{app.pk}/duties/",
                          f"报送2027年度自评报告：{app.applicant_name}（{app.reference}）")]
        assert client.get(lines[0][1]).status_code == 200
        client.post(f"/apply/yearly-reports/{first.pk}/upload/", {"file": SimpleUploadedFile("报告.pdf", PDF)})
        assert todos(client.get("/apply/").content.decode()) == []


def test_a_missed_report_is_the_offices_to_do(cities, client):
    app, world, _user = winner("qujing")
    first, *_rest = duties.schedule(app)
    with travel(first.due_on + datetime.timedelta(days=3)):
        client.force_login(world.cast.office)
        lines = [t for t in todos(client.get("/office/").content.decode()) if app.reference in t[2]]
        assert lines and lines[0][2].startswith("处理逾期未报送的2027年度自评报告：")
        assert client.get(lines[0][1]).status_code == 200


def test_the_office_records_the_government_decision_from_the_to_do_list(cities, client):
    scene = Approvals("wuhan")
    app = scene.at_approval()
    client.force_login(scene.cast.office)
    mine = [t for t in todos(client.get("/office/").content.decode()) if app.reference in t[2]]
    assert [w for _d, _h, w in mine] == [f"录入政府审定决定：{app.applicant_name}（{app.reference}）"]
    assert mine[0][1] == "/office/wuhan/approval/" and client.get(mine[0][1]).status_code == 200
    scene.approve(app)
    assert not [t for t in todos(client.get("/office/").content.decode()) if app.reference in t[2]]
