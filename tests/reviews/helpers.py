"""Builders for the review tests: experts made through the domain, panels formed as the office forms them."""

from __future__ import annotations

from django.utils import timezone

from cities.schema import Role
from demo.walk import walk_to
from reviews.domain import experts, panels, scoring
from reviews.domain.experts import Job, Relation
from reviews.domain.scoring import Entry

from .. import factories
from ..journeys import Cast


def make_expert(code: str, name: str, *, employer: str = "某某大学", code_of_employer: str = "", since: int = 2015,
                past: list[Job] = (), relations: list[Relation] = (), industry: str = "制造业",
                sector: str = "secondary", industry_expert: bool = False, username: str | None = None):
    user = factories.UserFactory(username=username) if username else factories.UserFactory()
    user.first_name = name
    user.save()
    jobs = [Job(employer, since, None, code_of_employer), *past]
    return experts.add_expert(city=factories.city(code), user=user, name=name, field="质量管理", industry=industry,
                              sector=sector, is_industry_expert=industry_expert, jobs=jobs, relations=relations)


def open_cycle(code: str):
    return factories.cycle_for(code, published=timezone.localdate())


def to_stage(application, cast: Cast, stage_kind: str):
    """Submit and walk forward to `stage_kind` (demo.walk.walk_to); returns the application."""
    walk_to(application, stage_kind, cast=cast)
    return application


class Review:
    """One city's cycle with a cast, a panel of experts (first is the leader) and helpers to drive it."""

    def __init__(self, code: str = "chenzhou", *, size: int = 3, stage: str = "document_review", prefix: str = "",
                 same_cycle_as: Review | None = None):
        self.code = code
        self.cycle = same_cycle_as.cycle if same_cycle_as else open_cycle(code)
        self.cast = same_cycle_as.cast if same_cycle_as else Cast(code)
        self.experts = [
            make_expert(code, f"{prefix}专家{i + 1}", industry_expert=True, username=f"{prefix or code}_expert{i + 1}")
            for i in range(size)
        ]
        self.panel = panels.form_panel(
            cycle=self.cycle, stage=stage, name=f"{prefix}第一评审组", actor=self.cast.office,
            members=[(e, i == 0) for i, e in enumerate(self.experts)],
            grouping=self._grouping(),
        )

    def _grouping(self):
        formed_by = self.cycle.rules.panel.formed_by.value
        return {"industry": "制造业", "sector": "secondary"}.get(formed_by, "")

    @property
    def leader(self):
        return self.experts[0]

    def application(self, stage: str | None = None, **kwargs):
        app = factories.application_for(self.cycle, recommender=self.cast.recommender_unit, **kwargs)
        return to_stage(app, self.cast, stage or self.panel.stage)

    def assign(self, application):
        return panels.assign(self.panel, application, self.cast.office)

    def declare_all(self, assignments):
        for a in assignments:
            panels.declare(a, a.expert.user, has_conflict=False, pledge=True)

    def score_all(self, assignments, percents):
        """Each expert fills and submits the whole sheet with their percent (an int or a function of the item)."""
        sheets = []
        for a, pct in zip(assignments, percents, strict=True):
            a.refresh_from_db()
            sheet = scoring.sheet_for(a)
            scheme = scoring.scheme_for(a)
            entries = {i.code: Entry(pct(i) if callable(pct) else pct, f"{i.name}方法系统", f"{i.name}展开不足")
                       for i in scheme.items}
            scoring.save(sheet, a.expert.user, entries, opinion="总体良好")
            sheets.append(scoring.submit(sheet, a.expert.user))
        return sheets

    def ready_for_consensus(self, application, percents=(60, 70, 80)):
        assignments = self.assign(application)
        self.declare_all(assignments)
        self.score_all(assignments, list(percents)[: len(assignments)])
        return assignments


__all__ = ["Review", "make_expert", "Job", "Relation", "Role", "to_stage", "open_cycle"]
