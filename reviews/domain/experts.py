"""The expert pool of a city (评审专家库): experts are users with a profile, jobs and declared relations."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.domain.access import city_group, is_office
from cities.models import City
from cities.schema import Role
from core.errors import InvalidInput, TransitionDenied
from core.i18n import join_clauses, join_list
from core.industry import clean_letters

from ..models import DeclaredRelation, Employment, Expert


@dataclass(frozen=True)
class Job:
    employer: str
    start_year: int
    end_year: int | None = None
    credit_code: str = ""


@dataclass(frozen=True)
class Relation:
    organisation_name: str
    relation: str
    credit_code: str = ""


def _check_jobs(jobs: list[Job]) -> None:
    this_year = timezone.localdate().year
    problems = []
    for job in jobs:
        if not job.employer.strip():
            problems.append(_("工作单位名称不能为空"))
        if not (1950 <= job.start_year <= this_year):
            problems.append(_("“%(e)s”的起始年份不正确") % {"e": job.employer})
        if job.end_year is not None and not (job.start_year <= job.end_year <= this_year):
            problems.append(_("“%(e)s”的截止年份应在起始年份与今年之间") % {"e": job.employer})
    if sum(1 for j in jobs if j.end_year is None) > 1:
        problems.append(_("现任职单位只能有一个"))
    if problems:
        raise InvalidInput(_("%(problems)s。") % {"problems": join_clauses(problems)})


def add_expert(*, city: City, user: User, name: str, field: str, industry: str, sector: str,
               is_industry_expert: bool = False, jobs: list[Job] = (), relations: list[Relation] = (),
               actor=None, industry_sections="") -> Expert:
    """Put a user into the city's pool. `actor` (when given) must be the city's office. `industry_sections`: the
    GB/T 4754 letters of the industries the expert knows (core.industry), matched against a panel's."""
    if actor is not None and not is_office(actor, city):
        raise TransitionDenied(_("只有本市评审办公室可以管理专家库。"))
    missing = [label for label, value in ((_("姓名"), name), (_("专业领域"), field), (_("熟悉行业"), industry))
               if not (value or "").strip()]
    if missing:
        raise InvalidInput(_("请填写：%(fields)s。") % {"fields": join_list(missing)})
    if sector not in Expert.Sector.values:
        raise InvalidInput(_("请选择所属产业。"))
    jobs = list(jobs)
    _check_jobs(jobs)
    if Expert.objects.filter(user=user, city=city).exists():
        raise InvalidInput(_("该用户已在本市专家库中。"))
    with transaction.atomic():
        expert = Expert.objects.create(
            user=user, city=city, name=name.strip(), field=field.strip(), industry=industry.strip(), sector=sector,
            is_industry_expert=is_industry_expert, industry_sections=clean_letters(industry_sections),
        )
        Employment.objects.bulk_create(
            Employment(expert=expert, employer=j.employer.strip(), credit_code=j.credit_code.strip().upper(),
                       start_year=j.start_year, end_year=j.end_year)
            for j in jobs
        )
        relation_rows = [
            DeclaredRelation(expert=expert, organisation_name=r.organisation_name.strip(),
                             credit_code=r.credit_code.strip().upper(), relation=r.relation.strip())
            for r in relations
        ]
        DeclaredRelation.objects.bulk_create(relation_rows)
        user.groups.add(city_group(city, Role.EXPERT))
    return expert


def current_employer(expert: Expert) -> str:
    """From prefetched employments when available."""
    for job in expert.employments.all():
        if job.end_year is None:
            return job.employer
    return ""
