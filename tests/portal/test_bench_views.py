"""The benchmarks' baselines exist only on a benchmark's own server (PORTAL_BENCH=1, bench/common.py)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/bench/bare/", "/bench/bare-post/", "/bench/template/"])
def test_the_baselines_are_absent_from_every_other_process(client, url):
    assert client.get(url).status_code == 404
    assert client.post(url).status_code in (403, 404)  # CSRF refuses before routing, or the URL is unknown


def test_the_template_baseline_renders_the_rows_asked_for(rf):
    from portal.bench_views import template_page

    response = template_page(rf.get("/bench/template/", {"rows": "3"}))
    assert response.status_code == 200
    assert response.content.decode().count("<tr><td>") == 3
    assert template_page(rf.get("/bench/template/", {"rows": "x"})).status_code == 200
