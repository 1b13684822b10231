"""awards.domain.supplements: everything missing asked at once, answered by the applicant only, late answers
flagged, and an answer that leaves the form incomplete refused."""

import datetime

import pytest

from awards.domain import forms_data, supplements
from awards.models import Document
from awards.workflow import Status
from core.errors import InvalidInput

from ..builders.intake import PDF, TODAY, applicant_of, submitted_application, to_eligibility, upload_file
from ..builders.journeys import travel
from ..builders.pdftext import pdf_text, squeeze

DAY = datetime.date(2026, 9, 16)


def test_supplement_round_trip_lists_all_items_at_once(at_eligibility, ordos):
    office, applicant = ordos.cast.office, applicant_of(at_eligibility)
    with travel(DAY):
        with pytest.raises(InvalidInput, match="至少列出一项"):
            supplements.request(at_eligibility, office, ["", "  "])
        request = supplements.request(at_eligibility, office, ["近三年财务审计报告", "", "质量管理体系认证证书"])
    at_eligibility.refresh_from_db()
    assert at_eligibility.status == Status.SUPPLEMENT_REQUESTED
    assert [i.text for i in request.items.all()] == ["近三年财务审计报告", "质量管理体系认证证书"]
    # The supplement period (set by the office: 10 working days) from Wednesday 9-16 skips Mid-Autumn (9-25).
    assert request.deadline == at_eligibility.stage_deadline == datetime.date(2026, 9, 29)
    assert request.deadline_citation == "由评审办公室设定"
    entry = request.audit_entry
    assert "1. 近三年财务审计报告" in entry.reason and "2. 质量管理体系认证证书" in entry.reason
    text = squeeze(pdf_text(entry.formal_notice.file.read()))
    assert "补正通知书" in text and at_eligibility.applicant_name in text and "第十六条" in text
    assert "近三年财务审计报告" in text and "质量管理体系认证证书" in text and "2026年9月29日" in text

    with travel(DAY + datetime.timedelta(days=2)):
        with pytest.raises(InvalidInput, match="补正说明"):
            supplements.answer(at_eligibility, applicant, "  ")
        item = request.items.first()
        supplements.answer(at_eligibility, applicant, "已上传审计报告和证书", {item.pk: "见附件"})
    at_eligibility.refresh_from_db()
    request.refresh_from_db()
    assert at_eligibility.status == Status.ELIGIBILITY
    assert request.answered_by == applicant and request.answer_audit_entry.action == "answer_supplement"
    assert request.items.first().response == "见附件"
    assert not supplements.is_late(request, request.answered_at)


def test_a_late_answer_is_accepted_but_flagged_for_the_office(client, at_eligibility, ordos):
    with travel(DAY):
        request = supplements.request(at_eligibility, ordos.cast.office, ["审计报告"])
    with travel(datetime.date(2026, 9, 30)):  # the deadline was Tuesday 9-29
        supplements.answer(at_eligibility, applicant_of(at_eligibility), "迟交的审计报告")
    request.refresh_from_db()
    assert supplements.is_late(request, request.answered_at)
    client.force_login(ordos.cast.office)
    with travel(datetime.date(2026, 9, 30)):
        assert "（逾期提交）" in client.get(f"/office/applications/{at_eligibility.pk}/").content.decode()


def test_a_supplement_answer_that_leaves_the_form_incomplete_is_refused_and_changes_nothing(cities):
    app, cast, user = submitted_application("ordos")
    to_eligibility(app, cast)
    with travel(TODAY):
        supplements.request(app, cast.office, ["近三年审计报告", "质量奖自评报告结果部分"])
        forms_data.save_draft(app, {**{k: v for k, v in app.form_data.items() if not k.startswith("_")},
                                    "address": ""}, user)
        with pytest.raises(InvalidInput) as refused:
            supplements.answer(app, user, "已补充审计报告", uploads=[upload_file("审计报告.pdf", PDF)])
    assert "“注册地址”未填写" in refused.value.message  # the declarations were signed at submission (申报承诺)
    app.refresh_from_db()
    assert app.status == Status.SUPPLEMENT_REQUESTED
    assert not app.documents.filter(kind=Document.Kind.SUPPLEMENT).exists()
