"""The 自评报告 written online (portal.applicant.self_assessment, awards.domain.self_assessment): the outline from the
award's score sheet, saving, the JSON autosave, the office's limit, an expired session, two tabs, attachments per
section, the PDF (read back with pdftotext), the intake check, and who may read or write it."""

import json

import pytest

from awards.domain import forms_data
from awards.domain import self_assessment as report
from awards.models import Cycle, Document, SelfAssessmentRevision, SelfAssessmentSection
from awards.workflow import Status

from ... import factories
from ...builders.intake import (
    PDF,
    PUBLISHED,
    TODAY,
    applicant_of,
    complete_values,
    signatures,
    upload_file,
)
from ...builders.journeys import Cast, travel
from ...builders.pdftext import embedded_once, pdf_fonts, pdf_text, squeeze

QUALITY = "本单位建立了以顾客为中心的质量管理体系，推行卓越绩效模式。"
LEADERSHIP = "高层领导确定组织的使命、愿景和价值观，并亲自推进。"


def _draft(code, award_kind=None):
    with travel(TODAY):
        cycle = factories.cycle_for(code, published=PUBLISHED)
        cast = Cast(code)
        app = factories.application_for(cycle, recommender=cast.recommender_unit, award_kind=award_kind)
    return app, cast


@pytest.fixture
def chenzhou(cities):
    return _draft("chenzhou")


@pytest.fixture
def wuhan(cities):
    return _draft("wuhan")


def _autosave(client, app, sections):
    return client.post(f"/apply/{app.pk}/self-assessment/autosave/", json.dumps({"sections": sections}),
                       content_type="application/json")


def _open(client, app):
    response = client.get(f"/apply/{app.pk}/self-assessment/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_editor_follows_the_award_score_sheet(chenzhou, wuhan, client):
    app, _cast = chenzhou
    client.force_login(applicant_of(app))
    assert f'href="/apply/{app.pk}/self-assessment/"' in client.get(f"/apply/{app.pk}/").content.decode()
    status = client.get(f"/apply/{app.pk}/status/").content.decode()
    assert f'href="/apply/{app.pk}/self-assessment/report.pdf"' in status
    page = _open(client, app)
    for dimension in ("Q 质量", "I 创新", "B 品牌", "R 结果"):  # Chenzhou's four dimensions (第十条)
        assert dimension in page
    assert "Q1 质量管理体系与卓越绩效模式" in page and 'src="/static/js/self_assessment.js"' in page
    assert page.count('textarea form="sa-form"') == 10 and "上限 50000 字" in page
    other, _cast = wuhan
    client.force_login(applicant_of(other))
    page = _open(client, other)
    assert page.count('<section class="sa-category">') == 7 and page.count('textarea form="sa-form"') == 23
    assert "4.1.1 高层领导的作用" in page and "4.7 结果" in page
    assert SelfAssessmentSection.objects.filter(application=other).count() == 23


def test_individual_awards_use_their_own_sheet(cities, client):
    with travel(TODAY):
        cycle = factories.cycle_for("wuhan", published=PUBLISHED)
        kind = next(k.key for k in cycle.rules.award_kinds if k.applicant_kind == "individual")
        app = factories.application_for(cycle, award_kind=kind, recommender=Cast("wuhan").recommender_unit)
    client.force_login(applicant_of(app))
    page = _open(client, app)
    assert "4.1.1" not in page and SelfAssessmentSection.objects.filter(application=app).count() > 0


def test_posting_the_page_saves_and_the_autosave_answers_json(chenzhou, client):
    app, _cast = chenzhou
    client.force_login(applicant_of(app))
    _open(client, app)
    response = client.post(f"/apply/{app.pk}/self-assessment/", {"text-Q1": QUALITY, "version-Q1": "0"})
    assert response.status_code == 302
    page = _open(client, app)
    assert QUALITY in page and f"本部分 {report.count(QUALITY)} 字" in page
    response = _autosave(client, app, {"Q1": {"text": QUALITY + "持续改进。", "version": 1},
                                       "I1": {"text": "研发投入占营业收入的百分之五。", "version": 0}})
    body = response.json()
    assert response.status_code == 200 and body["ok"] and body["versions"] == {"Q1": 2, "I1": 1}
    assert body["total"] == report.count(QUALITY + "持续改进。研发投入占营业收入的百分之五。") and not body["warning"]
    assert len(body["saved_at"]) == 5
    q1 = SelfAssessmentSection.objects.get(application=app, item_key="Q1")
    assert q1.text.endswith("持续改进。") and q1.version == 2
    assert list(SelfAssessmentRevision.objects.filter(section=q1).values_list("version", flat=True)) == [1, 2]
    assert _autosave(client, app, {"Z9": {"text": "x", "version": 0}}).status_code == 409
    bad = client.post(f"/apply/{app.pk}/self-assessment/autosave/", {"sections": "x"})
    assert bad.status_code == 400


def test_over_the_limit_is_kept_with_a_warning_and_refused_only_on_submit(chenzhou, client):
    app, _cast = chenzhou
    Cycle.objects.filter(pk=app.cycle_id).update(self_assessment_max_chars=20)
    user = applicant_of(app)
    client.force_login(user)
    _open(client, app)
    text = "质" * 25
    body = _autosave(client, app, {"Q1": {"text": text, "version": 0}}).json()
    assert body["ok"] and body["total"] == 25 and "超过评审办公室规定的20字" in body["warning"]
    assert SelfAssessmentSection.objects.get(application=app, item_key="Q1").text == text
    page = _open(client, app)
    assert "删减5字" in page and text in page
    with travel(TODAY):
        forms_data.save_draft(app, {**complete_values(app), "recommender": str(app.recommender_id)}, user)
        for s in SelfAssessmentSection.objects.filter(application=app).exclude(item_key="Q1"):
            _autosave(client, app, {s.item_key: {"text": "好", "version": 0}})
        refused = client.post(f"/apply/{app.pk}/submit/", signatures(app), follow=True)
    app.refresh_from_db()
    assert app.status == Status.DRAFT and "超过规定的20字" in refused.content.decode()


def test_a_filled_online_report_is_accepted_instead_of_an_upload(chenzhou, client):
    app, _cast = chenzhou
    user = applicant_of(app)
    client.force_login(user)
    with travel(TODAY):
        forms_data.save_draft(app, {**complete_values(app), "recommender": str(app.recommender_id)}, user)
        assert any("尚未上传自评报告" in m for m in forms_data.missing(app))
        _open(client, app)
        _autosave(client, app, {"Q1": {"text": QUALITY, "version": 0}})
        gaps = " ".join(forms_data.missing(app))
        assert "尚有9部分未填写" in gaps and "I1 研发投入与创新机制" in gaps and "Q1" not in gaps.split("：", 1)[1]
        for s in SelfAssessmentSection.objects.filter(application=app).exclude(item_key="Q1"):
            _autosave(client, app, {s.item_key: {"text": f"{s.title}：做法与成效。", "version": 0}})
        assert forms_data.missing(app) == []
        response = client.post(f"/apply/{app.pk}/submit/", signatures(app))
    app.refresh_from_db()
    assert response.status_code == 302 and app.status != Status.DRAFT
    assert not app.documents.filter(kind=Document.Kind.SELF_ASSESSMENT).exists()
    # submitted: read-only, and the autosave refuses
    page = _open(client, app)
    assert "自评报告已锁定" in page and " readonly" in page
    assert _autosave(client, app, {"Q1": {"text": "改", "version": 1}}).status_code == 409


def test_an_upload_still_counts_for_those_who_write_offline(chenzhou, client):
    app, _cast = chenzhou
    user = applicant_of(app)
    client.force_login(user)
    _open(client, app)  # sections exist, all empty
    client.post(f"/apply/{app.pk}/upload/", {"kind": "self_assessment", "secret_kind": "",
                                             "files": upload_file("自评报告.pdf", PDF)})
    with travel(TODAY):
        assert report.missing(app) == []


def test_expired_session_answers_401_json_and_the_text_is_saved_after_login(chenzhou, client):
    app, _cast = chenzhou
    user = applicant_of(app)
    client.force_login(user)
    _open(client, app)
    client.logout()
    response = _autosave(client, app, {"Q1": {"text": QUALITY, "version": 0}})
    assert response.status_code == 401 and response["Content-Type"] == "application/json"
    assert "重新登录" in response.json()["message"] and response.json()["login"]
    assert SelfAssessmentSection.objects.get(application=app, item_key="Q1").text == ""
    client.force_login(user)  # the page's script re-sends its local copy, typed on version 0
    response = _autosave(client, app, {"Q1": {"text": QUALITY, "version": 0}})
    assert response.status_code == 200
    assert SelfAssessmentSection.objects.get(application=app, item_key="Q1").text == QUALITY


def test_a_stale_tab_is_told_and_both_texts_are_kept(chenzhou, client):
    app, _cast = chenzhou
    client.force_login(applicant_of(app))
    _open(client, app)  # two tabs opened on version 0
    first = _autosave(client, app, {"Q1": {"text": "第一个页面的内容。", "version": 0}})
    assert first.json()["versions"] == {"Q1": 1}
    stale = _autosave(client, app, {"Q1": {"text": "第二个页面的内容。", "version": 0},
                                    "I1": {"text": "创新内容。", "version": 0}})
    body = stale.json()
    assert stale.status_code == 409 and not body["ok"] and body["versions"] == {"I1": 1}
    assert body["conflicts"] == [{"key": "Q1", "yours": "第二个页面的内容。", "theirs": "第一个页面的内容。",
                                  "version": 1}]
    q1 = SelfAssessmentSection.objects.get(application=app, item_key="Q1")
    assert q1.text == "第一个页面的内容。" and q1.version == 1
    kept = SelfAssessmentRevision.objects.get(section=q1, stale=True)
    assert kept.text == "第二个页面的内容。"
    # the page without its script: the same answer, both texts on the page
    page = client.post(f"/apply/{app.pk}/self-assessment/", {"text-Q1": "第三个。", "version-Q1": "0"})
    html = page.content.decode()
    assert page.status_code == 409 and "第三个。" in html and "第一个页面的内容。" in html
    # the stale tab, now on version 1, saves its merge
    merged = _autosave(client, app, {"Q1": {"text": "第一个页面的内容。第二个页面的内容。", "version": 1}})
    assert merged.status_code == 200 and merged.json()["versions"] == {"Q1": 2}


def test_attachments_per_section_go_through_the_upload_checks(chenzhou, client):
    app, _cast = chenzhou
    client.force_login(applicant_of(app))
    _open(client, app)
    url = f"/apply/{app.pk}/self-assessment/Q1/upload/"
    response = client.post(url, {"secret_kind": "", "files": upload_file("质量体系证书.pdf", PDF)}, follow=True)
    doc = Document.objects.get(application=app)
    assert doc.section_key == "Q1" and doc.kind == Document.Kind.EVIDENCE
    assert "质量体系证书.pdf" in response.content.decode()
    refused = client.post(url, {"secret_kind": "", "files": upload_file("x.pdf", b"\x7fELF\x02" + b"\0" * 64)},
                          follow=True)
    assert "可执行程序" in refused.content.decode() and Document.objects.filter(application=app).count() == 1
    assert client.post(f"/apply/{app.pk}/self-assessment/Z9/upload/",
                       {"files": upload_file("a.pdf", PDF)}).status_code == 302
    assert Document.objects.filter(application=app).count() == 1
    assert report.missing(app)  # an attachment is not the report


def test_the_pdf_carries_every_section_text(wuhan, client):
    app, _cast = wuhan
    client.force_login(applicant_of(app))
    _open(client, app)
    _autosave(client, app, {"4.1.1": {"text": LEADERSHIP, "version": 0},
                            "4.7.1": {"text": "主营业务收入连续三年增长百分之十二。", "version": 0}})
    response = client.get(f"/apply/{app.pk}/self-assessment/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert embedded_once(response.content), pdf_fonts(response.content)  # one font face (core.pdf)
    text = squeeze(pdf_text(response.content))
    assert squeeze(LEADERSHIP) in text and "主营业务收入连续三年增长百分之十二。" in text
    assert "自评报告" in text and "4.1.1高层领导的作用" in text and "领导" in text


def test_others_may_neither_read_nor_write(chenzhou, client):
    app, cast = chenzhou
    owner = applicant_of(app)
    client.force_login(owner)
    _open(client, app)
    _autosave(client, app, {"Q1": {"text": QUALITY, "version": 0}})
    stranger = factories.member(factories.OrganisationFactory(city=app.cycle.city))
    client.force_login(stranger)
    assert client.get(f"/apply/{app.pk}/self-assessment/").status_code == 404
    assert client.get(f"/apply/{app.pk}/self-assessment/report.pdf").status_code == 404
    assert _autosave(client, app, {"Q1": {"text": "篡改", "version": 1}}).status_code == 404
    assert client.post(f"/apply/{app.pk}/self-assessment/Q1/upload/",
                       {"files": upload_file("a.pdf", PDF)}).status_code == 404
    assert SelfAssessmentSection.objects.get(application=app, item_key="Q1").text == QUALITY
    client.force_login(cast.office)  # a draft: not yet the office's to read
    assert client.get(f"/apply/{app.pk}/self-assessment/report.pdf").status_code == 404


def test_experts_read_the_section_of_the_item_they_score(cities, client):
    from portal.applicant.self_assessment import outline

    from ...builders.review import Review, to_stage

    review = Review("chenzhou")
    app = factories.application_for(review.cycle, recommender=review.cast.recommender_unit)
    user = applicant_of(app)
    report.ensure_sections(app, outline(app))
    report.save(app, {"Q1": (QUALITY, 0), "B2": ("顾客满意度连续三年达到百分之九十五。", 0)}, user)
    to_stage(app, review.cast, review.panel.stage)
    mine = review.assign(app)[0]
    review.declare_all([mine])
    client.force_login(mine.expert.user)
    page = client.get(f"/reviews/tasks/{mine.pk}/sheet/").content.decode()
    q1 = page[page.index('data-code="Q1"'):page.index('data-code="Q2"')]
    assert QUALITY in q1 and "申报人自评报告" in q1
    assert "顾客满意度" in page[page.index('data-code="B2"'):] and "顾客满意度" not in q1
    assert 'id="sa-Q2"' not in page  # an empty section shows nothing
    pdf = client.get(f"/apply/{app.pk}/self-assessment/report.pdf")
    assert pdf.status_code == 200 and squeeze(QUALITY) in squeeze(pdf_text(pdf.content))


def test_the_office_sets_the_limit_on_the_cycle_page(chenzhou, client):
    app, cast = chenzhou
    cycle = app.cycle
    client.force_login(cast.office)
    page = client.get(f"/office/{cycle.city.code}/cycles/").content.decode()
    assert 'name="max_chars"' in page and 'value="50000"' in page and "办法未规定，由评审办公室设定" in page
    response = client.post(f"/office/cycles/{cycle.pk}/self-assessment-limit/", {"max_chars": "30000"}, follow=True)
    assert "30000字" in response.content.decode()
    assert Cycle.objects.get(pk=cycle.pk).self_assessment_max_chars == 30000
    refused = client.post(f"/office/cycles/{cycle.pk}/self-assessment-limit/", {"max_chars": "10"}, follow=True)
    assert "字数上限须在" in refused.content.decode()
    assert Cycle.objects.get(pk=cycle.pk).self_assessment_max_chars == 30000
    client.force_login(applicant_of(app))
    assert "上限 30000 字" in _open(client, app)
    assert client.post(f"/office/cycles/{cycle.pk}/self-assessment-limit/", {"max_chars": "90000"}).status_code in (
        302, 403, 404)
    assert Cycle.objects.get(pk=cycle.pk).self_assessment_max_chars == 30000


def test_the_office_and_the_recommender_download_the_pdf_of_a_submitted_report(chenzhou, client):
    app, cast = chenzhou
    user = applicant_of(app)
    client.force_login(user)
    with travel(TODAY):
        forms_data.save_draft(app, {**complete_values(app), "recommender": str(app.recommender_id)}, user)
        _open(client, app)
        for s in SelfAssessmentSection.objects.filter(application=app):
            _autosave(client, app, {s.item_key: {"text": f"{s.title}：{LEADERSHIP}", "version": 0}})
        assert client.post(f"/apply/{app.pk}/submit/", signatures(app)).status_code == 302
    for reader, page_url in ((cast.recommender, f"/recommend/{app.pk}/"),
                             (cast.office, f"/office/applications/{app.pk}/")):
        client.force_login(reader)
        page = client.get(page_url)
        assert page.status_code == 200 and f"/apply/{app.pk}/self-assessment/report.pdf" in page.content.decode()
        pdf = client.get(f"/apply/{app.pk}/self-assessment/report.pdf")
        assert pdf.status_code == 200
        assert squeeze("R3 社会效益与诚信") in squeeze(pdf_text(pdf.content))
