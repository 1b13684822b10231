"""Benchmark P4: the formal notice and the certificate PDF / a minimal WeasyPrint page of the same text (≤ 1.3).

Run:  .venv/bin/python bench/pdf.py        (its own SQLite database in a temporary directory; ~1 minute)

It makes a real 受理通知书 (an Ordos application accepted by the office: awards.domain.eligibility.accept, which
issues the notice) and a real 荣誉证书 (a Chenzhou winner approved by a recorded government decision), with the
test factories (tests/factories.py, tests/builders/). Then, interleaved, it renders each document as the portal does
(core.pdf.render_pdf: template + PDF) and the baseline: the document's visible text in `<html><body><p>` with the
plain CJK font, written by `weasyprint.HTML(string=...).write_pdf()` with WeasyPrint's defaults. The ratio of the
medians is P4. A stricter baseline (the same minimal page with the shared FontConfiguration, as core.pdf reuses it)
is printed beside it for information. Also the fonts each PDF embeds (pdffonts) and its size. Writes section P4 of
bench/results.md. Not a test: pytest never collects it.
"""

from __future__ import annotations

import atexit
import datetime
import html
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "31"))
GOAL = 1.3

_folder = tempfile.mkdtemp(prefix="bench-pdf-")
atexit.register(shutil.rmtree, _folder, ignore_errors=True)
os.environ["DATABASE_URL"] = f"sqlite:///{_folder}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from awards.domain import eligibility, formal_notices  # noqa: E402
from bench.common import machine, table, verdict, write_section  # noqa: E402
from core import pdf  # noqa: E402
from honours.domain import certificates  # noqa: E402
from tests.builders.certified import Winners  # noqa: E402
from tests.builders.intake import SUBMIT_DAY, World  # noqa: E402
from tests.builders.journeys import travel  # noqa: E402

DECIDED = datetime.date(2026, 9, 16)


def notice_document() -> tuple[str, dict]:
    """(template, context) of a real acceptance notice: what formal_notices.issue renders, caught on its way."""
    caught = []
    real = formal_notices.render_pdf

    def catch(template_name, context):
        caught.append((template_name, context))
        return real(template_name, context)

    with travel(SUBMIT_DAY):
        world = World("ordos")
        application = world.application()
    formal_notices.render_pdf = catch
    try:
        with travel(DECIDED):
            lines = {line.field: ("meets", "") for line in
                     eligibility.checklist(application.rules, application.applicant_kind)}
            eligibility.save_check(application, world.cast.office, lines)
            eligibility.accept(application, world.cast.office)
    finally:
        formal_notices.render_pdf = real
    return caught[-1]


def certificate_document() -> tuple[str, dict]:
    """(template, context) of a real certificate: a Chenzhou winner's, as certificates.render renders it."""
    caught = []
    real = certificates.render_pdf

    def catch(template_name, context):
        caught.append((template_name, context))
        return real(template_name, context)

    with travel(datetime.date(2026, 9, 14)):
        _application, certificate = Winners("chenzhou").award()
    certificates.render_pdf = catch
    try:
        certificates.render(certificate)
    finally:
        certificates.render_pdf = real
    return caught[-1]


def minimal_page(document_html: str) -> str:
    """The baseline: the document's visible text in one paragraph, in the plain CJK font."""
    text = html.escape(pdf.visible_text(document_html))
    return f'<html><body><p style="font-family: \'{pdf.CJK_FONT}\'">{text}</p></body></html>'


def timed(func):
    """A measure returning (wall ms, CPU ms) of one call: on a shared machine the CPU time is the steadier one."""
    def measure() -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    return measure


def fonts_of(data: bytes) -> list[str]:
    """The embedded fonts' names (pdffonts, poppler-utils), subset prefix dropped."""
    path = Path(_folder) / "probe.pdf"
    path.write_bytes(data)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [line.split()[0].split("+", 1)[-1] for line in lines[2:] if line.strip()]


def measure(label: str, template_name: str, context: dict):
    minimal = minimal_page(pdf.render_html(template_name, context))
    shared = FontConfiguration()
    measures = {
        "document": timed(lambda: pdf.render_pdf(template_name, context)),
        "minimal": timed(lambda: HTML(string=minimal).write_pdf()),
        "minimal_shared": timed(lambda: HTML(string=minimal).write_pdf(font_config=shared)),
    }
    for func in measures.values():  # warm up: imports, the shared renderer, fontconfig's cache
        func()
    seen = {name: [] for name in measures}
    for _ in range(ROUNDS):
        for name, func in measures.items():
            seen[name].append(func())
    med = {name: statistics.median(wall for wall, _cpu in values) for name, values in seen.items()}
    cpu = {name: statistics.median(cpu for _wall, cpu in values) for name, values in seen.items()}
    document = pdf.render_pdf(template_name, context)
    baseline = HTML(string=minimal).write_pdf()
    return {
        "label": label, **med,
        "ratio": med["document"] / med["minimal"], "ratio_shared": med["document"] / med["minimal_shared"],
        "cpu_ratio": cpu["document"] / cpu["minimal"],
        "fonts": fonts_of(document), "baseline_fonts": fonts_of(baseline),
        "kb": len(document) / 1024, "baseline_kb": len(baseline) / 1024,
    }


def main():
    settings.MEDIA_ROOT = str(Path(_folder) / "media")
    call_command("migrate", verbosity=0)
    call_command("load_cities", verbosity=0)
    documents = [("受理通知书 formal notice", *notice_document()), ("荣誉证书 certificate", *certificate_document())]
    load = machine()
    results = [measure(*document) for document in documents]
    rows = [[r["label"], f"{r['document']:.1f} ms", f"{r['minimal']:.1f} ms", f"**{r['ratio']:.2f}**",
             verdict(r["ratio"], GOAL, at_least=False), f"{r['cpu_ratio']:.2f}",
             f"{r['minimal_shared']:.1f} ms / {r['ratio_shared']:.2f}",
             ", ".join(r["fonts"]), f"{r['kb']:.0f} KB / {r['baseline_kb']:.0f} KB"] for r in results]
    header = ["PDF", "document (core.pdf)", "minimal page", "ratio", "P4", "CPU-time ratio",
              "minimal, shared fonts / ratio", "fonts embedded", "size / minimal"]
    markdown = "\n".join([
        "# P4: PDFs / a minimal WeasyPrint page of the same text (bench/pdf.py)",
        "",
        f"Median of {ROUNDS} interleaved renders each; the document is core.pdf.render_pdf (template + PDF), the "
        "minimal page is its visible text in one `<p>` with the plain CJK font, "
        "`weasyprint.HTML(string=...).write_pdf()` with the defaults. The stricter column gives the minimal page the "
        "shared FontConfiguration too. Times are wall-clock medians; the CPU-time ratio (process time, medians) is "
        "printed beside them because the machine is shared. Run `.venv/bin/python bench/pdf.py`.",
        "",
        table(header, rows),
        "",
        f"Machine: {load}.",
    ])
    print(markdown)
    write_section("P4", markdown)


if __name__ == "__main__":
    main()
