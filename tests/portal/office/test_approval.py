"""The office's 政府审定 pages through HTTP: the queue, recording for one application and for the whole list, upload
refusals with the input kept, the decision file, who may not, and the queries over 1 and N rows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.workflow import Status
from cities.schema import Role
from honours.models import Announcement, Certificate, GovernmentDecision

from ... import factories
from ...builders.approval import DECISION_PDF, Approvals
from ...builders.intake import ELF, office_zip
from ...builders.journeys import travel
from ...builders.queries import count

TODAY = datetime.date(2026, 9, 14)
URL = "/office/chenzhou/approval/"
RECORD = "/office/chenzhou/approval/record/"


@pytest.fixture
def chenzhou(cities):
    with travel(TODAY):
        return Approvals("chenzhou")


def upload(name="郴政函.pdf", content=DECISION_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form(apps, *, verdicts=None, reasons=None, number="郴政函〔2026〕12号", day=TODAY, file=None):
    data = {"applications": [str(a.pk) for a in apps], "document_number": number, "decided_on": str(day),
            "file": file if file is not None else upload()}
    for a in apps:
        data[f"verdict_{a.pk}"] = (verdicts or {}).get(a.pk, "approve")
        data[f"reason_{a.pk}"] = (reasons or {}).get(a.pk, "")
    return data


def post(client, data):
    with travel(TODAY):
        return client.post(RECORD, data)


def get(client, url=URL):
    with travel(TODAY):
        return client.get(url)


def test_the_queue_lists_the_applications_at_government_approval_with_the_form(client, chenzhou):
    with travel(TODAY):
        apps = [chenzhou.at_approval() for _ in range(2)]
    client.force_login(chenzhou.cast.office)
    page = get(client).content.decode()
    for app in apps:
        assert app.reference in page and app.applicant_name in page
        assert f'name="verdict_{app.pk}" value="approve"' in page and f'name="reason_{app.pk}"' in page
    assert 'name="document_number"' in page and 'name="decided_on"' in page and 'type="file" name="file"' in page
    assert "第二十条" in page and "市长审定，市人民政府公告" in page
    assert "尚未录入审定决定" in page


def test_recording_one_application_awards_it_and_shows_the_decision_with_its_file(client, chenzhou):
    with travel(TODAY):
        one, other = chenzhou.at_approval(), chenzhou.at_approval()
    client.force_login(chenzhou.cast.office)
    response = post(client, form([one]))
    assert response.status_code == 302 and response["Location"] == URL
    one.refresh_from_db(), other.refresh_from_db()
    assert (one.status, other.status) == (Status.AWARDED, Status.GOVERNMENT_APPROVAL)
    decision = GovernmentDecision.objects.get()
    page = get(client).content.decode()
    assert "已录入审定决定（郴政函〔2026〕12号）：1份审定通过（获奖），0份未通过" in page
    assert f"/office/decisions/{decision.pk}/file/" in page and "郴政函.pdf" in page
    assert other.reference in page  # still waiting
    assert Announcement.objects.get().title in page
    with travel(TODAY):
        file = client.get(f"/office/decisions/{decision.pk}/file/")
    assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
    assert b"".join(file.streaming_content) == DECISION_PDF


def test_recording_the_whole_list_at_once_with_one_not_approved(client, chenzhou):
    with travel(TODAY):
        apps = [chenzhou.at_approval() for _ in range(3)]
    client.force_login(chenzhou.cast.office)
    response = post(client, form(apps, verdicts={apps[1].pk: "reject"}, reasons={apps[1].pk: "名额调整，未予审定"}))
    assert response.status_code == 302
    for app in apps:
        app.refresh_from_db()
    assert [a.status for a in apps] == [Status.AWARDED, Status.NOT_SELECTED, Status.AWARDED]
    assert apps[1].decision_line.reason == "名额调整，未予审定"
    assert Certificate.objects.filter(application__in=[apps[0], apps[2]]).count() == 2
    page = get(client).content.decode()
    assert "目前没有等待政府审定的申报" in page
    assert "名额调整，未予审定" in page


def test_the_application_page_points_to_the_approval_page_instead_of_a_generic_pass(client, chenzhou):
    with travel(TODAY):
        app = chenzhou.at_approval()
    client.force_login(chenzhou.cast.office)
    page = get(client, f"/office/applications/{app.pk}/").content.decode()
    assert 'id="approval-link"' in page and f'href="{URL}"' in page
    assert "通过本阶段" not in page


@pytest.mark.parametrize("change, message", [
    ({"file": upload("决定.pdf", ELF)}, "可执行程序"),
    ({"file": upload("决定.docx", office_zip("word"))}, "须为 PDF 或 jpg/png 图片"),
    ({"file": upload("空.pdf", b"")}, "空文件"),
    ({"number": ""}, "请填写审定决定的文号"),
    ({"day": TODAY + datetime.timedelta(days=3)}, "不能晚于今天"),
    ({"day": "2026-13-45"}, "请按“年-月-日”填写审定日期"),
])
def test_a_refused_decision_shows_the_form_again_with_what_was_typed(client, chenzhou, change, message):
    with travel(TODAY):
        app = chenzhou.at_approval()
    client.force_login(chenzhou.cast.office)
    data = form([app], verdicts={app.pk: "reject"}, reasons={app.pk: "理由文字保留"},
                **{"number": "郴政函〔2026〕99号", **change})
    response = post(client, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "理由文字保留" in page
    assert f'name="verdict_{app.pk}" value="reject" checked' in page
    if "number" not in change:
        assert 'value="郴政函〔2026〕99号"' in page
    app.refresh_from_db()
    assert app.status == Status.GOVERNMENT_APPROVAL and not GovernmentDecision.objects.exists()


def test_a_file_over_the_limit_and_a_missing_file_are_refused(client, chenzhou, settings):
    settings.INTAKE_MAX_FILE_BYTES = 1024
    with travel(TODAY):
        app = chenzhou.at_approval()
    client.force_login(chenzhou.cast.office)
    assert "超过单个文件上限" in post(client, form([app], file=upload("大.pdf", DECISION_PDF + b"0" * 4096))
                                      ).content.decode()
    data = form([app])
    del data["file"]
    assert "请上传市政府的审定决定文件" in post(client, data).content.decode()
    assert not GovernmentDecision.objects.exists()


def test_nothing_checked_a_reason_missing_or_a_stray_id_is_refused(client, chenzhou):
    with travel(TODAY):
        app = chenzhou.at_approval()
        elsewhere = Approvals("wuhan").at_approval()
    client.force_login(chenzhou.cast.office)
    assert "请至少勾选一份申报" in post(client, form([])).content.decode()
    assert "须填写理由" in post(client, form([app], verdicts={app.pk: "reject"})).content.decode()
    assert "不属于本市" in post(client, form([app, elsewhere])).content.decode()
    assert "所选申报无效" in post(client, {**form([app]), "applications": ["x1"]}).content.decode()
    assert "请为每份勾选的申报选择审定结果" in post(client, form([app], verdicts={app.pk: "maybe"})).content.decode()
    assert not GovernmentDecision.objects.exists()


def test_others_may_not_use_the_approval_pages(client, chenzhou, cities):
    with travel(TODAY):
        app = chenzhou.at_approval()
        wuhan_office = factories.city_user("wuhan", Role.OFFICE)
    client.force_login(chenzhou.cast.office)
    post(client, form([app]))
    decision = GovernmentDecision.objects.get()
    file_url = f"/office/decisions/{decision.pk}/file/"
    with travel(TODAY):
        later = chenzhou.at_approval()
    people = {"wuhan office": wuhan_office, "committee": chenzhou.cast.committee,
              "supervisor": chenzhou.cast.supervisor, "recommender": chenzhou.cast.recommender,
              "applicant": factories.member(app.organisation)}
    for who, user in people.items():
        client.force_login(user)
        assert get(client).status_code == 403, who
        assert post(client, form([later])).status_code == 403, who
        assert get(client, file_url).status_code == (404 if who == "wuhan office" else 403), who
    client.logout()
    assert get(client).status_code == 302 and get(client, file_url).status_code == 302
    assert post(client, form([later])).status_code == 302
    assert get(client, "/office/decisions/999999/file/").status_code == 302
    client.force_login(chenzhou.cast.office)
    assert get(client, "/office/decisions/999999/file/").status_code == 404
    later.refresh_from_db()
    assert later.status == Status.GOVERNMENT_APPROVAL and GovernmentDecision.objects.count() == 1


def test_the_queue_keeps_its_queries_over_1_and_n_rows_and_decisions(client, chenzhou):
    client.force_login(chenzhou.cast.office)
    with travel(TODAY):
        waiting = [chenzhou.at_approval()]
        decided = [chenzhou.at_approval()]
    post(client, form(decided))
    with travel(TODAY):
        one = count(client, URL)
    page = get(client).content.decode()
    assert page.count('name="applications"') == 1 and page.count("/file/") == 1
    with travel(TODAY):
        waiting += [chenzhou.at_approval() for _ in range(3)]
        decided = [chenzhou.at_approval() for _ in range(3)]
    post(client, form(decided[:2], number="郴政函〔2026〕13号"))
    post(client, form(decided[2:], number="郴政函〔2026〕14号"))
    with travel(TODAY):
        many = count(client, URL)
    page = get(client).content.decode()
    assert page.count('name="applications"') == 4 and page.count("/file/") == 3
    assert all(a.reference in page for a in waiting)
    assert one == many


def test_a_decision_file_missing_from_storage_is_a_404_not_a_server_error(client, chenzhou):
    with travel(TODAY):
        one = chenzhou.at_approval()
    client.force_login(chenzhou.cast.office)
    post(client, form([one]))
    decision = GovernmentDecision.objects.get()
    decision.file.storage.delete(decision.file.name)
    assert client.get(f"/office/decisions/{decision.pk}/file/").status_code == 404


def test_the_approval_queue_tab_leads_to_the_approval_page(client, chenzhou):
    with travel(TODAY):
        chenzhou.at_approval()
    client.force_login(chenzhou.cast.office)
    page = client.get("/office/chenzhou/queue/government_approval/").content.decode()
    assert 'id="approval-link"' in page and URL in page
    assert 'id="approval-link"' not in client.get("/office/chenzhou/queue/eligibility/").content.decode()
