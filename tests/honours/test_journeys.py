"""Done when (issue 9): in each of the five cities one application goes from sign-up to 获奖 through the portal's
pages (tests.builders.http_journey: one browser per person, the city's own route), the winner downloads the
certificate issued at the government's decision, its PDF says what the rule file says (pdftotext), and the public
verification page, opened anonymously by the code on the certificate, says it is valid."""

import re
from urllib.parse import urlparse

import pytest
import time_machine
from django.urls import reverse

from awards.workflow import Status
from cities.schema import Role
from core.i18n import long_date
from honours.models import Certificate, DecisionLine, GovernmentDecision

from ..builders.http_journey import START, HttpJourney, Person, pdf_bytes
from ..builders.journeys import at
from ..builders.pdftext import pdf_text, squeeze

CITIES = ["chenzhou", "jinan", "ordos", "qujing", "wuhan"]
PDF_LINK = re.compile(r'href="(/apply/certificates/(\d+)/certificate\.pdf)"')
VERIFY_LINK = re.compile(r'href="([^"]*/verify/([A-Z0-9]+)/)"')


@pytest.fixture
def journey(cities, request):
    """The city's cycle, people and pool of experts, on the day the applicant signs up (2026-09-14)."""
    with time_machine.travel(at(START), tick=False) as traveller:
        yield HttpJourney(request.param, traveller)


def document_number(journey) -> str:
    return f"{journey.cycle.city.name[:2]}政发〔{journey.today().year}〕12号"


@pytest.mark.parametrize("journey", CITIES, indirect=True)
def test_one_application_goes_to_the_award_through_the_pages(journey):
    rules = journey.rules
    app = journey.drive_to(Status.GOVERNMENT_APPROVAL)
    number = document_number(journey)
    app = journey.approve(document_number=number)
    assert app.status == Status.AWARDED

    # The audit trail: one entry per stage of the city's own route, in its order, each by the role its rules name
    # and citing its article; the last is the government's decision recorded by the office.
    trail = list(app.audit_trail.order_by("created_at", "pk"))
    route = journey.route()
    assert [e.from_state for e in trail] == [Status.DRAFT, *route]
    assert [e.to_state for e in trail] == [*route, Status.AWARDED]
    for entry in trail:
        assert entry.actor_role and entry.article, (entry.from_state, entry.actor_role, entry.article)
        stage = rules.stage(entry.from_state)
        expected_role = Role.APPLICANT if entry.from_state == Status.DRAFT else stage.actor
        assert entry.actor_role == expected_role.value, (entry.from_state, entry.actor_role)
        assert (entry.actor is None) == (expected_role == Role.SYSTEM)
        if stage is not None:
            assert entry.article == stage.article, (entry.from_state, entry.article, stage.article)
    approval = trail[-1]
    assert approval.actor == journey.cast.office and number in approval.reason
    assert approval.article == rules.stage(Status.GOVERNMENT_APPROVAL).article
    decision = GovernmentDecision.objects.get(cycle=journey.cycle)
    assert decision.document_number == number and decision.approver == rules.bodies.approver.value
    assert DecisionLine.objects.get(decision=decision).audit_entry == approval

    # The winner finds the certificate on their page and downloads the PDF.
    winner = journey.applicant
    mine = winner.page(reverse("applicant:certificates", args=[app.pk]))
    [(pdf_url, certificate_pk)] = PDF_LINK.findall(mine)
    certificate = Certificate.objects.get(pk=certificate_pk, application=app)
    download = winner.get(pdf_url)
    assert download["Content-Type"] == "application/pdf"
    text = squeeze(pdf_text(pdf_bytes(download)))
    award_title = rules.name + rules.award_kind(app.award_kind).name  # e.g. 郴州市 + 市长质量奖
    for words in ("荣誉证书", app.applicant_name, award_title, journey.cycle.name, certificate.number,
                  rules.post_award.certificate_issuer.value, long_date(decision.decided_on), number,
                  certificate.code):
        assert squeeze(words) in text, words
    validity = rules.post_award.validity_years
    if validity.value:
        until = certificate.valid_until
        assert until.year == decision.decided_on.year + validity.value
        assert squeeze(f"有效期至{long_date(until)}（依据{validity.article}）") in text
    else:
        assert certificate.valid_until is None and "有效期至" not in text

    # The office finds it among the city's certificates.
    assert certificate.number in journey.office.page(reverse("office:certificates", args=[journey.code]))

    # Nobody else may download it.
    assert Person(journey.recommender.user, "recommender").get(pdf_url, expect=404)
    assert Person(None, "public").get(pdf_url, expect=302)

    # The public opens the QR's address (the link on the winner's page): the certificate is valid.
    [(verify_url, code)] = VERIFY_LINK.findall(mine)
    assert code == certificate.code
    assert urlparse(verify_url).path == reverse("public:verify_code", args=[code])
    verify = journey.public.page(urlparse(verify_url).path)
    assert 'class="verdict verdict-valid"' in verify and "核验结果：有效" in verify
    for words in (app.applicant_name, award_title, certificate.number, rules.post_award.certificate_issuer.value):
        assert words in verify, words
