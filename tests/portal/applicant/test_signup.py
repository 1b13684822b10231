"""Sign-up (portal.applicant.views): organisations by credit code (joining needs a member's approval) and
their industry section, individuals."""

import datetime

from django.contrib.auth.models import User

from awards.credit_code import make_credit_code
from awards.models import MembershipRequest, Organisation
from reviews.domain import panels

from ... import factories
from ...builders.journeys import travel

PASSWORD = "Portal-Pass-2026"


def signed_in(client, username):
    """After sign-up the person signs in with the password they chose (the sign-up page does not sign in)."""
    user = User.objects.get(username=username)
    assert user.check_password(PASSWORD)
    client.force_login(user)


def org_form(city, **changes):
    data = {"username": "zhangsan", "full_name": "张三", "email": "zs@example.cn", "password": PASSWORD,
            "password2": PASSWORD, "credit_code": make_credit_code(777, "430100"), "org_name": "湘南精密制造有限公司",
            "city": city.pk, "legal_person": "1", "founded_on": "2012-04-01", "industry": "制造业"}
    data.update(changes)
    return data


def test_organisation_signup_creates_the_organisation_and_its_first_member(cities, client):
    response = client.post("/apply/signup/organisation/", org_form(cities["chenzhou"]))
    assert response.status_code == 200 and "注册申请已提交" in response.content.decode()
    signed_in(client, "zhangsan")
    org = Organisation.objects.get()
    assert org.credit_code == make_credit_code(777, "430100") and org.city.code == "chenzhou"
    assert [u.username for u in org.group.user_set.all()] == ["zhangsan"]
    assert "我的申报" in client.get("/apply/").content.decode()


def test_bad_credit_code_is_explained_and_nothing_typed_is_lost(cities, client):
    code = make_credit_code(777, "430100")
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post("/apply/signup/organisation/", org_form(cities["chenzhou"], credit_code=wrong))
    html = response.content.decode()
    assert response.status_code == 200 and "校验位不正确" in html
    assert "湘南精密制造有限公司" in html and "zs@example.cn" in html and wrong in html
    short = client.post("/apply/signup/organisation/", org_form(cities["chenzhou"], credit_code="91430100"))
    assert "应为18位" in short.content.decode()
    assert not Organisation.objects.exists()


def test_second_person_with_a_known_credit_code_must_be_approved_by_a_member(cities, client):
    first = factories.UserFactory(username="first")
    org = factories.OrganisationFactory(city=cities["chenzhou"], members=[first])
    response = client.post("/apply/signup/organisation/", org_form(
        cities["chenzhou"], username="second", credit_code=org.credit_code, org_name="冒名单位"))
    assert response.status_code == 200 and org.name not in response.content.decode()
    signed_in(client, "second")
    org.refresh_from_db()
    assert org.name != "冒名单位" and list(org.group.user_set.all()) == [first]
    join = MembershipRequest.objects.get()
    assert join.outcome == "pending" and join.user.username == "second"
    assert "等待该单位现有用户同意" in client.get("/apply/").content.decode()
    # The newcomer cannot decide their own request, nor can anyone outside the organisation.
    assert client.post(f"/apply/members/{join.pk}/decide/", {"decision": "approve"}).status_code == 404
    client.force_login(first)
    assert "待您审批的加入申请" in client.get("/apply/").content.decode()
    client.post(f"/apply/members/{join.pk}/decide/", {"decision": "approve"})
    join.refresh_from_db()
    assert join.outcome == "approved" and join.decided_by == first
    assert org.group.user_set.filter(username="second").exists()


def test_taken_username_and_weak_password_are_refused(cities, client):
    factories.UserFactory(username="zhangsan")
    response = client.post("/apply/signup/organisation/", org_form(cities["chenzhou"], password="123", password2="123"))
    assert "密码" in response.content.decode()
    response = client.post("/apply/signup/organisation/", org_form(cities["chenzhou"]))
    assert "注册申请已提交" in response.content.decode()  # the same answer as for a free name (tests/security)
    assert not Organisation.objects.exists() and User.objects.get(username="zhangsan").email != "zs@example.cn"


def test_individual_signup_then_sees_why_chenzhou_offers_nothing(cities, client):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("chenzhou", published=datetime.date(2026, 9, 1))
        response = client.post("/apply/signup/individual/", {
            "username": "lisi", "full_name": "李四", "email": "ls@example.cn", "password": PASSWORD,
            "password2": PASSWORD, "city": cities["chenzhou"].pk, "employer": "某公司", "is_citizen": "on",
            "quality_work_since": "2001-01-01"})
        assert response.status_code == 200
        signed_in(client, "lisi")
        page = client.get(f"/apply/cycle/{cycle.pk}/").content.decode()
    assert "未设个人奖项" in page and "第二条" in page


def test_signup_records_the_section_and_refuses_an_unknown_one(cities, client):
    from awards.credit_code import make_credit_code
    from awards.models import Organisation

    data = {"username": "lisi", "full_name": "李四", "email": "ls@example.cn", "password": "Portal-Pass-2026",
            "password2": "Portal-Pass-2026", "credit_code": make_credit_code(778, "370100"),
            "org_name": "泉城食品有限公司",
            "city": cities["jinan"].pk, "legal_person": "1", "founded_on": "2012-04-01", "industry": "农副食品加工业",
            "industry_section": "Z"}
    page = client.post("/apply/signup/organisation/", data).content.decode()
    assert "请从列表中选择行业门类（A–T）" in page and not Organisation.objects.exists()
    data["industry_section"] = "C"
    assert "注册申请已提交" in client.post("/apply/signup/organisation/", data).content.decode()
    org = Organisation.objects.get()
    assert org.industry_section == "C" and panels.sector_of_organisation(org) == "secondary"
