"""Builders for the ranking tests: applications placed at a stage with their panels' results recorded."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from awards.models import Application
from demo.walk import walk_to
from reviews.domain import schemes
from reviews.models import Consensus, ConsensusItem, Panel, SurveyResult

from .. import factories
from ..journeys import Cast


class Scene:
    """One city's open cycle with its cast, and helpers to put scored applications at a stage."""

    def __init__(self, code: str, *, year: int | None = None, term: int = 1):
        self.code = code
        today = timezone.localdate()
        self.cycle = factories.cycle_for(code, year=year or today.year, published=today)
        if term != 1:
            self.cycle.term = term
            self.cycle.save(update_fields=["term"])
        self.cast = Cast(code)
        self.rules = self.cycle.rules

    def app(self, stage: str, award_kind: str | None = None, *, sme: bool = False, organisation=None,
            individual=None, **scores) -> Application:
        """An application submitted and walked to `stage` (demo.walk.walk_to), with its panels' results recorded."""
        kind = self.rules.award_kind(award_kind) if award_kind else self.rules.award_kinds[0]
        extra = {}
        if kind.applicant_kind == "organisation":
            extra["organisation"] = organisation or factories.OrganisationFactory(city=self.cycle.city, is_sme=sme)
        else:
            extra["individual"] = individual or factories.IndividualFactory(city=self.cycle.city)
        application = factories.application_for(self.cycle, award_kind=kind.key,
                                                 recommender=self.cast.recommender_unit, **extra)
        walk_to(application, stage, cast=self.cast)
        record(application, self.cast.office, **scores)
        return application


def panel_for(cycle, stage: str) -> Panel:
    panel, _ = Panel.objects.get_or_create(cycle=cycle, stage=stage, name=f"{stage}评审组")
    return panel


def record(application: Application, office, *, strengths: str = "", **scores) -> None:
    """The panels' consensus totals (and the office's survey index) as the review helper stores them."""
    for stage, total in scores.items():
        if stage == "satisfaction_survey":
            SurveyResult.objects.create(application=application, score=Decimal(str(total)), agency="某测评机构",
                                        summary="满意度较高", article="第十七条", entered_by=office)
            continue
        sheet = schemes.sheet_for(application.rules, application.award_kind, stage)
        consensus = Consensus.objects.create(
            panel=panel_for(application.cycle, stage), application=application, stage=stage, scheme=sheet.key,
            total=Decimal(str(total)), recorded_by=office,
        )
        if strengths:
            share = Decimal(str(total)) / sheet.total_points
            ConsensusItem.objects.bulk_create(
                ConsensusItem(consensus=consensus, item_code=item.code, percent=int(share * 100),
                              points=(item.points * share).quantize(Decimal("0.01")),
                              strengths=f"{item.name}：{strengths}", opportunities=f"{item.name}：建议持续改进")
                for item in sheet.items
            )
