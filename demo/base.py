"""Demo data: a cycle per city with applications in several states, and a user for every role.

Idempotent: a city that already has its demo cycle is left alone.
"""

from __future__ import annotations

import datetime
import functools

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from awards.credit_code import make_credit_code
from awards.domain import access, lifecycle
from awards.domain.applications import start_application
from awards.domain.cycles import Confirmation, confirmation_needed, open_cycle
from awards.models import Cycle, Individual, Organisation, RecommenderUnit
from awards.workflow import Status
from cities.models import City
from cities.naming import local_name
from cities.schema import Role
from demo.walk import Cast, walk_to
from reviews.domain import supervision

DEMO_PASSWORD = "Demo-2026"
# The demo's local publicities (Wuhan) started this long ago and are over; the recommender's words on passing.
PUBLICITY_AGO = datetime.timedelta(days=30)
RECOMMENDED = "材料齐全，同意推荐"
REGION = {"chenzhou": "431000", "qujing": "530300", "jinan": "370100", "ordos": "150600", "wuhan": "420100"}


@functools.cache
def demo_password_hash() -> str:
    """DEMO_PASSWORD hashed once: every demo user gets the same stored hash (the password is printed for all to
    read anyway), instead of a fresh PBKDF2 run of half a second for each of the hundred-odd demo users."""
    return make_password(DEMO_PASSWORD)


def _user(username: str, full_name: str, email_domain="example.gov.cn") -> User:
    user, _ = User.objects.get_or_create(
        username=username, defaults={"first_name": full_name, "email": f"{username}@{email_domain}",
                                     "password": demo_password_hash()}
    )
    return user


def _role_user(city: City, role: Role, title: str) -> User:
    user = _user(f"{city.code}_{role.value}", local_name(city.name, title))
    user.groups.add(access.city_group(city, role))
    return user


def _organisation(city: City, n: int, name: str, *, legal_person=True, is_sme=False, members=()):
    group, _ = Group.objects.get_or_create(name=f"org:{city.code}:{n}")
    org, _ = Organisation.objects.get_or_create(
        credit_code=make_credit_code(n, REGION.get(city.code, "110000")),
        defaults={
            "name": name,
            "city": city,
            "legal_person": legal_person,
            "founded_on": datetime.date(2008, 5, 1),
            "is_sme": is_sme,
            "industry": "制造业",
            "industry_section": "C",
            "group": group,
        },
    )
    for user in members:
        org.group.user_set.add(user)
    return org


def build_city(city: City, today: datetime.date) -> list[tuple[str, str]]:
    """Make the demo cycle of one city. Returns (username, role) pairs."""
    logins = []
    rules = city.current_rules().rules
    office = _role_user(city, Role.OFFICE, rules.bodies.office.value)
    committee = _role_user(city, Role.COMMITTEE, "评委会委员")
    supervisor = _role_user(city, Role.SUPERVISOR, "监督人员")
    logins += [(office.username, "评审办公室"), (committee.username, "评委会委员"), (supervisor.username, "监督人员")]

    rec_group, _ = Group.objects.get_or_create(name=f"rec:{city.code}:1")
    recommender_kind = rules.recommenders[0]
    unit, _ = RecommenderUnit.objects.get_or_create(
        city=city,
        name=local_name(city.name, f"{recommender_kind.name}（示例）"),
        defaults={"kind": recommender_kind.key, "group": rec_group},
    )
    rec_user = _user(f"{city.code}_recommender", unit.name)
    unit.group.user_set.add(rec_user)
    logins.append((rec_user.username, "推荐单位"))

    applicant = _user(f"{city.code}_applicant", f"{city.name}示范企业申报专员")
    logins.append((applicant.username, "申报单位用户"))
    org_kind = next(k for k in rules.award_kinds if k.applicant_kind == "organisation")

    # The current cycle, open for applications.
    published = today - datetime.timedelta(days=3)
    needed = confirmation_needed(rules.measure, published)  # a draft or a text past its term: the office confirms
    cycle = open_cycle(city, year=today.year, call_published_on=published, confirmation=Confirmation(
        actor=office, reason=f"示例数据：{needed}，评审办公室确认按该文本开展本年度评定") if needed else None)
    group = rules.supervision.group if rules.supervision else None
    if group is not None and not supervision.members(cycle):  # a 届's supervisory group (Jinan 第九条)
        supervision.appoint(cycle, [supervision.Row(supervisor.username, "监督人员", group.member_kinds.value[0].key,
                                                    "示例成员")], office)
    names = [
        "示范制造有限公司",
        "精工科技股份有限公司",
        "绿源食品有限公司",
        "康宁医疗器械有限公司",
        "联创建设集团有限公司",
    ]
    orgs = [
        _organisation(city, i + 1, f"{city.name[:-1]}{n}", members=[applicant] if i == 0 else [])
        for i, n in enumerate(names)
    ]
    for org in orgs[1:]:
        org.group.user_set.add(_user(f"{city.code}_org{org.pk}", f"{org.name}联系人"))
    apps = [start_application(cycle=cycle, award_kind=org_kind.key, organisation=o, recommender=unit) for o in orgs]
    draft, submitted, checked, supplement, refused = apps

    cast = Cast(office=office, committee=committee, supervisor=supervisor, recommender=rec_user, recommender_unit=unit)
    first = rules.stages_for("organisation")[0].kind.value
    for app in apps[1:]:
        walk_to(app, first, cast=cast)
    for app in (checked, supplement, refused):
        walk_to(app, Status.ELIGIBILITY, cast=cast, since=today - PUBLICITY_AGO, reason=RECOMMENDED)
    lifecycle.perform(supplement, "request_supplement", office, reason="请补充近三年财务审计报告和质量奖自评报告附件。")
    lifecycle.perform(refused, "refuse", office, reason="连续正常经营年限不足规定要求。")
    del draft

    individual_kind = next((k for k in rules.award_kinds if k.applicant_kind == "individual"), None)
    if individual_kind:
        person = _user(f"{city.code}_person", f"{city.name}质量工作者")
        profile, _ = Individual.objects.get_or_create(
            user=person,
            defaults={
                "name": "李明",
                "city": city,
                "employer": orgs[0].name,
                "quality_work_since": datetime.date(2008, 1, 1),
            },
        )
        start_application(cycle=cycle, award_kind=individual_kind.key, individual=profile, recommender=unit)
        logins.append((person.username, "申报个人"))
    return logins


def each_city(build_city, today: datetime.date | None = None) -> list[tuple[str, str]]:
    """Run one demo builder for every city, each city in its own transaction; the logins it made."""
    today = today or timezone.localdate()
    logins = []
    for city in City.objects.order_by("code"):
        with transaction.atomic():
            logins += build_city(city, today)
    return logins


def build_all(today: datetime.date | None = None) -> list[tuple[str, str]]:
    today = today or timezone.localdate()
    logins = []
    User.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.gov.cn", "first_name": "系统管理员",
                  "password": demo_password_hash()},
    )
    logins.append(("admin", "系统管理员（后台 /admin/）"))
    for city in City.objects.order_by("code"):
        if Cycle.objects.filter(city=city, year=today.year).exists():
            logins += [(u.username, "（已存在）") for u in User.objects.filter(username__startswith=f"{city.code}_")]
            continue
        with transaction.atomic():
            logins += build_city(city, today)
    return logins
