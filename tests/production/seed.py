"""Seed the production-shape test's own database through the ORM; run as `python -m tests.production.seed` in a
process with the same environment as the servers (the pytest process is configured for its own test database).

Prints one JSON line: the ids and the passwords the test signs in with over HTTP.
"""

import datetime
import json

import django

django.setup()

from awards.domain import lifecycle  # noqa: E402
from tests import factories  # noqa: E402
from tests.builders.journeys import Cast, travel  # noqa: E402
from tests.builders.publicity import make_publicity  # noqa: E402

PASSWORD = "Shape-Pass-2026-x9"


def with_password(user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user.username


def main():
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("qujing", published=datetime.date(2026, 9, 1))
        cast = Cast("qujing")
        draft = factories.application_for(cycle, recommender=cast.recommender_unit)
        submitted = factories.application_for(cycle, recommender=cast.recommender_unit)
        owner = factories.member(draft.organisation)  # uploads to the draft
        submitter = factories.member(submitted.organisation)  # withdraws the submitted one; a stranger to the draft
    with travel(datetime.date(2026, 9, 15)):
        lifecycle.perform(submitted, "submit", submitter)
    notice, _cast = make_publicity(1)  # Jinan's 公示, ended 2026-10-09: beat closes it
    print(json.dumps({
        "owner": with_password(owner), "submitter": with_password(submitter), "password": PASSWORD,
        "draft": draft.pk, "submitted": submitted.pk, "publicity": notice.pk,
    }))


if __name__ == "__main__":
    main()
