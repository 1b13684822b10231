"""Issue 12: every 公示 page, and the objection and complaint forms, give the office's contact details — the value
the office entered (admin, cities.City), else the rule file's bodies.contact (set_by_office: the measures are
silent), else where to look them up."""

import pytest

from awards.domain import publicity
from awards.workflow import Status
from cities.models import City
from portal.public.contact import office_contact

from ...builders.journeys import travel
from ...builders.publicity import START, at_publicity

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(cities):
    cycle, cast, apps = at_publicity("jinan", 1)
    with travel(START):
        return publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)


def test_without_contact_details_the_pages_say_where_to_find_them(notice, client):
    with travel(START):
        page = client.get(f"/publicity/{notice.pk}/").content.decode()
    assert "市质量强市领导小组办公室尚未公布联系方式" in page and "12345" in page


def test_the_office_s_contact_is_on_the_publicity_page_the_list_and_the_complaint_form(notice, client):
    City.objects.filter(code="jinan").update(office_telephone="0531-12345678", office_address="济南市某路1号",
                                             office_email="office@example.gov.cn")
    with travel(START):
        detail = client.get(f"/publicity/{notice.pk}/").content.decode()
        listing = client.get("/publicity/?city=jinan").content.decode()
        complaint = client.get("/complaints/").content.decode()
    for page in (detail, listing, complaint):
        assert "0531-12345678" in page and "济南市某路1号" in page, page[:200]
    assert 'href="mailto:office@example.gov.cn"' in detail
    assert "提出异议" in detail  # the objection form sits on the same page as the contact


def test_a_rule_file_value_is_shown_with_its_source(cities):
    city = City.objects.get(code="wuhan")
    rules = city.current_rules().rules
    contact = rules.bodies.contact.model_copy(update={"telephone": rules.bodies.contact.telephone.model_copy(
        update={"value": "027-00000000"})})
    rules = rules.model_copy(update={"bodies": rules.bodies.model_copy(update={"contact": contact})})
    shown = office_contact(city, rules)
    assert shown["rows"] == [{"label": "联系电话", "value": "027-00000000", "citation": "由评审办公室设定",
                              "email": False}]
    assert not shown["hint"]


def test_every_city_s_rule_file_has_the_contact_fields(cities):
    for city in City.objects.all():
        contact = city.current_rules().rules.bodies.contact
        for value in (contact.telephone, contact.address, contact.email):
            assert value.article or value.set_by_office, city.code
