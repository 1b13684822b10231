"""The supplement round trip (补正): the office lists everything missing at once (一次性告知), the applicant answers.

The deadline is the end of the rules' supplement period counted by the working-day calendar; lifecycle
stamps it on the application when it enters supplement_requested, and the request keeps a copy with the
period's citation. Answering returns the application to the office's eligibility queue.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidInput, TransitionNotAllowed
from core.i18n import join_clauses

from ..models import Application, Document, FormalNotice, SupplementItem, SupplementRequest
from ..workflow import Status
from . import documents, formal_notices, forms_data, lifecycle

MAX_ITEMS = 30


def clean_items(items: list[str]) -> list[str]:
    return [text.strip() for text in items if text and text.strip()]


def request(application: Application, actor, items: list[str], note: str = "") -> SupplementRequest:
    """Ask for every missing item in one request, with the deadline from the rules. Issues the 补正通知书."""
    items = clean_items(items)
    if not items:
        raise InvalidInput(_("请至少列出一项需要补正的材料或内容（须一次性告知全部事项）。"))
    if len(items) > MAX_ITEMS:
        raise InvalidInput(_("补正事项最多%(n)s项。") % {"n": MAX_ITEMS})
    note = (note or "").strip()
    lines = [_("请一次性补正以下材料或内容：")] + [f"{n}. {text}" for n, text in enumerate(items, 1)]
    if note:
        lines.append(note)
    stage = application.rules.stage(Status.ELIGIBILITY)
    period = application.rules.supplement_period
    with transaction.atomic():
        entry = lifecycle.perform(
            application, "request_supplement", actor, reason="\n".join(lines), article=stage.article if stage else ""
        )
        supplement = SupplementRequest.objects.create(
            application=application,
            audit_entry=entry,
            requested_by=actor,
            note=note,
            deadline=application.stage_deadline,
            deadline_unconfirmed=application.stage_deadline_unconfirmed,
            deadline_citation=period.citation if period else "",
        )
        SupplementItem.objects.bulk_create(
            [SupplementItem(request=supplement, position=n, text=text) for n, text in enumerate(items, 1)]
        )
        formal_notices.issue(entry, FormalNotice.Kind.SUPPLEMENT, supplement_request=supplement)
    return supplement


def open_request(application: Application) -> SupplementRequest | None:
    """The request the applicant has yet to answer, if the application is waiting for one."""
    if application.status != Status.SUPPLEMENT_REQUESTED:
        return None
    return (
        SupplementRequest.objects.filter(application=application, answered_at__isnull=True)
        .prefetch_related("items")
        .order_by("-requested_at", "-pk")
        .first()
    )


def is_late(supplement: SupplementRequest, when=None) -> bool:
    when = when or timezone.now()
    return bool(supplement.deadline and timezone.localdate(when) > supplement.deadline)


def answer(
    application: Application,
    actor,
    note: str,
    responses: dict[int, str] | None = None,
    uploads: list | None = None,
    secret_kind: str = "",
) -> SupplementRequest | None:
    """The applicant's answer: a note (required), words per item and files (checked by content by the
    intake's documents.store_upload); returns the application to the office. All or nothing."""
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_("请填写补正说明（已补充哪些材料、在何处修改）。"))
    supplement = open_request(application)
    if application.status != Status.SUPPLEMENT_REQUESTED:
        raise TransitionNotAllowed(_("该申报当前没有待提交的补正要求。"))
    stored = []
    try:
        with transaction.atomic():
            for upload in uploads or []:
                stored.append(
                    documents.store_upload(application, upload, Document.Kind.SUPPLEMENT, secret_kind, actor)
                )
            still = forms_data.missing(application)
            if still:
                raise InvalidInput(_("补正后的申报仍不完整，请先补齐：") + join_clauses(still))
            _record_answer(application, actor, note, supplement, responses)
    except Exception:
        for document in stored:  # the rows were rolled back; do not leave their files behind
            document.file.delete(save=False)
        raise
    return supplement


def _record_answer(application, actor, note, supplement, responses):
    entry = lifecycle.perform(application, "answer_supplement", actor, reason=note)
    if supplement is not None:
        for item in supplement.items.all():
            text = ((responses or {}).get(item.pk) or "").strip()
            if text:
                item.response = text
                item.save(update_fields=["response"])
        supplement.answered_at = timezone.now()
        supplement.answered_by = actor
        supplement.answer_note = note
        supplement.answer_audit_entry = entry
        supplement.save(update_fields=["answered_at", "answered_by", "answer_note", "answer_audit_entry"])
    return entry
