"""Stage results for the ranking and the feedback report: a stable read-only interface.

Contract (callers: the ranking, committee and feedback-report code):

``stage_results(applications) -> dict[int, dict[str, Decimal]]``
    For each given application (objects or ids), the final score at each scored stage that has one:
    ``{application_id: {"document_review": Decimal("612.50"), "hearing": Decimal("81.00"), ...}}``.
    Keys are StageKind values. Expert stages (document_review, hearing, site_review) give the panel's
    consensus total recorded by the leader (reviews.Consensus.total); an opinion-only stage (an
    individual's inspection, 考察) has no score and is absent. ``satisfaction_survey`` gives the office's
    entered satisfaction index (reviews.SurveyResult.score). A stage without a recorded result is absent
    (never zero). Every application asked for has a key, possibly with an empty dict. Two queries,
    whatever the number of applications.

``feedback(application) -> list[dict]``
    The per-category feedback of the application's document review (if it has no scored consensus
    there: of its site review, then of its hearing), in the sheet's order, one row per category::

        {"code": "4.1", "name": "领导", "score": Decimal("82.50"), "max": 110,
         "strengths": ["..."], "opportunities": ["..."], "stage": "document_review"}

    ``score`` is the sum of the consensus points of the category's items; strengths and opportunities
    are the consensus texts of its items (one line each, blank ones left out). Empty list when no
    consensus has been recorded. A fixed small number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from cities.schema import StageKind

from ..models import Consensus, ConsensusItem, SurveyResult
from . import schemes

STAGE_ORDER = [StageKind.DOCUMENT_REVIEW.value, StageKind.SITE_REVIEW.value, StageKind.HEARING.value]


def _ids(applications: Iterable) -> list[int]:
    return [a if isinstance(a, int) else a.pk for a in applications]


def stage_results(applications) -> dict[int, dict[str, Decimal]]:
    ids = _ids(applications)
    results: dict[int, dict[str, Decimal]] = {pk: {} for pk in ids}
    rows = Consensus.objects.filter(application_id__in=ids, total__isnull=False).values_list(
        "application_id", "stage", "total"
    )
    for app_id, stage, total in rows:
        results[app_id][stage] = total
    for app_id, score in SurveyResult.objects.filter(application_id__in=ids).values_list("application_id", "score"):
        results[app_id][StageKind.SATISFACTION_SURVEY.value] = score
    return results


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def feedback(application) -> list[dict]:
    found = {c.stage: c for c in Consensus.objects.filter(application=application, total__isnull=False)}
    consensus = next((found[s] for s in STAGE_ORDER if s in found), None)
    if consensus is None:
        return []
    scheme = schemes.load(consensus.scheme)
    items = {i.item_code: i for i in ConsensusItem.objects.filter(consensus=consensus)}
    rows = []
    for category in scheme.categories:
        score = Decimal("0.00")
        strengths, opportunities = [], []
        for item in category.items:
            agreed = items.get(item.code)
            if agreed is None:
                continue
            score += agreed.points
            strengths += _lines(agreed.strengths)
            opportunities += _lines(agreed.opportunities)
        rows.append(
            {
                "code": category.code,
                "name": category.name,
                "score": score,
                "max": category.points,
                "strengths": strengths,
                "opportunities": opportunities,
                "stage": consensus.stage,
            }
        )
    return rows
