"""Builders for the reviewers' conduct tests: a panel with open work to hand over, and a site review that is over
(its consensus recorded, the application moved on) so the two-way ratings open."""

from __future__ import annotations

from demo.walk import walk_to
from reviews.domain import consensus, scoring

from .. import factories
from .review import Review, agreed_all, make_expert


def next_stage(application, stage: str) -> str:
    kinds = [s.kind.value for s in application.rules.stages_for(application.applicant_kind)]
    return kinds[kinds.index(stage) + 1]


def site_review_over(code: str, *, size: int = 3):
    """The site review's panel has scored and agreed, and the application has moved to the next stage."""
    review = Review(code, size=size, stage="site_review")
    app = review.application()
    assignments = review.ready_for_consensus(app, percents=(60, 70, 80)[:size])
    consensus.record(review.panel, app, review.leader.user, agreed_all(consensus.compare(review.panel, app)))
    walk_to(app, next_stage(app, "site_review"), cast=review.cast)
    app.refresh_from_db()
    for a in assignments:
        a.refresh_from_db()
    return review, app, assignments


def open_work(code: str = "chenzhou"):
    """A panel of three on two applications: on the first every expert declared and the second expert submitted
    a sheet; the second is only assigned. Plus a spare expert in the pool and one working for the first applicant."""
    review = Review(code, size=3)
    first, second = review.application(), review.application()
    on_first = review.assign(first)
    review.declare_all(on_first)
    mine = next(a for a in on_first if a.expert == review.experts[1])
    mine.refresh_from_db()
    review.score_all([mine], [70])
    on_second = review.assign(second)
    spare = make_expert(code, "备选专家", industry_expert=True)
    conflicted = make_expert(code, "有关系专家", employer=first.organisation.name, industry_expert=True)
    return review, first, second, on_first, on_second, spare, conflicted


def sheet_of(assignment):
    assignment.refresh_from_db()
    return scoring.sheet_for(assignment)


__all__ = ["site_review_over", "open_work", "next_stage", "sheet_of", "factories"]
