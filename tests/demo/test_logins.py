"""Issue 12: `scripts/run` (setup_demo) prints the demo logins grouped by role with a short tour — every user
that exists, once; and the demo's unit and body names never double the city's name."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from awards.models import RecommenderUnit
from cities.models import City
from cities.naming import local_name

LINE = re.compile(r"^  (\S+)\s")


def _setup_demo() -> str:
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    return out.getvalue()


def _printed(output: str) -> list[str]:
    listing = output.split("演示账号", 1)[1].split("建议的参观路线", 1)[0]
    return [m.group(1) for line in listing.splitlines() if (m := LINE.match(line))]


@pytest.mark.django_db
def test_setup_demo_prints_every_user_once_grouped_by_role_with_a_tour_and_a_second_run_prints_the_same():
    """One test for the three checks of the printed list: each needs a whole setup_demo (about a minute and a half)."""
    output = _setup_demo()
    printed = _printed(output)
    assert len(printed) == len(set(printed)), [u for u in printed if printed.count(u) > 1]
    assert set(printed) == set(User.objects.filter(is_active=True).values_list("username", flat=True))
    for code in ("chenzhou", "qujing", "jinan", "ordos", "wuhan"):
        assert f"{code}_office" in printed and f"{code}_expert3" in printed
    for title in ("[系统管理员]", "[评审办公室]", "[推荐单位]", "[申报单位]", "[评审专家]", "[评委会委员]",
                  "[监督人员]"):
        assert title in output
    assert "建议的参观路线" in output and "1. " in output
    # the office comes before the experts, and each user sits under one heading only
    assert output.index("[评审办公室]") < output.index("[评审专家]")

    no_demo_recommender_or_body_name_doubles_the_city_in_any_of_the_five_cities()
    assert _printed(_setup_demo()) == printed


@pytest.mark.parametrize(("city", "name", "expected"), [
    ("武汉市", "市有关主管部门", "武汉市有关主管部门"),
    ("武汉市", "武汉市质量强市工作委员会办公室（市强市办）", "武汉市质量强市工作委员会办公室（市强市办）"),
    ("郴州市", "县市区质量主管部门", "郴州市县市区质量主管部门"),
    ("曲靖市", "县（市、区）有关主管部门", "曲靖市县（市、区）有关主管部门"),
])
def test_local_name_never_doubles_the_city(city, name, expected):
    assert local_name(city, name) == expected


def no_demo_recommender_or_body_name_doubles_the_city_in_any_of_the_five_cities():
    """The recommender units (武汉 第十六条, 曲靖 第十八条 …) and the office users' names, as the demo makes them."""
    cities = list(City.objects.all())
    assert len(cities) == 5
    for city in cities:
        doubled = (city.name * 2, city.name + "市", city.name[:-1] + "市市")
        names = list(RecommenderUnit.objects.filter(city=city).values_list("name", flat=True))
        names += list(User.objects.filter(username__startswith=f"{city.code}_").values_list("first_name", flat=True))
        assert names
        for name in names:
            assert not any(name.startswith(d) for d in doubled), (city.code, name)
