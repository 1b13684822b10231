"""/health/ for the reverse proxy and the container probes (issue 13): the database, the cache, the file storage
and the Celery broker, each tried for real (django-health-check). 200 when all answer, 500 otherwise; JSON with
?format=json or Accept: application/json.

The checks read the settings at each request, so a test can point one at a closed port. Celery workers
are not pinged: a web process must not be taken out of the proxy because a worker is down.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from kombu import Connection


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker (CELERY_BROKER_URL) accepts a connection within a few seconds."""

    timeout = datetime.timedelta(seconds=3)

    def run(self):
        url = settings.CELERY_BROKER_URL
        options = dict(getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {})
        connection = Connection(url, transport_options=options, connect_timeout=2)
        try:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        except Exception as exc:  # refused, reset, a timeout, a name that does not resolve: all mean "down"
            raise ServiceUnavailable("broker unreachable") from exc
        finally:
            connection.release()


class PortalHealthView(HealthCheckView):
    """Anonymous and sessionless: nothing here reads the session or sets a cookie. Never cached (the library adds
    Cache-Control: no-cache, no-store)."""

    checks = (Database, Cache, Storage, Broker)
