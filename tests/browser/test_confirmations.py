"""Irreversible steps ask first (static/js/confirm.js reads the form's or button's data-confirm), in headless Chromium.

"取消" leaves everything as it was; "确定" submits. The server stays the authority: these tests only check that
the question is asked, says what will happen, and that the answer is obeyed.
"""

import pytest
from django.utils import timezone

from awards.domain import forms_data, lifecycle
from awards.workflow import Status
from cities.schema import Role
from reviews.domain import committee
from reviews.domain.ranking import board, shortlists
from reviews.models import CommitteeVote

from .. import factories
from ..builders.intake import complete_draft
from ..builders.journeys import Cast
from ..builders.ranking import Scene
from .conftest import accept_dialog, login

pytestmark = pytest.mark.browser


class Answer:
    """Answers the page's confirmations one after another, and keeps what they asked."""

    def __init__(self, page):
        self.asked: list[str] = []
        self.accept = False
        page.remove_listener("dialog", accept_dialog)
        page.on("dialog", self)

    def __call__(self, dialog):
        self.asked.append(dialog.message)
        if self.accept:
            dialog.accept()
        else:
            dialog.dismiss()


def _draft(code="ordos", name="鄂尔多斯市示范羊绒制品有限公司"):
    cycle = factories.cycle_for(code, year=timezone.localdate().year, published=timezone.localdate())
    cast = Cast(code)
    org = factories.OrganisationFactory(city=cycle.city, name=name)
    application = factories.application_for(cycle, organisation=org, recommender=cast.recommender_unit)
    return application, cast, factories.member(org)


def test_submitting_an_application_asks_first_and_cancel_keeps_the_draft(page, cities):
    """Submission locks the 申报表 (鄂尔多斯 第十条): the applicant is told so and may still say no."""
    application, _cast, applicant = _draft()
    complete_draft(application)
    answer = Answer(page)
    login(page, applicant.username)
    page.goto(f"/apply/{application.pk}/check/")
    for box in page.locator("#declarations input[type=checkbox]").all():
        box.check()
    page.click("button:has-text('签署承诺并提交申报')")
    page.wait_for_timeout(300)
    assert answer.asked and "鄂尔多斯市示范羊绒制品有限公司" in answer.asked[0] and "锁定" in answer.asked[0]
    application.refresh_from_db()
    assert application.status == Status.DRAFT and "/check/" in page.url

    answer.accept = True
    page.click("button:has-text('签署承诺并提交申报')")
    page.wait_for_url("**/status/")
    application.refresh_from_db()
    assert application.status != Status.DRAFT and application.submitted_at is not None


def test_refusing_an_application_asks_first(page, cities):
    """不予受理 ends the application (鄂尔多斯 第十二条): the office confirms it, naming the applicant."""
    application, cast, applicant = _draft()
    complete_draft(application)
    forms_data.submit(application, applicant)
    lifecycle.perform(application, "advance", cast.recommender, reason="材料真实完整，同意推荐")
    assert application.status == Status.ELIGIBILITY
    answer = Answer(page)
    login(page, cast.office.username)
    page.goto(f"/office/applications/{application.pk}/")
    page.fill("#refuse-reasons", "近三年发生较大质量事故")
    page.click("button[name=refuse]")
    page.wait_for_timeout(300)
    assert answer.asked and "不予受理" in answer.asked[0] and application.applicant_name in answer.asked[0]
    application.refresh_from_db()
    assert application.status == Status.ELIGIBILITY

    answer.accept = True
    page.click("button[name=refuse]")
    page.wait_for_load_state()
    page.wait_for_timeout(300)
    application.refresh_from_db()
    assert application.status != Status.ELIGIBILITY


def test_a_vote_and_the_count_ask_first(page, cities):
    """A vote cannot be changed and the count ends the sitting (郴州 第十五条): both ask before they happen."""
    scene = Scene("chenzhou")
    members = [scene.cast.committee] + [factories.city_user("chenzhou", Role.COMMITTEE) for _ in range(2)]
    top = scene.app("ranking", document_review=900, site_review=880, satisfaction_survey=92)
    shortlists.confirm(scene.cycle, board.FINAL, "mayor", [top.pk], scene.cast.office)
    sitting = committee.open_sitting(scene.cycle, scene.cast.office, [m.pk for m in members])
    answer = Answer(page)

    login(page, members[0].username)
    page.goto(f"/reviews/committee/{scene.cycle.pk}/")
    vote = page.locator(f"tr[data-ref='{top.reference}']").get_by_role("button", name="同意", exact=True)
    vote.click()
    page.wait_for_timeout(300)
    assert answer.asked and "同意" in answer.asked[0] and "不可更改" in answer.asked[0]
    assert not CommitteeVote.objects.filter(sitting=sitting).exists()
    answer.accept = True
    vote.click()
    page.wait_for_load_state()
    assert "（已投票）" in page.inner_text(f"tr[data-ref='{top.reference}']")
    assert CommitteeVote.objects.filter(sitting=sitting, member=members[0]).count() == 1
    page.click("button:has-text('退出')")

    answer.accept = False
    login(page, scene.cast.office.username)
    page.goto(f"/reviews/committee/{scene.cycle.pk}/")
    page.click("button:has-text('结束投票并计票')")
    page.wait_for_timeout(300)
    assert "1名候选计票" in answer.asked[-1]
    assert committee.open_sitting_of(scene.cycle) is not None
    answer.accept = True
    page.click("button:has-text('结束投票并计票')")
    page.wait_for_load_state()
    assert "计票完成" in page.inner_text("body")
    assert committee.open_sitting_of(scene.cycle) is None
