"""Counting the queries of one page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)
