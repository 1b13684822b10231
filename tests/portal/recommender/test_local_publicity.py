"""Wuhan's local publicity (第十七条) on the recommender's pages: the publishing unit resolves its objections;
a returned and resubmitted application gets a new local publicity."""

import datetime

import pytest

from awards.domain import forms_data, lifecycle, publicity, recommendation
from awards.models import AuditEntry, Objection, Publicity
from awards.workflow import Status
from core.errors import InvalidInput, TransitionDenied, TransitionError

from ... import factories
from ...builders.intake import LOCAL_PUBLICITY_ENDED as ENDED
from ...builders.intake import in_local_publicity
from ...builders.journeys import Cast, travel


def test_the_unit_dismisses_on_its_detail_page_and_then_recommends(cities, client):
    app, cast, user, notice, objection = in_local_publicity()
    client.force_login(cast.recommender)
    with travel(ENDED):
        page = client.get(f"/recommend/{app.pk}/").content.decode()
        assert "公示异议处理" in page and "该单位上年度发生质量事故" in page and "wang@example.cn" in page
        url = f"/recommend/{app.pk}/objections/{objection.pk}/resolve/"
        empty = client.post(url, {"outcome": "dismissed", "resolution": ""}, follow=True).content.decode()
        assert "请填写异议处理意见" in empty
        client.post(url, {"outcome": "dismissed", "resolution": "经核实，事故发生在申报期之前且已整改。"})
        objection.refresh_from_db()
        assert objection.outcome == Objection.Outcome.DISMISSED and objection.resolved_by == cast.recommender
        client.post(f"/recommend/{app.pk}/act/", {"action": "recommend", "opinion": "公示期满，异议不成立，同意推荐"})
    app.refresh_from_db()
    assert app.status == Status.ELIGIBILITY
    assert "异议已处理：不成立" in client.get(f"/publicity/{notice.pk}/").content.decode()


def test_a_sustained_objection_bars_the_recommendation(cities, client):
    app, cast, user, notice, objection = in_local_publicity()
    client.force_login(cast.recommender)
    with travel(ENDED):
        client.post(f"/recommend/{app.pk}/objections/{objection.pk}/resolve/",
                    {"outcome": "sustained", "resolution": "经核实属实"})
        refused = client.post(f"/recommend/{app.pk}/act/", {"action": "recommend", "opinion": "同意"}, follow=True)
    assert "异议经查属实，不能推荐" in refused.content.decode()
    assert "不得出具推荐意见" in refused.content.decode()
    app.refresh_from_db()
    assert app.status == Status.LOCAL_PUBLICITY
    assert "异议已处理：成立" in client.get(f"/publicity/{notice.pk}/").content.decode()


def test_only_the_publishing_unit_resolves_local_objections(cities, client):
    app, cast, user, notice, objection = in_local_publicity()
    other_unit = factories.RecommenderUnitFactory(city=app.cycle.city)
    other_city = Cast("chenzhou")
    url = f"/recommend/{app.pk}/objections/{objection.pk}/resolve/"
    post = {"outcome": "sustained", "resolution": "成立"}
    with travel(ENDED):
        client.force_login(factories.member(other_unit))
        assert client.post(url, post).status_code == 404
        for outsider in (user, cast.office, other_city.office):
            client.force_login(outsider)
            assert client.post(url, post).status_code == 403
        # the office's page lists local objections read-only and refuses to resolve them
        client.force_login(cast.office)
        refused = client.post(f"/office/objections/{objection.pk}/resolve/", post, follow=True).content.decode()
        assert "由发布公示的推荐单位调查处理" in refused
        assert "该单位上年度发生质量事故" in client.get("/office/wuhan/objections/?scope=local").content.decode()
        for outsider in (factories.member(other_unit), user, other_city.office, other_city.recommender):
            with pytest.raises(TransitionDenied):
                publicity.resolve_objection(objection, sustained=True, resolution="成立", actor=outsider)
    objection.refresh_from_db()
    assert objection.outcome == Objection.Outcome.OPEN


def test_returned_and_resubmitted_application_gets_a_new_local_publicity(cities, client):
    app, cast, user, first, _ = in_local_publicity(with_objection=False)
    with travel(ENDED):
        recommendation.return_to_applicant(app, cast.recommender, reason="请补充近三年质量数据")
        app.refresh_from_db()
        assert app.status == Status.DRAFT
        forms_data.submit(app, user)
        recommendation.recommend(app, cast.recommender, opinion="补充后审核通过")
        app.refresh_from_db()
        assert app.status == Status.LOCAL_PUBLICITY
        assert recommendation.local_publicity_of(app) is None
        client.force_login(cast.recommender)
        queue = client.get("/recommend/").content.decode()
        assert f'value="{app.pk}"' in queue  # offered for publication again
        with pytest.raises(InvalidInput, match="须先进行推荐单位公示"):
            recommendation.recommend(app, cast.recommender, opinion="同意推荐")
        second = recommendation.start_local_publicity(cast.recommender_unit, [app], cast.recommender)
        assert second.pk != first.pk and recommendation.local_publicity_of(app) == second
        app.refresh_from_db()
        with pytest.raises(TransitionError, match="期满"):
            lifecycle.perform(app, "advance", cast.recommender, reason="同意推荐")
        with pytest.raises(InvalidInput, match="已经公示过"):
            recommendation.start_local_publicity(cast.recommender_unit, [app], cast.recommender)
    with travel(second.ends_on + datetime.timedelta(days=1)):
        recommendation.recommend(app, cast.recommender, opinion="公示期满无异议，同意推荐")
    app.refresh_from_db()
    assert app.status == Status.ELIGIBILITY
    assert recommendation.local_publicity_of(app) == second
    assert Publicity.objects.filter(stage=Status.LOCAL_PUBLICITY).count() == 2


def test_after_a_sustained_objection_the_unit_declines_and_the_applicant_is_told(cities, client):
    app, cast, user, notice, objection = in_local_publicity()
    client.force_login(cast.recommender)
    with travel(ENDED):
        client.post(f"/recommend/{app.pk}/objections/{objection.pk}/resolve/",
                    {"outcome": "sustained", "resolution": "经核实属实"})
        page = client.get(f"/recommend/{app.pk}/").content.decode()
        assert "不予推荐" in page
        empty = client.post(f"/recommend/{app.pk}/act/", {"action": "decline", "decline_reason": " "}, follow=True)
        assert "“不予推荐”须填写理由" in empty.content.decode()
        app.refresh_from_db()
        assert app.status == Status.LOCAL_PUBLICITY
        client.post(f"/recommend/{app.pk}/act/",
                    {"action": "decline", "decline_reason": "公示期间异议经调查核实成立，不予推荐。"})
    app.refresh_from_db()
    assert app.status == Status.NOT_SELECTED and app.stopped_at_stage == Status.LOCAL_PUBLICITY
    entry = AuditEntry.objects.filter(application=app).latest("pk")
    assert (entry.action, entry.actor, entry.from_state, entry.to_state) == (
        "decline_recommendation", cast.recommender, Status.LOCAL_PUBLICITY, Status.NOT_SELECTED)
    assert entry.article == app.rules.stage(Status.LOCAL_PUBLICITY).article
    client.force_login(user)
    status_page = client.get(f"/apply/{app.pk}/status/").content.decode()
    assert "公示期间异议经调查核实成立" in status_page
