"""demo.walk.walk_to: an application walked along its own city's route, every step through the lifecycle."""

import datetime

import pytest

from awards.domain import access
from awards.models import Publicity
from awards.workflow import Status
from cities.loader import load_all
from cities.schema import Role
from core.errors import TransitionNotAllowed
from demo.walk import Cast as CityCast
from demo.walk import walk_to

from .. import factories
from ..builders.journeys import Cast, at, travel
from ..builders.review import Review

TODAY = datetime.date(2026, 9, 14)
PUBLISHED = datetime.date(2026, 9, 1)


def targets():
    """(city, stage) for every stage of each city's organisation route, and the award after the last one."""
    return [(code, kind) for code, rules in sorted(load_all().items())
            for kind in [*(s.kind.value for s in rules.stages_for("organisation")), Status.AWARDED.value]]


def expected_actor(stage, cast):
    return {Role.RECOMMENDER: cast.recommender, Role.OFFICE: cast.office, Role.COMMITTEE: cast.committee,
            Role.SYSTEM: None}[stage.actor]


@pytest.mark.parametrize("code, target", targets())
def test_an_organisation_is_walked_to_each_stage_of_its_citys_route(cities, code, target):
    with travel(TODAY):
        cycle = factories.cycle_for(code, published=PUBLISHED)
        cast = Cast(code)
        application = factories.application_for(cycle, recommender=cast.recommender_unit)
        made = walk_to(application, target, cast=cast)
    application.refresh_from_db()
    assert application.status == target

    route = cycle.rules.stages_for("organisation")
    kinds = [s.kind.value for s in route]
    passed = route[: kinds.index(target)] if target in kinds else route
    trail = list(application.audit_trail.order_by("pk"))
    assert [(e.action, e.from_state, e.to_state) for e in trail] == [
        ("submit", Status.DRAFT, kinds[0]),
        *[("advance", s.kind.value, ([*kinds, Status.AWARDED][i + 1])) for i, s in enumerate(passed)],
    ]
    assert trail[0].actor == factories.member(application.organisation)
    assert [(e.actor, e.actor_role) for e in trail[1:]] == [(expected_actor(s, cast), s.actor.value) for s in passed]
    assert all(e.rule_version == cycle.rule_set.version for e in trail)

    held = [s for s in passed if s.advance_after_period]
    assert [p.stage for p in made] == [s.kind.value for s in held]
    for notice, stage in zip(made, held, strict=True):
        notice.refresh_from_db()
        assert notice.ends_on < TODAY  # held in the past: over before the walk went on
        assert (notice.recommender_id is not None) == (stage.actor == Role.RECOMMENDER)
        assert (notice.closed_at is not None) == (stage.actor == Role.SYSTEM)


@pytest.mark.parametrize("code", ["jinan", "ordos", "qujing", "wuhan"])
def test_an_individual_is_walked_along_the_individual_route(cities, code):
    with travel(TODAY):
        cycle = factories.cycle_for(code, published=PUBLISHED)
        cast = Cast(code)
        kind = next(k for k in cycle.rules.award_kinds if k.applicant_kind == "individual")
        application = factories.application_for(cycle, award_kind=kind.key, recommender=cast.recommender_unit)
        walk_to(application, Status.AWARDED, cast=cast)
    route = [s.kind.value for s in cycle.rules.stages_for("individual")]
    assert list(application.audit_trail.order_by("pk").values_list("to_state", flat=True)) == [*route, Status.AWARDED]
    assert application.audit_trail.first().actor == application.individual.user


def test_with_wait_the_periods_pass_in_time_starting_on_the_given_day(cities):
    days = []
    with travel(TODAY) as traveller:
        cycle = factories.cycle_for("ordos", published=PUBLISHED)
        cast = Cast("ordos")
        application = factories.application_for(cycle, recommender=cast.recommender_unit)

        def wait(day):
            days.append(day)
            traveller.move_to(at(day, hour=1))

        made = walk_to(application, Status.GOVERNMENT_APPROVAL, cast=cast, since=TODAY, wait=wait)
    comment, publicity = made
    assert (comment.stage, publicity.stage) == (Status.PUBLIC_COMMENT, Status.PUBLICITY)
    assert comment.starts_on == TODAY
    assert publicity.starts_on == comment.ends_on + datetime.timedelta(days=1)  # the next one once the first is over
    assert days == [comment.ends_on + datetime.timedelta(days=1), publicity.ends_on + datetime.timedelta(days=1)]
    assert application.status == Status.GOVERNMENT_APPROVAL


def test_without_wait_a_period_still_running_stops_the_walk_at_its_stage(cities):
    with travel(TODAY):
        cycle = factories.cycle_for("wuhan", published=PUBLISHED)
        cast = Cast("wuhan")
        application = factories.application_for(cycle, recommender=cast.recommender_unit)
        with pytest.raises(ValueError, match="give `wait`"):
            walk_to(application, Status.ELIGIBILITY, cast=cast, since=TODAY)
    application.refresh_from_db()
    assert application.status == Status.LOCAL_PUBLICITY
    assert Publicity.objects.get().stage == Status.LOCAL_PUBLICITY


def test_a_stage_behind_or_off_the_route_is_refused(cities):
    with travel(TODAY):
        cycle = factories.cycle_for("chenzhou", published=PUBLISHED)
        cast = Cast("chenzhou")
        application = factories.application_for(cycle, recommender=cast.recommender_unit)
        walk_to(application, Status.DOCUMENT_REVIEW, cast=cast)
        with pytest.raises(ValueError, match="past"):
            walk_to(application, Status.ELIGIBILITY, cast=cast)
        with pytest.raises(ValueError, match="not on the route"):
            walk_to(application, Status.LOCAL_PUBLICITY, cast=cast)  # Wuhan's stage, not Chenzhou's
    assert application.audit_trail.count() == 3


def test_without_a_cast_the_citys_own_people_act(cities):
    with travel(TODAY):
        cycle = factories.cycle_for("wuhan", published=PUBLISHED)
        office = factories.city_user("wuhan", Role.OFFICE)
        unit = factories.RecommenderUnitFactory(city=cycle.city)
        application = factories.application_for(cycle, recommender=unit)
        walk_to(application, Status.DOCUMENT_REVIEW)
    actors = list(application.audit_trail.order_by("pk").values_list("actor", flat=True))
    member = factories.member(unit)
    assert actors == [factories.member(application.organisation).pk, member.pk, member.pk, office.pk]
    assert CityCast.of(cycle.city).office == office


def test_a_stage_a_panel_reviews_passes_only_after_its_consensus(cities):
    """No panel assigned: the stage passes. A panel assigned: the lifecycle's check stops the walk."""
    review = Review("chenzhou")
    application = review.application()  # at document review
    review.assign(application)
    with pytest.raises(TransitionNotAllowed, match="共识"):
        walk_to(application, Status.SITE_REVIEW, cast=review.cast)
    application.refresh_from_db()
    assert application.status == Status.DOCUMENT_REVIEW


def test_a_walked_application_has_its_declarations_signed_by_its_applicant(cities):
    """walk_to submits as the submit page would: every statement stored as signed (the office's checklist shows
    them beside the exclusions)."""
    with travel(TODAY):
        cycle = factories.cycle_for("ordos", published=PUBLISHED)
        app = factories.application_for(cycle)
        walk_to(app, Status.ELIGIBILITY)
    rows = list(app.declarations.all())
    assert rows and {r.signed_by_id for r in rows} == {access.applicant_users(app)[0].pk}
    assert any(r.article == "第十二条" for r in rows)
