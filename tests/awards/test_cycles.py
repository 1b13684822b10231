"""awards.domain.cycles: a cycle's dates come from the rules and the calendar."""

import datetime

from .. import factories


def test_cycle_close_date_in_2027_is_flagged_unconfirmed(cities):
    cycle = factories.cycle_for("ordos", year=2027, published=datetime.date(2027, 3, 1))
    # call announcement ≥10 working days (第十四条), weekends only in 2027
    assert cycle.applications_close_on == datetime.date(2027, 3, 12)
    assert cycle.close_date_unconfirmed
