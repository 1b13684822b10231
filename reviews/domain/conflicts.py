"""Conflicts of interest (回避): what the portal finds by itself, before anyone is assigned.

Kinds found:
- ``employer_now``: the expert works for the applicant organisation now (by name or credit code);
- ``employer_recent``: the expert worked there within the last N years, N = the city's
  ``panel.conflict_lookback_years`` (cited in the rule file, or set by the office);
- ``same_credit_code``: an employer or declared relation of the expert has the applicant's credit
  code under a different name (a renamed or re-registered organisation);
- ``declared_relation``: the expert declared a relation to the applicant organisation;
- ``member_of_applicant``: the expert's user account belongs to the applicant (or is the individual);
- ``declared_conflict``: the expert declared a conflict on an assignment to this application (at any stage);
  a declaration is remembered, so the expert is not assigned to the same application at another stage;
- ``recused``: the office recorded a recusal for this expert and application.

An individual applicant is matched through the employer named in their profile, and by their own name against
the expert's declared relations (e.g. a relative or a former student declared by name).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Application

from ..models import Assignment, DeclaredRelation, Employment, Expert, Recusal


@dataclass(frozen=True)
class Conflict:
    kind: str
    message: str


def _norm(text: str) -> str:
    return "".join((text or "").split()).upper()


def _applicant(application: Application) -> tuple[str, str, str]:
    """(display name, organisation name to match, credit code) of the applicant."""
    if application.organisation_id:
        org = application.organisation
        return org.name, org.name, org.credit_code
    person = application.individual
    return person.name, person.employer, ""


def lookback_years(application: Application) -> tuple[int, str]:
    cited = application.rules.panel.conflict_lookback_years
    return cited.value, cited.citation


def find(expert: Expert, application: Application, *, today=None) -> list[Conflict]:
    """Every likely conflict between this expert and this application, each with its reason in Chinese."""
    today = today or timezone.localdate()
    shown, org_name, credit_code = _applicant(application)
    name_key, code_key = _norm(org_name), _norm(credit_code)
    years, citation = lookback_years(application)
    found: list[Conflict] = []

    def same_name(name):
        return bool(name_key) and _norm(name) == name_key

    def same_code(code):
        return bool(code_key) and _norm(code) == code_key

    for job in Employment.objects.filter(expert=expert):
        by_name, by_code = same_name(job.employer), same_code(job.credit_code)
        if not (by_name or by_code):
            continue
        if job.end_year is None:
            found.append(Conflict("employer_now", _("专家%(expert)s现就职于申报单位“%(org)s”。")
                                  % {"expert": expert.name, "org": shown}))
        elif job.end_year >= today.year - years:
            found.append(Conflict(
                "employer_recent",
                _("专家%(expert)s于%(start)s—%(end)s年在“%(org)s”工作，离职未满%(years)s年（%(citation)s）。")
                % {"expert": expert.name, "start": job.start_year, "end": job.end_year, "org": job.employer,
                   "years": years, "citation": citation},
            ))
        if by_code and not by_name:
            found.append(Conflict(
                "same_credit_code",
                _("专家%(expert)s的工作单位“%(employer)s”与申报单位统一社会信用代码相同（%(code)s）。")
                % {"expert": expert.name, "employer": job.employer, "code": credit_code},
            ))
    person_key = _norm(application.individual.name) if application.individual_id else ""
    for relation in DeclaredRelation.objects.filter(expert=expert):
        if person_key and _norm(relation.organisation_name) == person_key:
            found.append(Conflict(
                "declared_relation",
                _("专家%(expert)s申报了与申报人“%(name)s”本人的利害关系：%(relation)s。")
                % {"expert": expert.name, "name": shown, "relation": relation.relation},
            ))
            continue
        by_name, by_code = same_name(relation.organisation_name), same_code(relation.credit_code)
        if by_name or by_code:
            found.append(Conflict(
                "declared_relation",
                _("专家%(expert)s申报了与“%(org)s”的利害关系：%(relation)s。")
                % {"expert": expert.name, "org": relation.organisation_name, "relation": relation.relation},
            ))
        if by_code and not by_name:
            found.append(Conflict(
                "same_credit_code",
                _("专家%(expert)s申报有利害关系的单位“%(org)s”与申报单位统一社会信用代码相同（%(code)s）。")
                % {"expert": expert.name, "org": relation.organisation_name, "code": credit_code},
            ))
    if _is_applicant_user(expert, application):
        found.append(Conflict("member_of_applicant", _("专家%(expert)s本人是申报方“%(org)s”的用户。")
                              % {"expert": expert.name, "org": shown}))
    declared = (Assignment.objects.filter(expert=expert, application=application,
                                          state=Assignment.State.DECLARED_CONFLICT)
                .select_related("panel").order_by("declared_at", "pk").first())
    if declared:
        found.append(Conflict(
            "declared_conflict",
            _("专家%(expert)s已在“%(panel)s”中对该申报声明存在利害关系并回避：%(note)s")
            % {"expert": expert.name, "panel": declared.panel.name, "note": declared.declaration_note or "—"},
        ))
    recusal = Recusal.objects.filter(expert=expert, application=application).first()
    if recusal:
        found.append(Conflict("recused", _("专家%(expert)s已对该申报回避：%(reason)s")
                              % {"expert": expert.name, "reason": recusal.reason}))
    return found


def _is_applicant_user(expert: Expert, application: Application) -> bool:
    if application.organisation_id:
        return application.organisation.group.user_set.filter(pk=expert.user_id).exists()
    return application.individual.user_id == expert.user_id
