"""awards.domain.forms_data: the form is checked again when it is submitted."""


import pytest

from awards.domain import forms_data
from awards.workflow import Status
from core.errors import InvalidInput

from .. import factories
from ..builders.intake import PUBLISHED, TODAY, applicant_of
from ..builders.journeys import Cast, travel


@pytest.fixture
def draft(cities):
    with travel(TODAY):
        cycle = factories.cycle_for("chenzhou", published=PUBLISHED)
        cast = Cast("chenzhou")
        app = factories.application_for(cycle, recommender=None)
    return app, cast


def test_submit_refuses_an_incomplete_application_in_the_domain_too(draft):
    app, _ = draft
    with pytest.raises(InvalidInput) as refused:
        forms_data.submit(app, applicant_of(app))
    assert "自评报告" in refused.value.message
    assert app.status == Status.DRAFT
