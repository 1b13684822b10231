"""awards.domain.recommendation: Wuhan's local publicity (第十七条) comes first, its title names the award from
the rule file, a sustained objection stops the application; a returned application may come back until its
deadline; the unit declines only at its own stages."""

import datetime

import pytest

from awards.domain import forms_data, lifecycle, publicity, recommendation
from awards.models import Objection, Publicity
from awards.workflow import Status
from core.errors import InvalidInput, TransitionError

from .. import factories
from ..builders.intake import LOCAL_PUBLICITY_ENDED as ENDED
from ..builders.intake import TODAY, in_local_publicity, submitted_application
from ..builders.journeys import travel


def test_local_publicity_title_names_the_unit_the_cycle_and_the_award(cities):
    """Wuhan 第十七条: the recommender unit publicises locally before it recommends."""
    app, cast, _user = submitted_application("wuhan")
    with travel(TODAY):
        recommendation.recommend(app, cast.recommender, opinion="审核通过")
        notice = recommendation.start_local_publicity(cast.recommender_unit, [app], cast.recommender)
    assert notice.title == f"{cast.recommender_unit.name}关于推荐{app.cycle}市长质量奖申报对象的公示"


def test_a_sustained_objection_stops_the_application(cities):
    app, cast, user = submitted_application("wuhan")
    with travel(TODAY):
        recommendation.recommend(app, cast.recommender, opinion="审核通过")
        notice = recommendation.start_local_publicity(cast.recommender_unit, [app], cast.recommender)
        objection = publicity.file_objection(notice.entries.get(), name="李某", contact="1", text="有事故")
    with travel(datetime.date(2026, 9, 21)):
        publicity.resolve_objection(Objection.objects.get(pk=objection.pk), sustained=True, resolution="属实",
                                    actor=cast.office)
    app.refresh_from_db()
    assert app.status == Status.NOT_SELECTED and app.stopped_at_stage == Status.LOCAL_PUBLICITY


def test_cities_without_local_publicity_recommend_directly(cities):
    for code in ("chenzhou", "qujing", "jinan", "ordos"):
        app, cast, user = submitted_application(code)
        assert not recommendation.local_publicity_follows(app)
    with pytest.raises(InvalidInput):
        recommendation.start_local_publicity(cast.recommender_unit, [app], cast.recommender)


def test_only_the_units_own_users_publish(cities):
    app, cast, user = submitted_application("wuhan")
    with travel(TODAY):
        recommendation.recommend(app, cast.recommender, opinion="审核通过")
        other = factories.RecommenderUnitFactory(city=app.cycle.city)
        with pytest.raises(TransitionError):
            recommendation.start_local_publicity(other, [app], factories.member(other))
        with pytest.raises(TransitionError):
            recommendation.start_local_publicity(cast.recommender_unit, [app], factories.member(other))
    assert not Publicity.objects.exists()


def test_a_returned_application_may_come_back_after_the_call_closed_until_its_deadline(cities):
    app, cast, user = submitted_application("jinan")
    after_close = app.cycle.applications_close_on + datetime.timedelta(days=3)
    with travel(after_close):
        recommendation.return_to_applicant(app, cast.recommender, reason="自评报告缺少结果部分")
    app.refresh_from_db()
    assert app.status == Status.DRAFT and app.stage_deadline > after_close  # the correction period (set by office)
    with travel(app.stage_deadline + datetime.timedelta(days=1)):
        assert any("退回修改的期限" in item for item in forms_data.missing(app))
        with pytest.raises(TransitionError):
            forms_data.submit(app, user)
    with travel(app.stage_deadline):
        assert forms_data.missing(app) == []
        forms_data.submit(app, user)
    assert app.status == Status.RECOMMENDATION


def test_the_unit_may_decline_only_at_its_own_stages(cities):
    app, cast, user, notice, objection = in_local_publicity(with_objection=False)
    with travel(ENDED):
        recommendation.recommend(app, cast.recommender, opinion="公示期满无异议，同意推荐")
    app.refresh_from_db()
    assert app.status == Status.ELIGIBILITY
    assert "decline_recommendation" not in lifecycle.available_actions(app, cast.recommender)
    with pytest.raises(TransitionError):
        recommendation.decline(app, cast.recommender, reason="改变主意")
    with pytest.raises(TransitionError):
        lifecycle.perform(app, "decline_recommendation", cast.recommender, reason="改变主意")
    app.refresh_from_db()
    assert app.status == Status.ELIGIBILITY
