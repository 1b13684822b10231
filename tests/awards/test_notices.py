"""awards.domain.notices: a notice's subject names the city's own award, from the rule file; whoever acts next
gets a to-do notice, once per event and recipient."""

import datetime

import pytest

from awards.domain import lifecycle, notices
from awards.models import Notice

from .. import factories
from ..builders.journeys import Cast, travel


def _applicant_subject(code, award_kind):
    """The subject of the notice the applicant gets when its application for `award_kind` is submitted."""
    with travel(datetime.date(2026, 9, 14)):
        cast = Cast(code)
        cycle = factories.cycle_for(code, published=datetime.date(2026, 9, 1))
        app = factories.application_for(cycle, recommender=cast.recommender_unit, award_kind=award_kind)
        applicant = factories.member(app.organisation)
        entry = lifecycle.perform(app, "submit", applicant)
        notices.notices_for_transition(entry)
    return app, Notice.objects.get(audit_entry=entry, recipient=applicant).subject


def test_qujing_contribution_award_notice_names_the_contribution_award(cities):
    """第五条: 曲靖市质量贡献奖 is an organisation award of its own, not the 市长质量奖."""
    app, subject = _applicant_subject("qujing", "contribution_org")
    assert subject.startswith(f"【曲靖市质量贡献奖】您的申报{app.reference}：")
    assert "市长质量奖" not in subject


def test_mayor_award_notice_keeps_the_award_title(cities):
    app, subject = _applicant_subject("qujing", "mayor_org")
    assert subject.startswith(f"【曲靖市市长质量奖】您的申报{app.reference}：")


@pytest.mark.django_db
def test_the_office_gets_a_to_do_notice_when_a_supplement_is_answered(submitted):
    from awards.domain.notices import notices_for_transition

    application, cast = submitted
    applicant = factories.member(application.organisation)
    with travel(datetime.date(2026, 9, 15)):
        lifecycle.perform(application, "submit", applicant)
        lifecycle.perform(application, "advance", cast.recommender)
        lifecycle.perform(application, "request_supplement", cast.office, reason="请补充近三年财务报表")
        entry = lifecycle.perform(application, "answer_supplement", applicant)
    made = notices_for_transition(entry)
    to_do = [n for n in made if n.recipient == cast.office]
    assert len(to_do) == 1 and to_do[0].subject.startswith("【待办】")
    assert "办理期限" in to_do[0].body  # the eligibility deadline from Qujing's rules
    count = Notice.objects.count()
    notices_for_transition(entry)
    assert Notice.objects.count() == count  # once per event and recipient
