"""The award actually awarded, in headless Chromium (issue 9): the office records the government's approval → the
winner downloads the certificate → the public opens the QR's URL and reads 有效 → the office revokes on Qujing's
procedure (第二十八条: the office proposes, the office records the city government's revocation) → the public reads
the revocation notice (通报) among the announcements, and the verification page says 已撤销.

Setup walks a Qujing application to 政府审定 (demo.walk.walk_to); every step after is a person in
the browser. Screenshots: var/screenshots/award_journey_*.png (the certificate's first page rendered as well)."""

import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from awards.workflow import Status
from demo.walk import walk_to
from honours.models import Announcement, Certificate, RevocationCase

from .. import factories
from ..builders.intake import PDF
from ..builders.journeys import Cast
from ..builders.pdftext import pdf_text, squeeze
from .conftest import login

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
NUMBER = "曲政复〔2026〕21号"
REVOKED_BY = "曲政发〔2026〕35号"


def snap(tab, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"award_journey_{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def person(browser, live_server):
    """Another person at their own browser (a fresh context: nobody signed in)."""
    made = []

    def open_browser():
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                      base_url=live_server.url, accept_downloads=True)
        context.set_default_timeout(15000)
        made.append(context)
        return context.new_page()

    yield open_browser
    for context in made:
        context.close()


def test_approval_certificate_verification_revocation(page, person, live_server, settings, cities):
    settings.PORTAL_BASE_URL = live_server.url  # the QR code and the links carry the portal's own address
    code = "qujing"
    cycle = factories.cycle_for(code, year=timezone.localdate().year, published=timezone.localdate())
    cast = Cast(code)
    app = factories.application_for(cycle, recommender=cast.recommender_unit)
    walk_to(app, Status.GOVERNMENT_APPROVAL, cast=cast)  # setup: its 公示 ended before today
    rules = cycle.rules
    office = cast.office
    office.first_name = "曲靖评审办张工"
    office.save()
    winner_user = app.organisation.group.user_set.first()
    today = timezone.localdate()

    # 1. The office records the government's decision on the approval page.
    login(page, office.username)
    page.goto(f"/office/{code}/approval/")
    row = page.locator(f"tr[data-application='{app.pk}']")
    assert app.reference in row.inner_text()
    row.get_by_label("审定通过（获奖）").check()
    page.fill("input[name=document_number]", NUMBER)
    page.fill("input[name=decided_on]", today.isoformat())
    page.set_input_files("input[name=file]",
                         files=[{"name": "曲靖市人民政府审定决定.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("button:has-text('录入勾选申报的审定决定')")
    page.wait_for_load_state()
    assert "已录入审定决定" in page.inner_text("ul.messages")
    assert NUMBER in page.inner_text("table.decisions-list")
    snap(page, "approval_recorded")
    app.refresh_from_db()
    assert app.status == Status.AWARDED
    certificate = Certificate.objects.get(application=app)

    # 2. The winner signs in and downloads the certificate.
    winner = person()
    login(winner, winner_user.username)
    winner.goto(f"/apply/{app.pk}/certificates/")
    row = winner.locator(f"tr#certificate-{certificate.pk}")
    assert certificate.number in row.inner_text() and "有效" in row.inner_text()
    snap(winner, "certificate_page")
    with winner.expect_download() as downloaded:
        row.get_by_role("link", name="下载 PDF").click()
    data = Path(downloaded.value.path()).read_bytes()
    text = squeeze(pdf_text(data))
    verify_url = f"{live_server.url}/verify/{certificate.code}/"
    for words in ("荣誉证书", app.applicant_name, rules.name + rules.award_kind(app.award_kind).name,
                  cycle.name, certificate.number, rules.post_award.certificate_issuer.value, NUMBER,
                  certificate.code, verify_url):
        assert squeeze(words) in text, words
    pdf_path = SHOTS / "award_journey_certificate_pdf.pdf"
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf_path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf_path),
                    str(SHOTS / "award_journey_certificate_pdf")], check=True)

    # 3. The public opens the QR's URL: valid.
    public = person()
    public.goto(verify_url)
    verdict = public.inner_text("#verdict")
    assert "核验结果：有效" in verdict
    assert app.applicant_name in public.inner_text("dl.cert")
    snap(public, "verify_valid")

    # 4. The office opens a case on a ground of Qujing's rules and records each step of its procedure.
    ground = rules.post_award.ground("fraud")
    steps = rules.post_award.procedure_of(ground.key)
    page.goto(f"/office/applications/{app.pk}/revocations/open/")
    page.get_by_label(ground.text).check()
    page.fill("#summary", "经举报核查，申报材料中的质量数据系伪造。")
    page.click("button:has-text('立案')")
    page.wait_for_url("**/office/revocations/*/")
    assert ground.article in page.inner_text("main")
    for i, step in enumerate(steps):
        assert step.by.value == "office"  # Qujing: the office records both steps (the government's on its behalf)
        current = page.locator(f"tr[data-step='{i + 1}']")
        assert step.body in current.inner_text()
        page.locator("input[name=outcome][value=agree]").check()
        page.fill("#step-note", f"{step.kind.label}：情况属实，依据{step.article}。")
        if i == len(steps) - 1:
            page.fill("#step-number", REVOKED_BY)
            page.fill("#step-date", today.isoformat())
        page.click("#step-form button[type=submit]")
        page.wait_for_load_state()
        assert "已录入" in page.inner_text("ul.messages") or "奖项已撤销" in page.inner_text("ul.messages")
    assert "奖项已撤销" in page.inner_text("ul.messages")
    snap(page, "revocation_case")
    case = RevocationCase.objects.get(application=app)
    assert case.state == RevocationCase.State.REVOKED
    assert [(s.kind, s.actor_role) for s in case.steps.order_by("pk")] == [(s.kind.value, s.by.value)
                                                                            for s in steps]
    app.refresh_from_db()
    assert app.status == Status.REVOKED

    # 5. The public reads the revocation notice among the announcements, and the certificate shows revoked.
    notice = Announcement.objects.get(kind=Announcement.Kind.REVOCATION, cycle=cycle)
    public.goto("/announcements/")
    listed = public.locator("table.announcements tr", has_text=notice.title)
    assert ground.public_notice.value.label in listed.inner_text()
    listed.get_by_role("link", name=notice.title).click()
    public.wait_for_load_state()
    body = public.inner_text("main")
    assert app.applicant_name in body and ground.article in body
    snap(public, "revocation_notice")
    public.goto(verify_url)
    assert "核验结果：已撤销" in public.inner_text("#verdict")
    assert ground.article in public.inner_text("#verdict")
    snap(public, "verify_revoked")
