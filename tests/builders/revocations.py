"""Winners and revocation cases (helper D's tests): applications walked to 获奖 through the city's route
(demo.walk.walk_to records the government's decision, so each holds its certificate and ledger lines), and cases
opened and carried along their ground's procedure through honours.domain.revocation."""

import datetime

from awards.models import Application
from awards.workflow import Status
from cities.schema import Role
from demo.walk import walk_to
from honours.domain import certificates, revocation

from .. import factories
from .journeys import Cast

TODAY = datetime.date(2026, 9, 14)


class Winners:
    """One city's cycle of TODAY's year and its cast; `award()` walks one more application to 获奖."""

    def __init__(self, code: str):
        self.code = code
        self.cycle = factories.cycle_for(code, year=TODAY.year, published=TODAY - datetime.timedelta(days=13))
        self.cast = Cast(code)

    def at_approval(self, award_kind: str = "mayor_org") -> Application:
        application = factories.application_for(self.cycle, award_kind=award_kind,
                                                recommender=self.cast.recommender_unit)
        walk_to(application, Status.GOVERNMENT_APPROVAL, cast=self.cast)
        return application

    def award(self, award_kind: str = "mayor_org"):
        """(the application at 获奖, its certificate)."""
        application = self.at_approval(award_kind)
        walk_to(application, Status.AWARDED, cast=self.cast)
        application.refresh_from_db()
        return application, certificates.live(application)

    def case(self, ground: str, *, steps: int = 0, application: Application | None = None):
        """A case against a new winner (or `application`) on `ground`, with its first `steps` steps agreed, each by
        the role its procedure names."""
        application = application or self.award()[0]
        case = revocation.open_case(application, ground=ground, summary="群众举报，立案调查。", actor=self.cast.office)
        for _ in range(steps):
            step = revocation.next_step(case)
            actor = self.cast.committee if step.by == Role.COMMITTEE else self.cast.office
            final = step.kind.value == "revocation"
            revocation.record_step(case, actor=actor, agreed=True, note=f"{step.body}同意。",
                                   document_number="文号〔2026〕1号" if final else "",
                                   decided_on=TODAY if final else None)
            case.refresh_from_db()
        return case
