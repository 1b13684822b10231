"""awards.domain.complaints: complaints about the process from anyone (郴州 第三十条; 济南 第九条（三）), received by
the body the rule file names (`complaints.received_by`), investigated and answered, the complainant told."""

import pytest
from django.core import mail

from awards.domain import complaints
from awards.models import Complaint, ComplaintStep, Notice
from awards.tasks import email_complaint_answer
from cities.loader import load_all
from cities.models import City
from cities.schema import Role
from core.errors import InvalidInput, TransitionConflict, TransitionDenied

from .. import factories


def test_every_city_names_who_receives_complaints_with_its_source():
    """郴州 第三十条 (评委会办公室); 济南 第七条 with 第九条（三）; the others as their rule files say."""
    for code, rules in load_all().items():
        cited = rules.complaints.received_by
        assert cited.value == Role.OFFICE and (cited.article or cited.set_by_office), code
    assert load_all()["chenzhou"].complaints.received_by.article == "第三十条"


def test_anyone_files_and_gets_a_reference(cities):
    """郴州 第三十条: 任何单位和个人……可以向评委会办公室投诉举报."""
    city = City.objects.get(code="chenzhou")
    filed = complaints.file_complaint(city, name=" 钱某 ", contact="qian@example.cn",
                                      text="评审专家与申报单位有利害关系")
    assert filed.reference.startswith("TS2026-") and filed.name == "钱某"
    assert filed.received_by == Role.OFFICE and filed.article == "第三十条" and filed.filed_by is None
    assert complaints.by_reference(filed.reference.lower()) == filed
    assert list(complaints.complaints_for_city(city)) == [filed]
    for bad in ({"name": "", "contact": "x", "text": "y"}, {"name": "a", "contact": "x", "text": "y" * 2001},
                {"name": "a\x00", "contact": "x", "text": "y"}):
        with pytest.raises(InvalidInput):
            complaints.file_complaint(city, **bad)


def test_office_investigates_and_answers_and_the_complainant_is_told_by_email(cities):
    """郴州 第三十条: 评委会办公室应按照规定进行调查核实; the answer goes to the e-mail address given, once."""
    city = City.objects.get(code="chenzhou")
    office = factories.city_user("chenzhou", Role.OFFICE)
    supervisor = factories.city_user("chenzhou", Role.SUPERVISOR)
    filed = complaints.file_complaint(city, name="钱某", contact="qian@example.cn", text="评审不公")
    with pytest.raises(TransitionDenied):
        complaints.answer(filed, actor=supervisor, findings="x", answer_text="y")  # supervisors read only
    complaints.take_up(filed, actor=office)
    with pytest.raises(TransitionConflict):
        complaints.take_up(filed, actor=office)
    with pytest.raises(InvalidInput, match="答复内容"):
        complaints.answer(filed, actor=office, findings="查明", answer_text=" ")
    complaints.answer(filed, actor=office, findings="查明专家已回避", answer_text="经调查核实，相关专家已按规定回避。")
    filed.refresh_from_db()
    assert filed.state == Complaint.State.ANSWERED and filed.answered_by == office
    assert list(ComplaintStep.objects.filter(complaint=filed).values_list("kind", "actor_role", "article")) == [
        ("investigation", "office", "第三十条"), ("answer", "office", "第三十条")]
    assert email_complaint_answer.run(filed.pk) == "sent"
    assert email_complaint_answer.run(filed.pk) == "already"
    assert mail.outbox[-1].to == ["qian@example.cn"] and filed.reference in mail.outbox[-1].body
    assert "查明专家已回避" not in mail.outbox[-1].body  # the findings stay with the office and the supervisors
    with pytest.raises(TransitionConflict):
        complaints.answer(filed, actor=office, findings="a", answer_text="b")


def test_a_signed_in_complainant_is_told_in_the_inbox(cities):
    """The same form signed in: the answer is an inbox notice (its e-mail goes from the outbox)."""
    city = City.objects.get(code="jinan")
    user = factories.UserFactory()
    office = factories.city_user("jinan", Role.OFFICE)
    filed = complaints.file_complaint(city, name="孙某", contact="电话 13900000000", text="推荐环节不规范", user=user)
    complaints.answer(filed, actor=office, findings="核实", answer_text="已责成整改。")
    notice = Notice.objects.get(recipient=user)
    assert filed.reference in notice.subject and "已责成整改" in notice.body
    assert email_complaint_answer.run(filed.pk) == "nothing"


def test_public_status_shows_no_personal_data(cities):
    city = City.objects.get(code="qujing")
    filed = complaints.file_complaint(city, name="周某", contact="zhou@example.cn", text="现场评审收受礼品")
    flat = repr(complaints.public_status(filed))
    assert "周某" not in flat and "zhou@" not in flat and "礼品" not in flat and filed.reference in flat


def test_who_may_read_and_handle_complaints(cities):
    """office.complaints: the receiving body and the city's supervisors; office.complaint: the receiving body only."""
    from awards.domain import access

    city = City.objects.get(code="jinan")
    filed = complaints.file_complaint(city, name="a", contact="b", text="c")
    office, supervisor = factories.city_user("jinan", Role.OFFICE), factories.city_user("jinan", Role.SUPERVISOR)
    committee, stranger = factories.city_user("jinan", Role.COMMITTEE), factories.UserFactory()
    assert access.check(office, "office.complaints", city).allowed
    assert access.check(supervisor, "office.complaints", city).allowed
    assert not access.check(committee, "office.complaints", city).allowed
    refused = access.check(stranger, "office.complaints")
    assert not refused.allowed and "监督人员" in refused.reason
    assert access.check(office, "office.complaint", filed).allowed
    assert access.check(supervisor, "office.complaint", filed).hidden
    assert access.check(factories.city_user("wuhan", Role.OFFICE), "office.complaint", filed).hidden
