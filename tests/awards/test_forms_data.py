"""awards.domain.forms_data: the form is checked again when it is submitted."""


import pytest

from awards.domain import forms_data
from awards.workflow import Status
from core.errors import InvalidInput

from ..builders.intake import applicant_of, chenzhou_draft_and_cast


@pytest.fixture
def draft(cities):
    return chenzhou_draft_and_cast()


def test_submit_refuses_an_incomplete_application_in_the_domain_too(draft):
    app, _ = draft
    with pytest.raises(InvalidInput) as refused:
        forms_data.submit(app, applicant_of(app))
    assert "自评报告" in refused.value.message
    assert app.status == Status.DRAFT
