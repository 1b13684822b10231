"""Corrections after submission: a return by the recommender, a supplement answer, a change of recommender."""

import datetime

import pytest

from awards.domain import forms_data, lifecycle, recommendation, supplements
from awards.models import Document
from awards.workflow import Status
from core.errors import InvalidInput, TransitionError

from .. import factories
from ..journeys import travel
from .helpers import PDF, TODAY, submitted_application, to_eligibility, upload_file


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


def test_the_unit_an_application_is_no_longer_sent_to_loses_access(cities, client):
    app, cast, user = submitted_application("chenzhou")
    old_unit_user = cast.recommender
    with travel(TODAY):
        recommendation.return_to_applicant(app, old_unit_user, reason="请改送所在县区质量主管部门")
        other = factories.RecommenderUnitFactory(city=app.cycle.city)
        values = {**app.form_data, "recommender": str(other.pk)}
        forms_data.save_draft(app, {k: v for k, v in values.items() if not k.startswith("_")}, user)
        forms_data.submit(app, user)
    app.refresh_from_db()
    assert app.recommender == other
    old_unit_user = type(old_unit_user).objects.get(pk=old_unit_user.pk)  # fresh permission cache
    assert not old_unit_user.has_perm("awards.view_application", app)
    client.force_login(old_unit_user)
    assert client.get(f"/recommend/{app.pk}/").status_code in (403, 404)
    document = app.documents.first()
    assert client.get(f"/apply/documents/{document.pk}/").status_code in (403, 404)
    assert factories.member(other).has_perm("awards.view_application", app)


def test_a_supplement_answer_that_leaves_the_form_incomplete_is_refused_and_changes_nothing(cities):
    app, cast, user = submitted_application("ordos")
    to_eligibility(app, cast)
    with travel(TODAY):
        supplements.request(app, cast.office, ["近三年审计报告", "质量奖自评报告结果部分"])
        forms_data.save_draft(app, {**{k: v for k, v in app.form_data.items() if not k.startswith("_")},
                                    "decl_truthful": ""}, user)
        with pytest.raises(InvalidInput) as refused:
            supplements.answer(app, user, "已补充审计报告", uploads=[upload_file("审计报告.pdf", PDF)])
    assert "尚未承诺所填内容和所附材料真实" in refused.value.message
    app.refresh_from_db()
    assert app.status == Status.SUPPLEMENT_REQUESTED
    assert not app.documents.filter(kind=Document.Kind.SUPPLEMENT).exists()


def test_the_applicant_withdraws_from_the_status_page(cities, client):
    app, cast, user = submitted_application("qujing")
    client.force_login(cast.recommender)
    with travel(TODAY):
        assert client.post(f"/apply/{app.pk}/withdraw/", {"reason": "x"}).status_code in (403, 404)
        client.force_login(user)
        page = client.get(f"/apply/{app.pk}/status/").content.decode()
        assert "撤回申报" in page and page.count(f'action="/apply/{app.pk}/withdraw/"') == 1
        assert "<form" not in page.split("<title>", 1)[1].split("</title>", 1)[0]
        empty = client.post(f"/apply/{app.pk}/withdraw/", {"reason": " "}, follow=True).content.decode()
        assert "请填写撤回原因" in empty
        app.refresh_from_db()
        assert app.status == Status.RECOMMENDATION
        client.post(f"/apply/{app.pk}/withdraw/", {"reason": "企业重组，本届不再参评"})
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN and app.stopped_at_stage == Status.RECOMMENDATION
    entry = app.audit_trail.last()
    assert (entry.action, entry.actor, entry.reason) == ("withdraw", user, "企业重组，本届不再参评")
    lifecycle.available_actions(app, user)  # nothing left to do; no error
