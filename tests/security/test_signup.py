"""Sign-up (awards.domain.signup, portal.applicant.views): the answer does not tell whether a username exists,
and a registered credit code does not show its organisation's name."""

import re

from django.contrib.auth.models import User

from awards.credit_code import make_credit_code
from awards.models import MembershipRequest, Organisation

from .. import factories

PASSWORD = "Portal-Pass-2026"


def org_form(city, **changes):
    data = {"username": "zhangsan", "full_name": "张三", "email": "zs@example.cn", "password": PASSWORD,
            "password2": PASSWORD, "credit_code": make_credit_code(901, "430100"), "org_name": "某某单位",
            "city": city.pk, "legal_person": "1", "founded_on": "2012-04-01", "industry": "制造业"}
    data.update(changes)
    return data


def person_form(city, **changes):
    data = {"username": "lisi", "full_name": "李四", "email": "ls@example.cn", "password": PASSWORD,
            "password2": PASSWORD, "city": city.pk, "employer": "某公司", "is_citizen": "on",
            "quality_work_since": "2001-01-01"}
    data.update(changes)
    return data


def page_text(response) -> str:
    """The page without the per-request token, to compare two answers."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"', "", response.content.decode())


def test_taken_and_free_usernames_get_the_same_answer(cities, client):
    factories.UserFactory(username="taken", email="owner@example.cn")
    city = cities["chenzhou"]
    taken = client.post("/apply/signup/organisation/", org_form(city, username="taken"))
    free = client.post("/apply/signup/organisation/", org_form(city, username="free",
                                                               credit_code=make_credit_code(902, "430100")))
    assert taken.status_code == free.status_code == 200
    assert "注册申请已提交" in taken.content.decode()
    assert page_text(taken) == page_text(free)
    assert "已被使用" not in taken.content.decode() and "taken" not in taken.content.decode()
    # nothing was created for the taken name, and nobody was signed in by either answer
    assert Organisation.objects.count() == 1 and User.objects.filter(username="taken").count() == 1
    assert "_auth_user_id" not in client.session
    assert User.objects.get(username="taken").email == "owner@example.cn"


def test_case_variants_of_a_taken_username_get_the_same_answer(cities, client):
    factories.UserFactory(username="WangWu")
    city = cities["chenzhou"]
    taken = client.post("/apply/signup/individual/", person_form(city, username="wangwu"))
    free = client.post("/apply/signup/individual/", person_form(city, username="zhaoliu"))
    assert page_text(taken) == page_text(free)
    assert User.objects.filter(username__iexact="wangwu").count() == 1


def test_a_registered_credit_code_does_not_show_the_organisation_name(cities, client):
    member = factories.UserFactory(username="first")
    org = factories.OrganisationFactory(city=cities["chenzhou"], members=[member], name="湘江秘密精工有限公司")
    response = client.post("/apply/signup/organisation/", org_form(cities["chenzhou"], username="second",
                                                                   credit_code=org.credit_code))
    fresh = client.post("/apply/signup/organisation/", org_form(cities["chenzhou"], username="third",
                                                                credit_code=make_credit_code(903, "430100")))
    assert org.name not in response.content.decode()
    assert page_text(response) == page_text(fresh)
    assert MembershipRequest.objects.get().user.username == "second"
    # signed in, the newcomer's home page names the code they typed, not the organisation
    second = User.objects.get(username="second")
    assert second.check_password(PASSWORD)
    client.force_login(second)
    home = client.get("/apply/").content.decode()
    assert org.credit_code in home and org.name not in home
