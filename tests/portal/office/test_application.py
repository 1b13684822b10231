"""The office's page of one application (portal.office.views.application_detail)."""

import datetime

from ... import factories
from ...builders.intake import SUBMIT_DAY, World
from ...builders.journeys import travel


def test_years_operating_are_full_years_as_the_offering_counts_them(cities, client):
    """Ordos 第十条 (3年以上): founded 2021-09-15 is 4 full years on 2026-09-14, though 1825 days ÷ 365 makes 5."""
    with travel(SUBMIT_DAY):
        ordos = World("ordos")
        unit = factories.OrganisationFactory(city=ordos.cycle.city, founded_on=datetime.date(2021, 9, 15))
        app = ordos.application(organisation=unit)
        client.force_login(ordos.cast.office)
        html = client.get(f"/office/applications/{app.pk}/").content.decode()
    assert "2021-09-15（满4年）" in html and "连续经营满3年" in html and "第十条" in html
