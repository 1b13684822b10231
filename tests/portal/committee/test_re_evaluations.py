"""The committee's step of a 复评 (portal.committee.re_evaluations): only the step the rules give the deciding body
(Chenzhou: 评委会审定), only by the city's committee members."""

import datetime

from cities.schema import Role
from honours.domain import re_evaluation as re_ev
from honours.models import ReEvaluation, ReEvaluationRecord

from ... import factories
from ...builders.journeys import travel
from ...builders.winners import winner

DAY = datetime.date(2029, 6, 20)


def test_the_committee_records_only_its_own_step(cities, client):
    app, world, user = winner("chenzhou")
    with travel(DAY):
        case = re_ev.request(app, user)
        client.force_login(world.cast.committee)
        html = client.get(f"/committee/re-evaluations/{case.pk}/").content.decode()
        assert 'id="not-yours"' in html and "评委会办公室审核" in html
        early = client.post(f"/committee/re-evaluations/{case.pk}/", {"step": "office_review", "passed": "yes"},
                            follow=True).content.decode()
        assert "只能由" in early
        assert f"/committee/re-evaluations/{case.pk}/" not in client.get("/committee/revocations/").content.decode()
        for key in ("office_review", "expert_review"):
            re_ev.record_step(case, actor=world.cast.office, passed=True, step=key)
        client.force_login(world.cast.committee)
        waiting = client.get("/committee/revocations/").content.decode()  # the committee's list shows it now
        assert f"/committee/re-evaluations/{case.pk}/" in waiting and "评委会审定" in waiting
        missing = client.post(f"/committee/re-evaluations/{case.pk}/", {"step": "decision", "passed": "no"},
                              follow=True).content.decode()
        assert "请填写理由" in missing
        client.post(f"/committee/re-evaluations/{case.pk}/", {"step": "decision", "passed": "no",
                                                             "note": "近三年发生重大质量事故"})
    case.refresh_from_db()
    assert case.outcome == ReEvaluation.Outcome.LAPSED
    last = ReEvaluationRecord.objects.filter(re_evaluation=case).last()
    assert (last.step, last.actor, last.actor_role, last.passed) == ("decision", world.cast.committee,
                                                                     Role.COMMITTEE, False)


def test_others_cannot_use_the_committee_page(cities, client):
    app, world, user = winner("chenzhou")
    with travel(DAY):
        case = re_ev.request(app, user)
        url = f"/committee/re-evaluations/{case.pk}/"
        assert client.get(url).status_code == 302
        for someone in (user, world.cast.office, factories.city_user("wuhan", Role.COMMITTEE),
                        factories.UserFactory()):
            client.force_login(someone)
            assert client.get(url).status_code == 404
            assert client.post(url, {"passed": "yes"}).status_code == 404
        client.force_login(world.cast.committee)
        assert client.get(url).status_code == 200
