"""The request id on every log line (issue 13: structured logs).

django-guid does the work: its middleware takes the incoming X-Request-ID when it is a UUID (a client cannot put
anything else into the logs), else makes one, and sends it back in the response; its Celery integration copies
it into the headers of every task queued meanwhile, so a worker's lines for that task carry it too. We chose it
over a hand-written middleware for that Celery half. This module adds the log filter's text form and a reader.
"""

from __future__ import annotations

import logging

from django_guid import get_guid


def current() -> str | None:
    """The id of the request (or task) being handled in this context, None outside one."""
    return get_guid()


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on every record: the current id, or "-" outside a request or task (text logs stay
    aligned; the JSON form shows "-" too, so a collector can always group by the field)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = get_guid() or "-"
        return True
