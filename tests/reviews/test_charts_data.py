"""reviews.domain.charts_data: the numbers behind the charts, by the sheet's categories and the city's stages."""

from decimal import Decimal

from awards.workflow import Status, staff_label
from reviews.domain import charts_data, panels

from .. import factories
from ..builders.review import Review


def test_profile_is_the_share_of_each_categorys_points():
    rows = [{"code": "A", "name": "方针目标", "score": Decimal("82.50"), "max": 110},
            {"code": "B", "name": "空", "score": Decimal("0.00"), "max": 0}]
    shares = charts_data.profile(rows)
    assert [s.percent for s in shares] == [Decimal("75.0"), Decimal("0.0")]


def test_funnel_follows_the_citys_stages_with_the_supplement_loop_after_eligibility(cities):
    for code in ("wuhan", "chenzhou", "jinan"):
        rules = factories.city(code).current_rules().rules
        counts = {Status.ELIGIBILITY.value: 3, Status.SUPPLEMENT_REQUESTED.value: 1, Status.AWARDED.value: 9}
        funnel = charts_data.funnel(rules, counts)
        statuses = [s.status for s in funnel]
        assert [s for s in statuses if s != Status.SUPPLEMENT_REQUESTED] == [s.kind.value for s in rules.stages]
        at = statuses.index(Status.ELIGIBILITY.value)
        assert statuses[at + 1] == Status.SUPPLEMENT_REQUESTED
        assert funnel[at].count == 3 and funnel[at + 1].count == 1
        assert funnel[at].label == staff_label(Status.ELIGIBILITY.value, rules)
        assert Status.AWARDED not in statuses  # the ends are not stages
        assert sum(s.count for s in funnel) == 4


def test_stage_counts_per_city_leave_drafts_out(cities):
    review = Review("ordos")
    review.application()
    factories.application_for(review.cycle)  # a draft: the applicant's own business
    counts = charts_data.stage_counts([factories.city("ordos"), factories.city("wuhan")])
    assert counts[factories.city("ordos").pk] == {review.panel.stage: 1}
    assert counts[factories.city("wuhan").pk] == {}


def test_panel_progress_counts_sheets_due_and_submitted_while_the_panel_scores(cities):
    review = Review("ordos")
    first, second = review.application(), review.application()
    review.ready_for_consensus(first)
    assignments = review.assign(second)
    review.declare_all(assignments[:2])  # the third has not declared: still owes a sheet
    panels.record_recusal(second, review.experts[1], review.cast.office, reason="曾任该单位顾问")
    ordos = factories.city("ordos")
    (progress,) = charts_data.panel_progress([ordos])[ordos.pk]
    assert (progress.name, progress.submitted, progress.due) == (review.panel.name, 3, 5)
