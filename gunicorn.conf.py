"""gunicorn's own settings, read from the working directory on start (the Dockerfile's WORKDIR is the repo root).

With LOG_FORMAT=json (the production default, as config/settings.py decides), each access-log line is one JSON
object — time, level, logger, method, path, status, bytes, duration, client, user agent and the request id the
proxy sent — like the application's own lines, so a collector reads both alike.

gunicorn writes a `Server: gunicorn` line before the application's headers, and no setting turns it off; the
portal's SecurityHeadersMiddleware removes any Server header the application sets, and the patch below drops
gunicorn's (tests/security/test_headers.py starts gunicorn with this file and checks the response).
"""

import datetime
import json
import os

from gunicorn.glogging import Logger
from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _without_server


def _json_logs() -> bool:
    production = (os.environ.get("DJANGO_ENV", "").strip().lower() == "production"
                  or os.environ.get("DATABASE_URL", "").startswith("postgres"))
    return os.environ.get("LOG_FORMAT", "json" if production else "text").strip().lower() == "json"


class JsonAccessLogger(Logger):
    """gunicorn's logger with the access line as one JSON object (json.dumps: a quote or a newline in a path or a
    user agent cannot break the line)."""

    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.logconfig_dict or self.cfg.syslog):
            return
        atoms = self.atoms(resp, req, environ, request_time)
        line = {
            "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "level": "INFO", "logger": "gunicorn.access", "message": f"{atoms['m']} {atoms['U']} {atoms['s']}",
            "method": atoms["m"], "path": atoms["U"], "query": atoms["q"], "status": int(atoms["s"] or 0),
            "bytes": 0 if atoms["B"] in (None, "-") else int(atoms["B"]),
            "duration_ms": round(request_time.total_seconds() * 1000, 1), "client": atoms["h"],
            "user_agent": atoms["a"], "request_id": environ.get("HTTP_X_REQUEST_ID") or "-",
        }
        try:
            self.access_log.info(json.dumps(line, ensure_ascii=False))
        except Exception:  # never let a log line fail a request
            self.error("Failed to write the access log line")


if _json_logs():
    logger_class = JsonAccessLogger
