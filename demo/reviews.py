"""Demo data for the expert review, on top of the base demo (demo.base): called by `manage.py setup_demo`.

Per city: four experts (one of them worked for a demo applicant, so the portal refuses to assign them),
a document-review panel of three with a leader, and two applications at document review: one with every
sheet submitted and the consensus recorded, one where two experts have submitted and the leader has
declared but not yet scored. Idempotent: a cycle that already has a panel is left alone.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, User

from awards.credit_code import make_credit_code
from awards.domain.applications import start_application
from awards.models import Cycle, Organisation
from awards.workflow import Status
from cities.models import City
from demo.base import RECOMMENDED, REGION, each_city
from demo.base import _user as base_user
from demo.walk import Cast, walk_to
from reviews.domain import consensus, experts, panels, scoring
from reviews.domain.consensus import AgreedEntry
from reviews.domain.experts import Job, Relation
from reviews.domain.scoring import Entry
from reviews.models import Expert, Panel

# These applications' local publicities (Wuhan) started this long ago.
REVIEW_PUBLICITY_AGO = datetime.timedelta(days=40)
PEOPLE = [
    ("专家组长", "质量管理", "高校质量管理研究所", False),
    ("行业专家", "机械制造", "省机械工业协会", True),
    ("评审专家", "财务与绩效", "会计师事务所", False),
    ("回避示例专家", "工艺技术", "", False),
]


def _user(username: str, name: str) -> User:
    return base_user(username, name)


def _organisation(city: City, n: int, name: str) -> Organisation:
    group, _ = Group.objects.get_or_create(name=f"org:{city.code}:review{n}")
    org, _ = Organisation.objects.get_or_create(
        credit_code=make_credit_code(900 + n, REGION.get(city.code, "110000")),
        defaults={"name": name, "city": city, "founded_on": datetime.date(2005, 6, 1), "industry": "制造业",
                  "industry_section": "C", "group": group},
    )
    if not group.user_set.exists():
        group.user_set.add(_user(f"{city.code}_review_org{n}", f"{name}联系人"))
    return org


def _score(assignment, base: int) -> None:
    assignment.refresh_from_db()
    sheet = scoring.sheet_for(assignment)
    scheme = scoring.scheme_for(assignment)
    entries = {}
    for n, item in enumerate(scheme.items):
        pct = max(0, min(100, base + (5 if n % 3 == 0 else 0) - (10 if n % 5 == 0 else 0)))
        entries[item.code] = Entry(pct, f"{item.name}：方法较系统，有明确的职责和制度。",
                                   f"{item.name}：展开到基层不够，缺少对比数据。")
    scoring.save(sheet, assignment.expert.user, entries, opinion="总体达到较好水平。")
    scoring.submit(sheet, assignment.expert.user)


def build_city(city: City, today: datetime.date) -> list[tuple[str, str]]:
    cycle = Cycle.objects.filter(city=city, year=today.year).select_related("rule_set").first()
    office = User.objects.filter(username=f"{city.code}_office").first()
    if cycle is None or office is None or Panel.objects.filter(cycle=cycle).exists():
        return []
    rules = cycle.rules
    org_kind = next(k for k in rules.award_kinds if k.applicant_kind == "organisation")
    recommender = cycle.city.recommenders.first()
    orgs = [_organisation(city, 1, f"{city.name[:-1]}卓越装备制造有限公司"),
            _organisation(city, 2, f"{city.name[:-1]}恒信精密机械有限公司")]
    pool = []
    for i, (title, field, employer, industry_expert) in enumerate(PEOPLE, start=1):
        user = _user(f"{city.code}_expert{i}", f"{city.name}{title}")
        expert = Expert.objects.filter(user=user, city=city).first()
        if expert is None:
            jobs = [Job(employer, 2012)] if employer else [
                Job(orgs[0].name, 2010, today.year - 1, orgs[0].credit_code), Job("市质量技术服务中心", today.year)]
            relations = [Relation(orgs[1].name, "曾为其提供卓越绩效咨询辅导")] if not employer else []
            expert = experts.add_expert(city=city, user=user, name=f"{title}{i}", field=field, industry="制造业",
                                        sector="secondary", is_industry_expert=industry_expert, jobs=jobs,
                                        relations=relations, actor=office)
        pool.append(expert)
    grouping = {"industry": "制造业", "sector": "secondary"}.get(rules.panel.formed_by.value, "")
    panel = panels.form_panel(cycle=cycle, stage=Status.DOCUMENT_REVIEW, name="资料评审第一组", actor=office,
                              grouping=grouping, members=[(pool[0], True), (pool[1], False), (pool[2], False)])
    applications = []
    for org in orgs:
        application = start_application(cycle=cycle, award_kind=org_kind.key, organisation=org,
                                        recommender=recommender)
        walk_to(application, Status.DOCUMENT_REVIEW, cast=Cast(office=office), since=today - REVIEW_PUBLICITY_AGO,
                reason=RECOMMENDED)
        applications.append(application)
    done, pending = applications
    assignments = panels.assign(panel, done, office)
    for a in assignments:
        panels.declare(a, a.expert.user, has_conflict=False, pledge=True)
    for a, base in zip(assignments, (60, 65, 75), strict=True):
        _score(a, base)
    comparison = consensus.compare(panel, done)
    consensus.record(panel, done, pool[0].user, {
        row.code: AgreedEntry(row.suggested, f"{row.name}：方法系统，已在主要部门展开。",
                              f"{row.name}：缺少与标杆的对比。")
        for row in comparison.rows
    }, report="资料评审报告：该单位推行卓越绩效管理模式成效明显，结果类指标与省内标杆相比仍有差距。")
    assignments = panels.assign(panel, pending, office)
    for a in assignments:
        panels.declare(a, a.expert.user, has_conflict=False)
    for a, base in zip(assignments[1:], (55, 80), strict=True):
        _score(a, base)
    return [
        (pool[0].user.username, f"{city.name}评审组组长：待评分一份、共识已记录一份"),
        (pool[1].user.username, f"{city.name}评审专家（行业专家）"),
        (pool[3].user.username, f"{city.name}专家：与示例申报单位有利害关系，系统拒绝分配"),
    ]


def build_demo(today: datetime.date | None = None) -> list[tuple[str, str]]:
    return each_city(build_city, today)
