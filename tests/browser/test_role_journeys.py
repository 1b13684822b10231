"""Done when (issue 12): through the browser only, from sign-up to the last stage, for a Wuhan organisation, a
Qujing organisation and a Jinan individual; each step done by the role the rules name, starting from that role's
home and following its to-do link (tests/browser/journey.py). Every page is screenshotted
(test-artifacts/screenshots/journey-*.png) and checked with axe-core."""

import pytest
import time_machine

from awards.workflow import Status
from honours.models import Certificate

from ..builders.http_journey import START
from ..builders.journeys import at
from ..builders.pdftext import pdf_text, squeeze
from .journey import BrowserJourney

pytestmark = pytest.mark.browser

ROUTES = [
    ("wuhan", "organisation", "mayor_org"),
    ("qujing", "organisation", "mayor_org"),
    ("jinan", "individual", "mayor_individual"),
]


@pytest.fixture
def journey(request, browser, live_server, cities, transactional_db, settings):
    code, kind, award = request.param
    settings.PORTAL_BASE_URL = live_server.url
    with time_machine.travel(at(START), tick=False) as traveller:
        made = BrowserJourney(code, traveller, browser=browser, base_url=live_server.url, request=request,
                              applicant_kind=kind, award_kind=award)
        try:
            yield made
        finally:
            made.close()


@pytest.mark.parametrize("journey", ROUTES, indirect=True, ids=[f"{c}-{k}" for c, k, _a in ROUTES])
def test_from_sign_up_to_the_award_by_each_role_from_its_home(journey):
    app = journey.drive_to(Status.GOVERNMENT_APPROVAL)
    number = f"{journey.cycle.city.name[:2]}政发〔{journey.today().year}〕12号"
    app = journey.approve(document_number=number)
    assert app.status == Status.AWARDED

    trail = list(app.audit_trail.order_by("created_at", "pk"))
    assert [e.to_state for e in trail] == [*journey.route(), Status.AWARDED]

    certificate = Certificate.objects.get(application=app)
    text = squeeze(pdf_text(open(journey.winner_downloads_certificate(), "rb").read()))
    assert squeeze(app.applicant_name) in text and certificate.number in text
    assert journey.shots >= 20
