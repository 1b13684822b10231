"""Demo data after the award, per city: one application awaiting the government's decision (the office records
it on its approval page), and one winner with its decision, 表彰公告, certificate, ledger and duties (yearly
reports where the rules ask for them, a planned revisit where they name revisits).

Idempotent: a city whose demo cycle already has a government decision is left alone.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from awards.domain.applications import start_application
from awards.models import Cycle, RecommenderUnit
from awards.workflow import Status
from cities.models import City
from cities.schema import ApplicantKind
from demo.base import PUBLICITY_AGO, RECOMMENDED, _organisation, _user, each_city
from demo.walk import Cast, walk_to
from honours.domain import duties
from honours.models import GovernmentDecision


def build_city(city: City, today: datetime.date) -> list[tuple[str, str]]:
    cycle = Cycle.objects.filter(city=city, year=today.year).first()
    office = User.objects.filter(username=f"{city.code}_office").first()
    unit = RecommenderUnit.objects.filter(city=city).order_by("pk").first()
    if cycle is None or office is None or unit is None or GovernmentDecision.objects.filter(cycle=cycle).exists():
        return []
    rules = cycle.rules
    kind = next(k for k in rules.award_kinds if k.applicant_kind == ApplicantKind.ORGANISATION)
    winner_user = _user(f"{city.code}_winner", f"{city.name}获奖单位联系人")
    waiting_org = _organisation(city, 30, f"{city.name[:-1]}卓越质量有限公司",
                                members=[_user(f"{city.code}_candidate", f"{city.name}拟获奖单位联系人")])
    winner_org = _organisation(city, 31, f"{city.name[:-1]}优质服务股份有限公司", members=[winner_user])
    cast = Cast(office=office, committee=User.objects.filter(username=f"{city.code}_committee").first(),
                recommender=unit.group.user_set.order_by("pk").first(), recommender_unit=unit)
    since = today - PUBLICITY_AGO - PUBLICITY_AGO
    for org, stage in ((waiting_org, Status.GOVERNMENT_APPROVAL), (winner_org, Status.AWARDED)):
        application = start_application(cycle=cycle, award_kind=kind.key, organisation=org, recommender=unit)
        walk_to(application, stage, cast=cast, since=since, reason=RECOMMENDED)
    winner = cycle.applications.get(organisation=winner_org)
    duties.schedule(winner, today)
    if rules.post_award.revisits:
        duties.plan_revisit(winner, on=today + datetime.timedelta(days=30), visitors="质量管理专家组（演示）",
                            actor=office)
    return [(winner_user.username, f"{city.name}获奖单位：荣誉证书、年度自评报告、回访与复评"),
            (office.username, f"{city.name}评审办公室：录入政府审定决定、证书批量生成、奖励台账、撤销案件")]


def build_demo(today: datetime.date | None = None) -> list[tuple[str, str]]:
    return each_city(build_city, today)



