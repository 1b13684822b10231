"""The expert pool: the office adds experts with their jobs (with years) and declared relations."""

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from reviews.domain import experts
from reviews.domain.experts import Job
from reviews.models import Expert

from .. import factories
from ..journeys import Cast

FORM = {"city": "chenzhou", "username": "expert_li", "name": "李质量", "email": "li@example.cn", "field": "质量管理",
        "industry": "制造业", "sector": "secondary", "industry_expert": "on", "employer": "湘南学院",
        "employer_code": "", "employer_since": "2018", "past_employer": "郴州某机械有限公司",
        "past_code": "", "past_from": "2008", "past_to": "2017", "rel_org": "郴州某咨询公司",
        "rel_code": "", "rel_text": "持有5%股份"}


def test_office_adds_an_expert_with_jobs_and_relations(cities, client):
    office = Cast("chenzhou").office
    client.force_login(office)
    page = client.post("/reviews/office/experts/", FORM, follow=True).content.decode()
    assert "已将李质量加入专家库" in page and "郴州某机械有限公司（2008—2017）" in page
    expert = Expert.objects.get(name="李质量")
    assert expert.city.code == "chenzhou" and expert.is_industry_expert
    assert [(j.employer, j.start_year, j.end_year) for j in expert.employments.order_by("start_year")] == [
        ("郴州某机械有限公司", 2008, 2017), ("湘南学院", 2018, None)]
    assert expert.relations.get().relation == "持有5%股份"
    assert not expert.user.has_usable_password()
    assert expert.user.groups.filter(city_role__role="expert").exists()


@pytest.mark.parametrize("change, message", [
    ({"past_to": "2040"}, "截止年份应在起始年份与今年之间"),
    ({"past_to": "二〇一七"}, "曾任职截止年份须为四位年份"),
    ({"name": ""}, "请填写：姓名"),
    ({"sector": ""}, "请选择所属产业"),
    ({"rel_text": ""}, "请说明与该单位的利害关系"),
    ({"city": "wuhan"}, "请选择城市"),
])
def test_bad_expert_input_is_refused_and_changes_nothing(cities, client, change, message):
    client.force_login(Cast("chenzhou").office)
    page = client.post("/reviews/office/experts/", {**FORM, **change}, follow=True).content.decode()
    assert message in page
    assert not Expert.objects.exists() and not User.objects.filter(username="expert_li").exists()


def test_two_current_jobs_are_refused(cities):
    user = factories.UserFactory()
    this_year = timezone.localdate().year
    with pytest.raises(experts.InvalidInput, match="现任职单位只能有一个"):
        experts.add_expert(city=factories.city("chenzhou"), user=user, name="甲", field="f", industry="i",
                           sector="tertiary", jobs=[Job("A", 2010), Job("B", this_year)])
    assert not Expert.objects.exists()


def test_a_taken_username_is_refused(cities, client):
    factories.UserFactory(username="expert_li")
    client.force_login(Cast("chenzhou").office)
    page = client.post("/reviews/office/experts/", FORM, follow=True).content.decode()
    assert "用户名“expert_li”已被使用" in page and not Expert.objects.exists()


def test_expert_declares_a_relation_on_their_profile_and_is_then_kept_away(cities, client):
    from reviews.domain import conflicts, panels

    from .helpers import Review

    review = Review("chenzhou")
    org = factories.OrganisationFactory(city=review.cycle.city, name="郴州有色金属有限公司")
    app = review.application(organisation=org)
    expert = review.experts[1]
    client.force_login(expert.user)
    missing = client.post("/reviews/profile/", {"organisation_name": "郴州有色金属有限公司"}, follow=True)
    assert "请填写单位名称和关系说明" in missing.content.decode() and not expert.relations.exists()
    client.post("/reviews/profile/", {"organisation_name": "郴州有色金属有限公司", "relation": "兄弟任该公司总经理"})
    assert "兄弟任该公司总经理" in client.get("/reviews/profile/").content.decode()
    assert [c.kind for c in conflicts.find(expert, app)] == ["declared_relation"]
    with pytest.raises(panels.AssignmentRefused, match="兄弟任该公司总经理"):
        review.assign(app)
    client.force_login(review.cast.committee)  # not an expert
    assert client.get("/reviews/profile/").status_code == 404
