"""What honours adds to moving an application on (awards.checks): the government's decision is recorded here."""

from __future__ import annotations

from django.utils.translation import gettext as _

from awards import checks
from awards.workflow import Status

from .models import DecisionLine


@checks.register
def government_decision_recorded(application, action_name: str) -> str | None:
    """At 政府审定 only the recorded decision (honours.domain.approval) passes or stops the application."""
    if application.status != Status.GOVERNMENT_APPROVAL or action_name not in {"advance", "stop"}:
        return None
    line = DecisionLine.objects.filter(application=application, audit_entry__isnull=True).first()
    if line is None:
        return _("须在“政府审定”页面录入市政府的审定决定（文号、日期和决定文件）。")
    if line.approved != (action_name == "advance"):
        return _("市政府的审定决定与此操作不符。")
    return None
