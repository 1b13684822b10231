"""Certified winners (helper B's tests): applications walked to 政府审定 (demo.walk) and approved by a recorded
government decision (honours.domain.approval.record), so they hold their certificate and ledger lines as a real
winner does. Several winners of one cycle, each on the day the clock says."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards.workflow import Status
from demo.walk import walk_to
from honours.domain import approval, certificates

from .. import factories
from .journeys import Cast

DECISION_PDF = b"%PDF-1.4\n% decision of the city government\n%%EOF\n"


def decision_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("decision.pdf", DECISION_PDF, content_type="application/pdf")


class Winners:
    """One city's cycle and cast; `award()` makes one more winner of it (today, as the clock says)."""

    def __init__(self, code: str, *, year: int | None = None, published: datetime.date | None = None):
        today = timezone.localdate()
        self.code = code
        self.cycle = factories.cycle_for(code, year=year or today.year,
                                         published=published or today - datetime.timedelta(days=13))
        self.cast = Cast(code)
        self.rules = self.cycle.rules
        self.numbers = 0

    def at_approval(self, *, award_kind: str | None = None, **applicant):
        application = factories.application_for(self.cycle, award_kind=award_kind,
                                                recommender=self.cast.recommender_unit, **applicant)
        walk_to(application, Status.GOVERNMENT_APPROVAL, cast=self.cast)
        return application

    def approve(self, *applications, decided_on: datetime.date | None = None):
        self.numbers += 1
        number = f"{self.rules.name[0]}政〔{self.cycle.year}〕{self.numbers}号"
        decision = approval.record(
            cycle=self.cycle, actor=self.cast.office, document_number=number,
            decided_on=decided_on or timezone.localdate(), uploaded_file=decision_file(),
            lines=[(a, True, "") for a in applications],
        )
        for application in applications:
            application.refresh_from_db()
        return decision

    def award(self, *, award_kind: str | None = None, **applicant):
        """A new winner of this cycle: (application, its certificate)."""
        application = self.at_approval(award_kind=award_kind, **applicant)
        self.approve(application)
        return application, certificates.live(application)
