"""The rows honours adds to the permission table (awards.domain.access.register): each is exercised, allowed and
denied, by a test of its own module."""

from pathlib import Path

from awards.domain import access
from honours.models import CertificateBatch, Revisit

from ..builders.journeys import Cast
from ..builders.winners import winner

TESTS = Path(__file__).resolve().parent.parent


def test_every_honours_action_has_its_cases_in_the_tests():
    honours_rows = {a for a, p in access.PERMISSIONS.items() if p.__module__.startswith("honours.")}
    assert {"office.approval", "office.decision", "office.certificate", "applicant.certificate",
            "office.yearly_report", "office.re_evaluation", "committee.re_evaluation"} <= honours_rows
    sources = "\n".join(p.read_text() for p in [*TESTS.glob("honours/*.py"), *TESTS.glob("portal/*/*.py")])
    untested = sorted(a for a in honours_rows if f'"{a}"' not in sources)
    assert not untested, f"actions without a test that names them: {untested}"


def test_certificate_cycle_batch_list_and_revisit_rows(cities):
    application, world, user = winner("chenzhou")
    office, stranger = world.cast.office, Cast("qujing").office
    cycle = application.cycle
    batch = CertificateBatch.objects.create(cycle=cycle, requested_by=office)
    revisit = Revisit.objects.create(application=application, planned_on=cycle.call_published_on,
                                     article="第二十六条", planned_by=office)
    for action, row in (("office.certificate_cycle", cycle), ("office.certificate_batch", batch),
                        ("office.revisit", revisit)):
        assert access.check(office, action, row), action
        for other in (stranger, user, world.cast.committee):
            verdict = access.check(other, action, row)
            assert not verdict and verdict.hidden, (action, other)
    assert access.check(user, "applicant.certificates", application)
    for other in (stranger, world.cast.committee, world.cast.recommender):
        assert not access.check(other, "applicant.certificates", application)
