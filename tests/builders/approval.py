"""Applications at 政府审定 (demo.walk.walk_to) of one city's cycle, and the decision file to record with them
(honours.domain.approval)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards.domain.cycles import open_cycle
from awards.workflow import Status
from demo.walk import walk_to
from honours.domain import approval

from .. import factories
from .journeys import Cast

DECISION_PDF = b"%PDF-1.4\n% decision of the city government\n%%EOF\n"


def decision_file(name="决定.pdf", content=DECISION_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class Approvals:
    """One city's cycle (opened 13 days before today, as the clock says) and cast; `at_approval()` walks one more
    application of it to 政府审定, `approve(...)` records the government's decision approving them today."""

    def __init__(self, code: str, *, term: int = 1):
        today = timezone.localdate()
        self.code = code
        published = today - datetime.timedelta(days=13)
        self.cycle = open_cycle(factories.city(code), year=today.year, term=term, call_published_on=published,
                                confirmation=factories.confirmation_for(code, published))
        self.cast = Cast(code)
        self.rules = self.cycle.rules

    def at_approval(self, *, award_kind: str | None = None, **applicant):
        application = factories.application_for(self.cycle, award_kind=award_kind,
                                                recommender=self.cast.recommender_unit, **applicant)
        walk_to(application, Status.GOVERNMENT_APPROVAL, cast=self.cast)
        return application

    def approve(self, *applications, number: str = "", rejected=()):
        """A decision of today approving `applications` (and not `rejected`), numbered `number` or the next one."""
        number = number or f"{self.rules.name[0]}政〔{self.cycle.year}〕{self.cycle.government_decisions.count() + 1}号"
        lines = [(a, True, "") for a in applications] + [(a, False, "未予审定通过") for a in rejected]
        decision = approval.record(cycle=self.cycle, actor=self.cast.office, document_number=number,
                                   decided_on=timezone.localdate(), uploaded_file=decision_file(), lines=lines)
        for application in (*applications, *rejected):
            application.refresh_from_db()
        return decision
