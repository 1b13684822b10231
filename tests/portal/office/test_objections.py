"""The office resolves objections to its city's 公示 (portal.office.objections): 成立/不成立 with reasons; the
outcome is public and told to an objector who left an e-mail address."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.domain import objections, publicity
from awards.models import Objection
from awards.tasks import close_due_publicities
from awards.workflow import Status
from core.errors import TransitionDenied

from ... import factories
from ...builders.journeys import Cast, travel
from ...builders.publicity import AFTER, START


def _publish(cycle, cast, apps):
    with travel(START):
        return publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)


def _resolve(objection, cast, sustained=False, text="不属实"):
    """济南 第十七条: the office proposes, the leading group (the committee role) approves."""
    publicity.resolve_objection(objection, sustained=sustained, resolution=text, actor=cast.office)
    objections.record_step(objection, actor=cast.committee, sustain=sustained, text=text)


def _object(notice, app, text="数据存疑"):
    entry = notice.entries.get(application=app)
    with travel(START):
        return publicity.file_objection(entry, name="王某", contact="13800000000", text=text)


def test_office_dismisses_an_objection_and_the_publicity_then_advances_it(jinan_at_publicity, client):
    cycle, cast, apps = jinan_at_publicity
    notice = _publish(cycle, cast, apps)
    objection = _object(notice, apps[0])
    client.force_login(cast.office)
    with travel(START):
        page = client.get("/office/jinan/objections/").content.decode()
        assert "数据存疑" in page and "13800000000" in page and 'id="count-open">1<' in page
        # no reason: a Chinese message, nothing changed
        bad = client.post(f"/office/objections/{objection.pk}/resolve/", {"outcome": "dismissed", "resolution": " "},
                          follow=True).content.decode()
        assert "请填写异议处理意见" in bad
        no_outcome = client.post(f"/office/objections/{objection.pk}/resolve/",
                                 {"outcome": "maybe", "resolution": "x"}, follow=True).content.decode()
        assert "请选择处理结果" in no_outcome
        objection.refresh_from_db()
        assert objection.outcome == Objection.Outcome.OPEN
        done = client.post(f"/office/objections/{objection.pk}/resolve/",
                           {"outcome": "dismissed", "resolution": "经核实，申报数据真实。"}, follow=True)
        # 济南 第十七条: the office proposes; the leading group (the committee role) approves
        assert "处理意见已录入，待济南市质量强市及品牌战略推进工作领导小组" in done.content.decode()
        again = client.post(f"/office/objections/{objection.pk}/resolve/",
                            {"outcome": "sustained", "resolution": "改判"}, follow=True).content.decode()
        assert "当前环节（作出决定）由济南市质量强市及品牌战略推进工作领导小组" in again
        client.force_login(cast.committee)
        approved = client.post(f"/committee/objections/{objection.pk}/decide/",
                               {"outcome": "dismissed", "resolution": "同意办公室意见。"}, follow=True)
        assert "已决定：异议不成立" in approved.content.decode()
        client.force_login(cast.office)
    objection.refresh_from_db()
    assert objection.outcome == Objection.Outcome.DISMISSED
    assert objection.resolution == "同意办公室意见。" and objection.resolved_by == cast.committee
    public = client.get(f"/publicity/{notice.pk}/").content.decode()
    assert "异议已处理：不成立" in public and "经核实" not in public  # the outcome is public, the reasons are not
    with travel(AFTER):
        assert close_due_publicities() == [notice.pk]
    for app in apps:
        app.refresh_from_db()
        assert app.status == Status.GOVERNMENT_APPROVAL


def test_a_sustained_objection_stops_the_application_and_is_shown_publicly(jinan_at_publicity, client):
    cycle, cast, apps = jinan_at_publicity
    notice = _publish(cycle, cast, apps)
    objection = _object(notice, apps[0])
    client.force_login(cast.office)
    with travel(AFTER):
        close_due_publicities()
        client.post(f"/office/objections/{objection.pk}/resolve/",
                    {"outcome": "sustained", "resolution": "经调查，该单位隐瞒了质量事故。"})
        client.force_login(cast.committee)  # 济南 第十七条: the leading group approves the office's proposal
        client.post(f"/committee/objections/{objection.pk}/decide/", {"outcome": "sustained", "resolution": "批准。"})
    client.force_login(cast.office)
    apps[0].refresh_from_db()
    assert apps[0].status == Status.NOT_SELECTED and apps[0].stopped_at_stage == Status.PUBLICITY
    assert "异议成立" in apps[0].audit_trail.last().reason
    assert "异议已处理：成立" in client.get(f"/publicity/{notice.pk}/").content.decode()
    office_page = client.get(f"/office/applications/{apps[0].pk}/").content.decode()
    assert "公示期间的异议" in office_page and "隐瞒了质量事故" in office_page


def test_dismissing_after_the_end_advances_at_once(jinan_at_publicity, client):
    cycle, cast, apps = jinan_at_publicity
    notice = _publish(cycle, cast, apps)
    objection = _object(notice, apps[0])
    with travel(AFTER):
        close_due_publicities()
        apps[0].refresh_from_db()
        assert apps[0].status == Status.PUBLICITY  # held by the open objection
        client.force_login(cast.office)
        client.post(f"/office/objections/{objection.pk}/resolve/", {"outcome": "dismissed", "resolution": "不属实"})
        apps[0].refresh_from_db()
        assert apps[0].status == Status.PUBLICITY  # the leading group has not approved yet (济南 第十七条)
        client.force_login(cast.committee)
        client.post(f"/committee/objections/{objection.pk}/decide/", {"outcome": "dismissed", "resolution": "同意"})
    apps[0].refresh_from_db()
    assert apps[0].status == Status.GOVERNMENT_APPROVAL


def test_only_the_citys_office_may_see_and_resolve(jinan_at_publicity, client):
    cycle, cast, apps = jinan_at_publicity
    notice = _publish(cycle, cast, apps)
    objection = _object(notice, apps[0])
    other_office = Cast("qujing").office
    applicant = factories.member(apps[0].organisation)
    post = {"outcome": "sustained", "resolution": "成立"}
    with travel(START):
        assert client.post(f"/office/objections/{objection.pk}/resolve/", post).status_code == 302  # to login
        assert client.get("/office/jinan/objections/").status_code == 302
        client.force_login(other_office)
        assert client.get("/office/jinan/objections/").status_code == 403
        assert client.post(f"/office/objections/{objection.pk}/resolve/", post).status_code == 404
        for outsider in (applicant, cast.recommender, cast.committee, cast.supervisor):
            client.force_login(outsider)
            assert client.get("/office/jinan/objections/").status_code == 403
            assert client.post(f"/office/objections/{objection.pk}/resolve/", post).status_code == 403
        for outsider in (other_office, applicant, cast.recommender, cast.committee):
            with pytest.raises(TransitionDenied):
                publicity.resolve_objection(objection, sustained=True, resolution="成立", actor=outsider)
    objection.refresh_from_db()
    apps[0].refresh_from_db()
    assert objection.outcome == Objection.Outcome.OPEN and apps[0].status == Status.PUBLICITY


def test_objection_list_queries_do_not_grow_with_rows(jinan_at_publicity, client):
    cycle, cast, apps = jinan_at_publicity
    notice = _publish(cycle, cast, apps)
    client.force_login(cast.office)
    _object(notice, apps[0])
    with travel(START):
        resolved = _object(notice, apps[1])
        _resolve(resolved, cast)
        with CaptureQueriesContext(connection) as one:
            assert client.get("/office/jinan/objections/").status_code == 200
        for app in apps:
            for n in range(3):
                _object(notice, app, text=f"异议{n}")
        for o in Objection.objects.filter(outcome=Objection.Outcome.OPEN)[:4]:
            _resolve(o, cast)
        with CaptureQueriesContext(connection) as many:
            page = client.get("/office/jinan/objections/").content.decode()
    assert page.count("异议1") >= 2
    assert len(many) == len(one), [q["sql"] for q in many]


def test_an_objector_with_an_email_address_is_told_the_outcome_once(jinan_at_publicity,
                                                                   django_capture_on_commit_callbacks):
    from django.core import mail

    from awards.tasks import email_objection_outcome

    cycle, cast, apps = jinan_at_publicity
    notice = _publish(cycle, cast, apps)
    by_mail = _object(notice, apps[0])
    by_phone = _object(notice, apps[1])
    Objection.objects.filter(pk=by_mail.pk).update(contact=" li@example.cn ")
    with travel(START):
        with django_capture_on_commit_callbacks() as queued:
            _resolve(by_mail, cast, text="内部意见")
            _resolve(by_phone, cast, text="内部意见")
    # each outcome is announced on commit (awards.signals.objection_resolved); each proposal tells the leading group
    assert len(queued) == 4
    assert email_objection_outcome.run(by_mail.pk) == "sent"
    assert email_objection_outcome.run(by_mail.pk) == "already"
    assert email_objection_outcome.run(by_phone.pk) == "nothing"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["li@example.cn"] and "异议不成立" in message.body and "内部意见" not in message.body
