"""demo.stages (issue 12, "a demo that shows every stage"): after the base demo and demo.stages, a city has an
application resting at every status its rules have, an open 公示 with a pending objection, a revoked award and an
open revocation case, complaints, and an earlier winner with its overdue yearly reports and 复评 where the rules
ask for them. Built here for three cities (the whole `setup_demo` runs in test_setup_demo)."""

import pytest
from django.db import transaction
from django.utils import timezone

from awards.domain import publicity
from awards.models import Application, Complaint, Cycle, Objection
from awards.workflow import Status
from cities.schema import ApplicantKind
from demo import base, reviews, stages
from honours.domain import certificates, duties
from honours.models import Certificate, ReEvaluation, RevocationCase
from reviews.domain import supervision
from reviews.models import ConductRating, PublicComment, SupervisionOpinion


def build(city):
    today = timezone.localdate()
    if not Cycle.objects.filter(city=city, year=today.year).exists():  # as demo.base.build_all: once
        with transaction.atomic():
            base.build_city(city, today)
    with transaction.atomic():
        reviews.build_city(city, today)  # the experts demo.stages's site-review panel draws on
    with transaction.atomic():
        return stages.build_city(city, today)


def test_resting_states_follow_the_citys_rules(cities):
    wuhan = cities["wuhan"].current_rules().rules
    qujing = cities["qujing"].current_rules().rules
    assert Status.LOCAL_PUBLICITY in stages.resting_states(wuhan)
    assert Status.LOCAL_PUBLICITY not in stages.resting_states(qujing)
    for rules in (wuhan, qujing):
        states = stages.resting_states(rules)
        every_stage = {s.kind.value for kind in ApplicantKind for s in rules.stages_for(kind)}
        assert every_stage <= set(states)
        assert len(states) == len(set(states))


@pytest.mark.parametrize("code", ["wuhan", "ordos", "jinan"])
def test_every_stage_of_the_citys_rules_has_an_application(cities, code):
    city = cities[code]
    logins = build(city)
    rules = city.current_rules().rules
    today = timezone.localdate()
    apps = Application.objects.filter(cycle__city=city)
    present = set(apps.values_list("status", flat=True))
    assert set(stages.resting_states(rules)) <= present, set(stages.resting_states(rules)) - present

    # every stage passed after a period is open now; the 公示 has a pending objection, 征求意见 a comment
    for stage in [s for s in rules.stages if s.advance_after_period]:
        resting = apps.filter(status=stage.kind.value)
        assert any(publicity.is_open(e.publicity) for a in resting for e in a.publicity_entries.all()), stage.kind
    objection = Objection.objects.get(entry__application__cycle__city=city, outcome=Objection.Outcome.OPEN)
    assert objection.entry.application.status == Status.PUBLICITY and publicity.is_open(objection.entry.publicity)
    if rules.stage(Status.PUBLIC_COMMENT):
        assert PublicComment.objects.filter(publicity__cycle__city=city).exists()

    # winners hold certificates; one award revoked through its case, another case still open
    held = Certificate.objects.filter(application__cycle__city=city).select_related("application")
    assert {(c.application.status, certificates.status(c)) for c in held} == {
        (Status.AWARDED, certificates.VALID), (Status.REVOKED, certificates.REVOKED)}
    assert apps.get(status=Status.REVOKED).revocation_cases.get().state == RevocationCase.State.REVOKED
    case = RevocationCase.objects.get(application__cycle__city=city, state=RevocationCase.State.OPEN)
    assert case.application.status == Status.AWARDED and case.steps.count() == 1

    # complaints: one waiting, one answered
    assert set(Complaint.objects.filter(city=city).values_list("state", flat=True)) == {
        Complaint.State.OPEN, Complaint.State.ANSWERED}

    # the earlier winner: overdue reports where the rules ask for yearly reports, a 复评 where they have one
    assert duties.overdue(city, today).exists() == (rules.post_award.yearly_self_assessment is not None)
    assert ReEvaluation.objects.filter(application__cycle__city=city).exists() == (
        rules.post_award.re_evaluation is not None)
    assert (f"{code}_past_awardee", f"{city.name}往届获奖单位：逾期的年度自评报告、复评申请") in logins

    # the supervisory group's written opinion where the rules appoint one (Jinan 第九条)
    cycle = apps.get(status=Status.DRAFT, organisation__isnull=False).cycle
    assert SupervisionOpinion.objects.filter(cycle=cycle).exists() == (supervision.group_rules(cycle) is not None)

    # the two sides of a review rate each other where the rules say so (Ordos 第二十五条: both sides)
    directions = rules.reviewer_conduct.ratings if rules.reviewer_conduct else []
    sides = set(ConductRating.objects.filter(assignment__application__cycle__city=city)
                .values_list("rater_side", flat=True))
    assert len(sides) == len(directions)

    # a second run adds nothing
    models = (Application, RevocationCase, Complaint, Objection, SupervisionOpinion, ReEvaluation, ConductRating)
    counts = [m.objects.count() for m in models]
    build(city)
    assert [m.objects.count() for m in models] == counts

