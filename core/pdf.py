"""Render a template to PDF with WeasyPrint. Chinese text uses Noto Sans CJK SC (Debian: fonts-noto-cjk)."""

from __future__ import annotations

from django.template.loader import render_to_string

CJK_FONT_STACK = '"Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif'


def render_pdf(template_name: str, context: dict) -> bytes:
    """Return PDF bytes for a Django template. Templates extend pdf/base.html for fonts and page size."""
    from weasyprint import HTML  # imported lazily: it loads Pango, which the web workers may not need

    html = render_to_string(template_name, {**context, "CJK_FONT_STACK": CJK_FONT_STACK})
    return HTML(string=html).write_pdf()
