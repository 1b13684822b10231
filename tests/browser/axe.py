"""axe-core (npm, pinned in package.json / package-lock.json) run on the pages the browser tests visit.

tests/browser/conftest.py watches every page fixture: a main-frame navigation only marks the page "to check"
(no evaluate inside a Playwright event handler: with the sync API that can deadlock), and the check runs at the
next safe point in the test's own thread: before the test's next action on the page (goto, click, fill, locator,
…), after page.goto / reload / go_back return, on every screenshot (`shot`), on an explicit `axe_check(page)`,
and at the fixture's teardown for the last page. Any violation of WCAG 2.0/2.1 level A or AA fails the test
with the rule, its help text, the first elements and the page's address.

axe is injected with page.evaluate (CDP Runtime.evaluate: the portal's CSP, which allows no inline script and no
eval, does not apply to it), so the pages are checked exactly as they are served.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REPORT = ROOT / "test-artifacts" / "axe-violations.jsonl"
PAGES = ROOT / "test-artifacts" / "axe-pages.tsv"  # every page checked: test, address, seconds, violations
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # best-practice rules are not run

# PORTAL_AXE=report only records the violations in test-artifacts/axe-violations.jsonl instead of failing (for a
# local survey of many pages at once; CI never sets it).
REPORT_ONLY = os.environ.get("PORTAL_AXE", "") == "report"

_RUN = """async (tags) => {
    const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('axe.run took over 60 s')), 60000));
    const result = await Promise.race([axe.run(document, options), late]);
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')), count: v.nodes.length,
    }));
}"""
# Between two documents (a form just sent) there may be no documentElement yet: that reads as still loading.
_STATE = """() => [document.contentType, typeof window.axe,
                   document.documentElement ? document.readyState : 'loading', location.href,
                   document.documentElement ? document.documentElement.outerHTML.length : 0]"""

_source: str | None = None


class AxeMissing(RuntimeError):
    pass


def axe_source() -> str:
    global _source
    if _source is None:
        if not AXE_JS.exists():
            raise AxeMissing(
                f"{AXE_JS.relative_to(ROOT)} is missing: the browser tests check every page with axe-core. "
                "Install it with `npm ci --no-audit --no-fund` at the repository root (scripts/test does it; "
                "it needs npm: apt-get install npm)."
            )
        # A trailing expression, so that evaluate returns a plain value and never tries to call what the
        # script's last statement evaluates to.
        _source = AXE_JS.read_text(encoding="utf-8") + "\n;'axe-core loaded';"
    return _source


# The page's methods that are safe points: the pending page is checked before the method runs (so a page reached
# by a click is checked before the test acts on it or leaves it); AFTER ones also check the page they lead to.
BEFORE = ("goto", "reload", "go_back", "go_forward", "click", "dblclick", "tap", "fill", "type", "press", "check",
          "uncheck", "set_checked", "select_option", "set_input_files", "hover", "focus", "dispatch_event",
          "drag_and_drop", "locator", "get_by_role", "get_by_text", "get_by_label", "get_by_placeholder",
          "get_by_alt_text", "get_by_title", "get_by_test_id", "query_selector", "query_selector_all",
          "inner_text", "text_content", "content", "screenshot", "pdf")
AFTER = ("goto", "reload", "go_back", "go_forward")


class AxeWatch:
    """Checks one Playwright page at the safe points above (see the module's docstring)."""

    def __init__(self, page, test_id: str):
        axe_source()  # fail at once, with the reason, when axe-core is not installed
        self.page = page
        self.test_id = test_id
        self.pending = True
        self.checked: set = set()
        self.key = lambda url, size: (url, size)  # what counts as "this page was checked already"
        self.seconds = 0.0
        self.pages = 0
        self._evaluate = page.evaluate
        self._wait = page.wait_for_load_state
        self._busy = False
        page.on("framenavigated", self._navigated)
        for name in BEFORE:
            setattr(page, name, self._wrap(getattr(page, name), name in AFTER))

    def _navigated(self, frame):
        # Only note it: no evaluate inside an event handler (sync API).
        if frame == self.page.main_frame:
            self.pending = True

    def _wrap(self, method, after: bool):
        def safe_point(*args, **kwargs):
            if self.pending:
                self.check()
            result = method(*args, **kwargs)
            if after:
                self.check()
            return result

        safe_point.__wrapped__ = method
        safe_point.__name__ = getattr(method, "__name__", "safe_point")
        return safe_point

    def check(self, where: str = "", *, force: bool = False) -> None:
        """Run axe on the page as it is now (unless this very document was checked already) and fail on any
        violation."""
        if self._busy or self.page.is_closed():
            return
        self._busy = True
        try:
            self.pending = False
            for attempt in range(3):
                try:
                    found = self._run(force)
                    break
                except Exception as error:  # navigation under way: the document went away during the check
                    passing = ("context was destroyed", "navigat", "reading 'outerHTML'")
                    if attempt == 2 or not any(words in str(error) for words in passing):
                        raise
                    self._wait("load")
            if found:
                url, violations = found
                record(self.test_id, url, violations)
                if not REPORT_ONLY:
                    pytest.fail(format_violations(url, violations, where), pytrace=False)
        finally:
            self._busy = False

    def _run(self, force: bool):
        content_type, axe_type, ready, url, size = self._evaluate(_STATE)
        if content_type != "text/html" or url.startswith("about:") or url.startswith("chrome-error:"):
            return None
        if ready != "complete":
            self._wait("load")
            content_type, axe_type, ready, url, size = self._evaluate(_STATE)
        if not force and self.key(url, size) in self.checked:
            return None
        started = time.monotonic()
        if axe_type == "undefined":
            self._evaluate(axe_source())
        violations = self._evaluate(_RUN, TAGS)
        took = time.monotonic() - started
        self.seconds += took
        PAGES.parent.mkdir(parents=True, exist_ok=True)
        with PAGES.open("a", encoding="utf-8") as out:
            out.write(f"{self.test_id}\t{url}\t{took:.2f}\t{len(violations)}\n")
        self.pages += 1
        self.checked.add(self.key(url, size))
        return (url, violations) if violations else None

    def finish(self) -> None:
        """The fixture's teardown: the last page reached is checked too."""
        if self.pending:
            self.check("the test's last page")


def format_violations(url: str, violations: list[dict], where: str = "") -> str:
    lines = [f"axe-core found {len(violations)} accessibility violation(s) on {url}" + (f" ({where})" if where else "")]
    for v in violations:
        more = f" (+{v['count'] - len(v['nodes'])} more)" if v["count"] > len(v["nodes"]) else ""
        lines.append(f"  - {v['id']} [{v['impact']}]: {v['help']}")
        lines.append(f"      at: {' | '.join(v['nodes'])}{more}")
    return "\n".join(lines)


def record(test_id: str, url: str, violations: list[dict]) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("a", encoding="utf-8") as out:
        for v in violations:
            out.write(json.dumps({"test": test_id, "url": url, **v}, ensure_ascii=False) + "\n")
