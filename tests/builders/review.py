"""Builders for the review tests: experts made through the domain, panels formed as the office forms them, and
panels at the points the tests start from (assigned, half declared, scored, at the consensus)."""

from __future__ import annotations

from django.utils import timezone

from awards.domain import documents
from cities.schema import Role
from demo.walk import walk_to
from reviews.domain import experts, panels, scoring
from reviews.domain.consensus import AgreedEntry
from reviews.domain.experts import Job, Relation
from reviews.domain.scoring import Entry

from .. import factories
from .intake import PDF, upload_file
from .journeys import Cast


def make_expert(code: str, name: str, *, employer: str = "某某大学", code_of_employer: str = "", since: int = 2015,
                past: list[Job] = (), relations: list[Relation] = (), industry: str = "制造业",
                sector: str = "secondary", industry_expert: bool = False, username: str | None = None,
                industry_sections: str = ""):
    user = factories.UserFactory(username=username) if username else factories.UserFactory()
    user.first_name = name
    user.save()
    jobs = [Job(employer, since, None, code_of_employer), *past]
    return experts.add_expert(city=factories.city(code), user=user, name=name, field="质量管理", industry=industry,
                              sector=sector, is_industry_expert=industry_expert, jobs=jobs, relations=relations,
                              industry_sections=industry_sections)


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


def assigned_review():
    """Chenzhou: a panel of three assigned to an application at the document review; nobody has declared yet."""
    review = Review("chenzhou")
    app = review.application()
    assignments = review.assign(app)
    return review, app, assignments


def expert_urls(assignment):
    pk = assignment.pk
    return [f"/reviews/tasks/{pk}/declare/", f"/reviews/tasks/{pk}/materials/", f"/reviews/tasks/{pk}/sheet/"]


def office_urls(review, app):
    return ["/reviews/office/experts/", "/reviews/office/panels/", f"/reviews/office/panels/{review.panel.pk}/",
            f"/reviews/office/cycles/{review.cycle.pk}/results/", f"/reviews/office/applications/{app.pk}/survey/"]


def half_declared():
    """Ordos, 3 experts assigned; only the leader has declared and submitted."""
    review = Review("ordos")
    app = review.application()
    assignments = review.assign(app)
    review.declare_all(assignments[:1])
    review.score_all(assignments[:1], [60])
    return review, app, assignments


def wuhan_two_stages():
    """Wuhan: the document review panel is active on an application holding a trade secret."""
    review = Review("wuhan")
    app = factories.application_for(review.cycle, recommender=review.cast.recommender_unit)
    secret = documents.store_upload(app, upload_file("核心工艺参数.pdf", PDF), "self_assessment", "trade",
                                    factories.member(app.organisation))
    to_stage(app, review.cast, "document_review")
    assignments = review.assign(app)
    review.declare_all(assignments)
    return review, app, assignments, secret


def hearing_panel(review, expert):
    """A Wuhan hearing panel led by `expert`, with two industry experts beside."""
    others = [make_expert("wuhan", f"答辩专家{i}", industry_expert=True) for i in range(2)]
    return panels.form_panel(cycle=review.cycle, stage="hearing", name="答辩组", actor=review.cast.office,
                             members=[(expert, True), (others[0], False), (others[1], False)])


def spread_items(item):
    return 40 if item.code == "4.1.1" else 60


def ordos_scored():
    """Ordos: every expert of the panel has submitted; the sheets differ widely on 4.1.1 only."""
    review = Review("ordos")
    app = review.application()
    assignments = review.assign(app)
    review.declare_all(assignments)
    # 4.1.1: 40 / 60 / 60 (spread 20, flagged); everything else 60 / 60 / 65 (spread 5).
    review.score_all(assignments, [spread_items, 60, lambda i: 60 if i.code == "4.1.1" else 65])
    return review, app, assignments


def agreed_all(comparison, percent=None):
    """The leader's agreed entry for every row: `percent`, or the suggested one."""
    return {row.code: AgreedEntry(percent if percent is not None else row.suggested, "优势甲", "改进乙", "")
            for row in comparison.rows}


def ordos_sheet():
    """Ordos: the panel has declared; the second expert's own sheet."""
    review = Review("ordos")
    app = review.application()
    assignments = review.assign(app)
    review.declare_all(assignments)
    mine = assignments[1]
    mine.refresh_from_db()
    return review, app, mine, scoring.sheet_for(mine)


__all__ = ["Review", "make_expert", "Job", "Relation", "Role", "to_stage", "open_cycle"]
