"""The benchmarks' baselines, served by the same server as the pages (bench/common.py).

Mounted at /bench/ only when settings.PORTAL_BENCH is on (the environment variable PORTAL_BENCH=1, which only
the benchmarks set); in every other process these URLs do not exist. Who may use them: anyone, on a
benchmark's own server; they read and write nothing.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

BARE = "<!doctype html><html lang=zh-hans><title>bare</title><p>ok</p></html>"


@require_GET
def bare(request):
    """The least a Django view can answer, through the same middleware as every page."""
    return HttpResponse(BARE)


@csrf_exempt
@require_POST
def bare_post(request):
    """A POST that saves nothing: the baseline of the autosave (P5)."""
    return HttpResponse("{}", content_type="application/json")


@require_GET
def template_page(request):
    """A page in the portal's base template with `rows` rows of plain text and no queries (P2's baseline)."""
    try:
        rows = max(0, min(int(request.GET.get("rows", "50")), 5000))
    except ValueError:
        rows = 50
    lines = [(i, f"第{i}行", "示例单位名称有限公司", "材料审查") for i in range(rows)]
    return render(request, "bench/template_page.html", {"lines": lines})


urlpatterns = [
    path("bare/", bare),
    path("bare-post/", bare_post),
    path("template/", template_page),
]
