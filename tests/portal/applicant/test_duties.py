"""The winner's duties page (portal.applicant.duties): the duties the rules name with their articles, yearly reports
with due dates and the upload form, revisits, validity and the 复评 request (or the reason why not)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from awards.workflow import Status
from cities.schema import Role
from honours.domain import duties
from honours.models import ReEvaluation, ReEvaluationRecord

from ... import factories
from ...builders import queries
from ...builders.intake import PDF, PNG, SUBMIT_DAY
from ...builders.journeys import travel
from ...builders.winners import winner

D = datetime.date


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_duties_page_shows_what_the_rules_require(cities, client):
    app, _world, user = winner("qujing")
    with travel(D(2027, 3, 1)):
        client.force_login(user)
        html = page(client, f"/apply/{app.pk}/duties/")
    for duty in app.rules.post_award.duties:
        assert duty.text in html and duty.article in html
    reports = list(app.yearly_reports.order_by("year"))
    assert [r.year for r in reports] == [2027, 2028, 2029]
    assert "2027-12-31" in html and "通报批评，并责令限期改正" in html and "第二十九条" in html
    assert f'action="/apply/yearly-reports/{reports[0].pk}/upload/"' in html
    assert f'action="/apply/yearly-reports/{reports[1].pk}/upload/"' not in html and "2028年起可报送" in html
    assert "办法未规定有效期" in html and "本市办法未规定复评" in html


def test_uploads_are_checked_by_content_and_refusals_are_told(cities, client):
    app, world, user = winner("qujing")
    first, second, _third = duties.schedule(app)
    with travel(D(2027, 6, 1)):
        client.force_login(user)
        url = f"/apply/yearly-reports/{first.pk}/upload/"
        png = client.post(url, {"file": SimpleUploadedFile("报告.png", PNG)}, follow=True).content.decode()
        assert "自评报告请上传 PDF 或 Word 文档" in png
        none = client.post(url, {}, follow=True).content.decode()
        assert "请选择要上传的自评报告文件" in none
        early = client.post(f"/apply/yearly-reports/{second.pk}/upload/",
                            {"file": SimpleUploadedFile("报告.pdf", PDF)}, follow=True).content.decode()
        assert "自2028年起方可报送" in early
        first.refresh_from_db()
        assert first.submitted_at is None
        ok = client.post(url, {"file": SimpleUploadedFile("报告.pdf", PDF)}, follow=True).content.decode()
        assert "2027年度自评报告已报送。" in ok
        assert f"/office/yearly-reports/{first.pk}/file/" in page(client, f"/apply/{app.pk}/duties/")
        client.force_login(world.cast.office)  # not the winner: as if there were no report
        assert client.post(url, {"file": SimpleUploadedFile("报告.pdf", PDF)}).status_code == 404


def test_others_cannot_use_the_winners_pages(cities, client):
    app, world, user = winner("wuhan")
    report = duties.schedule(app, SUBMIT_DAY)[0]
    with travel(SUBMIT_DAY):
        pending = world.application()
    pending_user = factories.member(pending.organisation)
    stranger = factories.UserFactory()
    other_winner, _w, other_user = winner("wuhan", world=world)
    urls = [f"/apply/{app.pk}/duties/"]
    posts = [f"/apply/yearly-reports/{report.pk}/upload/", f"/apply/{app.pk}/re-evaluation/"]
    with travel(D(2027, 3, 1)):
        assert client.get(urls[0]).status_code == 302
        for someone in (stranger, other_user, world.cast.office, factories.city_user("wuhan", Role.COMMITTEE)):
            client.force_login(someone)
            assert client.get(urls[0]).status_code == 404
            assert [client.post(u).status_code for u in posts] == [404, 404]
        client.force_login(pending_user)
        assert pending.status == Status.ELIGIBILITY
        assert client.get(f"/apply/{pending.pk}/duties/").status_code == 403
        assert client.post(f"/apply/{pending.pk}/re-evaluation/").status_code == 403
        client.force_login(user)
        assert client.get(urls[0]).status_code == 200


def test_wuhan_re_evaluation_is_refused_with_the_article_then_requested(cities, client):
    app, world, user = winner("wuhan")
    with travel(D(2030, 3, 1)):
        client.force_login(user)
        html = page(client, f"/apply/{app.pk}/duties/")
        assert 'id="re-refusal"' in html and "第十三条" in html and "2031年起" in html
        assert "市强市办审核" in html  # the route of steps from the rules
        refused = client.post(f"/apply/{app.pk}/re-evaluation/", {"note": ""}, follow=True).content.decode()
        assert "2031年起" in refused and not ReEvaluation.objects.exists()
    with travel(D(2031, 3, 1)):
        client.force_login(user)
        done = client.post(f"/apply/{app.pk}/re-evaluation/", {"note": "申请复评"}, follow=True).content.decode()
        assert "复评申请已提交" in done and "当前环节：市强市办审核" in done and "正在办理" in done
    case = ReEvaluation.objects.get()
    assert case.step == "office_review" and case.article == "第二十六条"
    record = ReEvaluationRecord.objects.get()
    assert (record.step, record.actor, record.actor_role, record.article) == ("request", user, "applicant",
                                                                              "第二十六条")


def test_the_duties_page_runs_the_same_queries_for_1_and_n_rows(cities, client):
    app, world, user = winner("wuhan")
    counts = []
    for day, visits in ((D(2027, 3, 1), 1), (D(2031, 3, 1), 3)):
        with travel(day):
            while app.revisits.count() < visits:
                later = day + datetime.timedelta(days=app.revisits.count())  # one planned visit per day
                duties.plan_revisit(app, on=later, visitors="专家", actor=world.cast.office)
            client.force_login(user)
            queries.count(client, f"/apply/{app.pk}/duties/")  # schedules the years up to next year
            counts.append(queries.count(client, f"/apply/{app.pk}/duties/"))
            html = page(client, f"/apply/{app.pk}/duties/")
        for report in app.yearly_reports.all():
            assert f'id="report-{report.pk}"' in html
        for visit in app.revisits.all():
            assert f'id="revisit-{visit.pk}"' in html
    assert app.yearly_reports.count() == 6
    assert counts[0] == counts[1], counts
