"""Render a template to PDF with WeasyPrint, about as fast as a minimal WeasyPrint page of the same text.

Chinese text uses one font face: the regular Noto Sans CJK SC (Debian: fonts-noto-cjk), subset to the glyphs used
(WeasyPrint's default). Every further face (a bold, a serif page number) is another multi-megabyte font to load,
subset and compress: ~20 ms a document, as much as a whole minimal page. What a document does not have to redo is
made once per process and thread (`_Renderer`): the FontConfiguration, the parsed stylesheet (pdf/documents.css,
so templates carry no <style>) and a URL fetcher that only reads inline data: URIs (no network, no files).
bench/pdf.py measures it (goal P4); tests/core/test_pdf.py checks the fonts.
"""

from __future__ import annotations

import html
import os
import re
import threading
from dataclasses import dataclass

from django.template.loader import render_to_string

CJK_FONT = "Noto Sans CJK SC"
CJK_FONT_STACK = f'"{CJK_FONT}", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif'
STYLESHEET = "pdf/documents.css"
INLINE_PROTOCOLS = frozenset({"data"})  # images are inlined (the QR code, charts): nothing is fetched


@dataclass(frozen=True)
class _Renderer:
    """What every document of one process and thread shares (WeasyPrint's font objects are not thread-safe)."""

    pid: int
    weasyprint: object  # the module, imported on first use
    fonts: object  # weasyprint.text.fonts.FontConfiguration
    stylesheet: object  # weasyprint.CSS, parsed once
    fetcher: object  # weasyprint.URLFetcher refusing all but data: URIs


_local = threading.local()


def _renderer() -> _Renderer:
    """This thread's renderer, made on first use (and again in a forked child: a font map does not survive fork)."""
    renderer = getattr(_local, "renderer", None)
    if renderer is None or renderer.pid != os.getpid():
        import weasyprint  # imported lazily: it loads Pango, which the web workers may never need

        fonts = weasyprint.text.fonts.FontConfiguration()
        css = render_to_string(STYLESHEET, {"CJK_FONT_STACK": CJK_FONT_STACK})
        renderer = _Renderer(
            pid=os.getpid(), weasyprint=weasyprint, fonts=fonts,
            stylesheet=weasyprint.CSS(string=css, font_config=fonts),
            fetcher=weasyprint.URLFetcher(allowed_protocols=INLINE_PROTOCOLS, allow_redirects=False, timeout=1),
        )
        _local.renderer = renderer
    return renderer


def render_html(template_name: str, context: dict) -> str:
    """The HTML of a PDF document (templates extend pdf/base.html, styled by pdf/documents.css)."""
    return render_to_string(template_name, {**context, "CJK_FONT_STACK": CJK_FONT_STACK})


def html_to_pdf(document: str) -> bytes:
    """PDF bytes for an HTML string, with the shared fonts, stylesheet and fetcher."""
    renderer = _renderer()
    page = renderer.weasyprint.HTML(string=document, url_fetcher=renderer.fetcher)
    return page.write_pdf(stylesheets=[renderer.stylesheet], font_config=renderer.fonts)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Return PDF bytes for a Django template. Templates extend pdf/base.html."""
    return html_to_pdf(render_html(template_name, context))


def visible_text(document: str) -> str:
    """The text a reader sees in an HTML document (the head, tags, comments and scripts left out), one line.
    What bench/pdf.py sets on a minimal page to compare with."""
    body = re.sub(r"(?is)<(head|style|script)\b.*?</\1>|<!--.*?-->", " ", document)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
