"""demo.office: the office demo builds on the base demo and can run twice."""

from awards.models import EligibilityCheck, FormalNotice, Notice, SupplementRequest
from demo import base as demo
from demo import office as demo_office


def test_office_demo_is_idempotent(cities):
    demo.build_all()
    logins = demo_office.build_demo()
    assert {name for name, _ in logins} == {f"{code}_office" for code in cities}
    counts = (SupplementRequest.objects.count(), EligibilityCheck.objects.count(), FormalNotice.objects.count(),
              Notice.objects.filter(email_status=Notice.EmailStatus.FAILED).count())
    assert counts == (5, 5, 5, 5)
    demo_office.build_demo()
    assert (SupplementRequest.objects.count(), EligibilityCheck.objects.count(), FormalNotice.objects.count(),
            Notice.objects.filter(email_status=Notice.EmailStatus.FAILED).count()) == counts
