"""Builders for the ranking tests: applications placed at a stage with their panels' results recorded, the
board's groups, Ordos's public comments, and a committee with its candidates."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from awards.domain import publicity
from awards.models import Application
from awards.workflow import Status
from cities.schema import Role
from demo.walk import walk_to
from reviews.domain import schemes, stage_inputs
from reviews.domain.ranking import board
from reviews.models import Consensus, ConsensusItem, Panel, SurveyResult

from .. import factories
from .journeys import Cast


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
            SurveyResult.objects.update_or_create(application=application, defaults={  # the walk recorded one
                "score": Decimal(str(total)), "agency": "某测评机构", "summary": "满意度较高", "article": "第十七条",
                "entered_by": office})
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


def shortlist_of(scene, scores):
    return [scene.app("document_review", document_review=s) for s in scores]


def final_group(scene, key):
    return next(g for g in board.read(scene.cycle, board.FINAL).groups if g.quota_seats.key == key)


def qujing_orgs(scene):
    """Two large organisations and an SME at Qujing's ranking (第五条: one of the two seats is an SME's)."""
    big = [scene.app("ranking", hearing=90, document_review=s, site_review=s) for s in (900, 880)]
    sme = scene.app("ranking", sme=True, hearing=80, document_review=700, site_review=700)
    return big, sme


def ordos_with_comments(scene, comments):
    """Applications through a public comment period with `comments[i]` comments each, then at the ranking."""
    apps = [scene.app("public_comment", document_review=800 - i, site_review=800) for i in range(len(comments))]
    notice = publicity.publish(cycle=scene.cycle, stage="public_comment", applications=apps, actor=scene.cast.office)
    for app, n in zip(apps, comments, strict=True):
        entry = notice.entries.get(application=app)
        for k in range(n):
            stage_inputs.file_comment(entry, name=f"市民{k}", contact="13900000000", text="意见")
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(status=Status.RANKING)  # test setup
    return apps, notice


def committee_scene():
    """Chenzhou's committee of four (the cast's member and three more) and two candidates at its decision."""
    scene = Scene("chenzhou")
    scene.members = [scene.cast.committee] + [factories.city_user("chenzhou", Role.COMMITTEE) for _ in range(3)]
    scene.candidates = [scene.app("committee_decision", document_review=s, site_review=s, satisfaction_survey=90)
                        for s in (900, 700)]
    return scene
