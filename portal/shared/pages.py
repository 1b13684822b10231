"""Small page helpers more than one audience uses (no views here)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.errors import InvalidInput
from honours.domain import certificates
from honours.models import Certificate

# Rows per page of the staff's lists (the office's queues, the committee's cases).
PAGE_SIZE = 50

# The audit trail's actions in the words an applicant or a recommender reads (their pages' history).
ACTION_WORDS = {
    "submit": _lazy("提交申报"),
    "advance": _lazy("通过"),
    "return_to_applicant": _lazy("退回申报人修改"),
    "request_supplement": _lazy("要求补正材料"),
    "answer_supplement": _lazy("提交补正材料"),
    "refuse": _lazy("不予受理"),
    "stop": _lazy("评定终止"),
    "decline_recommendation": _lazy("推荐单位不予推荐"),
    "withdraw": _lazy("撤回申报"),
    "revoke": _lazy("撤销奖项"),
    "reviewer_disqualified": _lazy("评审组成员调整"),
    # objections to the 公示, step by step (awards.domain.objections)
    "objection_investigation": _lazy("公示异议调查核实"),
    "objection_proposal": _lazy("公示异议处理意见"),
    "objection_decision": _lazy("公示异议决定"),
    "cancel_on_objection": _lazy("异议成立，取消资格"),
    # the ranking board (reviews.domain.ranking.set_aside): same state, no status change
    "ranking_set_aside": _lazy("暂缓列入本轮排名"),
    "ranking_brought_back": _lazy("恢复参加排名"),
}

# An objection step's two outcomes as the forms post them (the office's and the committee's objection pages).
OUTCOMES = {"sustained": True, "dismissed": False}


def form_position(request) -> int | None:
    """How many steps the form's page showed (a stale page or a second click is refused); absent: not checked."""
    raw = request.POST.get("position", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 4 else None


def yes_no(request, name: str) -> bool:
    """A posted yes/no choice; InvalidInput (in Chinese) for anything else."""
    value = request.POST.get(name, "")
    if value not in {"yes", "no"}:
        raise InvalidInput(_("请选择结果。"))
    return value == "yes"


def certificate_pdf_response(certificate: Certificate) -> HttpResponse:
    response = HttpResponse(certificates.pdf_of(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response
