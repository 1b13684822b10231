"""gunicorn's own settings, read from the working directory on start (the Dockerfile's WORKDIR is the repo root).

gunicorn writes a `Server: gunicorn` line before the application's headers, and no setting turns it off; the
portal's SecurityHeadersMiddleware removes any Server header the application sets, and the patch below drops
gunicorn's (tests/security/test_headers.py starts gunicorn with this file and checks the response).
"""

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _without_server
