"""reviews.domain.experts: the office adds experts with their jobs (with years)."""

import pytest
from django.utils import timezone

from reviews.domain import experts
from reviews.domain.experts import Job
from reviews.models import Expert

from .. import factories


def test_two_current_jobs_are_refused(cities):
    user = factories.UserFactory()
    this_year = timezone.localdate().year
    with pytest.raises(experts.InvalidInput, match="现任职单位只能有一个"):
        experts.add_expert(city=factories.city("chenzhou"), user=user, name="甲", field="f", industry="i",
                           sector="tertiary", jobs=[Job("A", 2010), Job("B", this_year)])
    assert not Expert.objects.exists()
