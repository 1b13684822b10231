"""Starting an application: one function, so every application gets its reference and access."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import InvalidInput

from ..models import Application, Cycle, Individual, Organisation, RecommenderUnit
from . import access


def new_reference(cycle: Cycle) -> str:
    return f"{cycle.city.code.upper()}-{cycle.year}-{uuid.uuid4().hex[:6].upper()}"


def start_application(
    *,
    cycle: Cycle,
    award_kind: str,
    organisation: Organisation | None = None,
    individual: Individual | None = None,
    recommender: RecommenderUnit | None = None,
    form_data: dict | None = None,
) -> Application:
    if (organisation is None) == (individual is None):
        raise InvalidInput(_("申报主体须为一个单位或一名个人。"))
    try:
        award = cycle.rules.award_kind(award_kind)
    except KeyError:
        raise InvalidInput(_("%(city)s本周期不设该奖项。") % {"city": cycle.city.name}) from None
    applicant_kind = "organisation" if organisation else "individual"
    if award.applicant_kind != applicant_kind:
        if award.applicant_kind == "organisation":
            raise InvalidInput(_("“%(award)s”的申报对象为单位。") % {"award": award.name})
        raise InvalidInput(_("“%(award)s”的申报对象为个人。") % {"award": award.name})
    if recommender is not None and recommender.city_id != cycle.city_id:
        raise InvalidInput(_("推荐单位须为本市的推荐单位。"))
    with transaction.atomic():
        application = Application.objects.create(
            reference=new_reference(cycle),
            cycle=cycle,
            award_kind=award_kind,
            applicant_kind=applicant_kind,
            organisation=organisation,
            individual=individual,
            recommender=recommender,
            form_data=form_data or {},
        )
        access.grant_applicant_access(application)
    return application
