"""awards.domain.eligibility.full_years: the one count of years operating, used by the offering and the office page."""

import datetime

import pytest

from awards.domain import offering
from awards.domain.eligibility import full_years

from .. import factories
from ..journeys import travel


@pytest.mark.parametrize("since, today, years", [
    (datetime.date(2023, 9, 15), datetime.date(2026, 9, 14), 2),  # 1095 days, a leap day among them: not yet 3
    (datetime.date(2023, 9, 14), datetime.date(2026, 9, 14), 3),  # the same day three years on
    (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28), 2),
    (datetime.date(2024, 2, 29), datetime.date(2027, 3, 1), 3),
])
def test_full_years_are_calendar_years(since, today, years):
    assert full_years(since, today) == years


def test_the_offering_counts_full_years(cities):
    """Ordos 第十条 (连续正常运营3年以上): founded 2023-09-02 is 2 full years on 2026-09-01 (1095 days), then 3."""
    with travel(datetime.date(2026, 9, 1)):
        cycle = factories.cycle_for("ordos", published=datetime.date(2026, 9, 1))
        young = factories.OrganisationFactory(city=cycle.city, founded_on=datetime.date(2023, 9, 2))
        reasons = offering.offering(cycle, organisation=young).offers[0].reasons
        assert any("3年以上" in r and "第十条" in r for r in reasons)
    with travel(datetime.date(2026, 9, 2)):
        assert offering.offering(cycle, organisation=young).offers[0].allowed
