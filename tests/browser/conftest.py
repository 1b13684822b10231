"""Headless Chromium (Debian's package) driven by Playwright against pytest-django's live server.

Screenshots land in test-artifacts/screenshots/ so a person can look at them.
"""

import os
import shutil
from pathlib import Path

import pytest

from .axe import AxeMissing, AxeWatch

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(config, items):
    # This hook sees every item of the session, so it only touches the tests in this directory.
    here = Path(__file__).resolve().parent
    ours = [item for item in items if here in Path(str(item.fspath)).resolve().parents]
    chromium_missing = not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists()
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    for item in ours:
        item.add_marker(pytest.mark.browser)
        if chromium_missing:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


def accept_dialog(dialog):
    """The journeys say yes to the portal's confirmations of irreversible steps (static/js/confirm.js,
    data-confirm); tests/browser/test_confirmations.py removes this listener to answer no."""
    dialog.accept()


@pytest.fixture
def page(browser, live_server, transactional_db, request):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(15000)
    tab = context.new_page()
    tab.on("dialog", accept_dialog)
    watch = axe_watch(tab, request)
    try:
        yield tab
        watch.finish()  # every page the test reached is checked with axe-core (tests/browser/axe.py)
    finally:
        context.close()


def axe_watch(tab, request) -> AxeWatch:
    """Check every page `tab` shows with axe-core; fail on any WCAG 2.1 A/AA violation (tests/browser/axe.py)."""
    try:
        watch = AxeWatch(tab, request.node.nodeid)
    except AxeMissing as missing:
        pytest.fail(str(missing), pytrace=False)
    tab.axe_watch = watch
    return watch


def axe_check(page, where: str = "") -> None:
    """An explicit check of the page as it is now (e.g. after opening a dialog that changes it)."""
    page.axe_watch.check(where)


@pytest.fixture
def shot(page):
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        axe_check(page, f"screenshot {name}")

    return take


def login(page, username: str, password: str = "Portal-Pass-2026"):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
