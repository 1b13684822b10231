"""The language switch in the header, in headless Chromium."""

import pytest
from django.utils import timezone

from .. import factories

pytestmark = pytest.mark.browser


def test_the_reader_switches_the_home_page_to_english_and_back(page, shot, cities):
    for code in ("jinan", "wuhan"):
        factories.cycle_for(code, published=timezone.localdate())
    page.goto("/")
    assert "各城市规则" in page.inner_text("header")
    assert page.get_attribute("html", "lang") == "zh-hans"
    shot("home-chinese")

    with page.expect_navigation():
        page.click("header .lang a[hreflang=en]")
    header, body = page.inner_text("header"), page.inner_text("body")
    assert page.get_attribute("html", "lang") == "en"
    assert "City rules" in header and "Award winners" in header and "Log in" in header
    assert "Mayor's Quality Award Portal" in body and "Cycles open for applications" in body
    assert "各城市规则" not in body and "正在申报的周期" not in body
    assert page.url.endswith("/")  # back on the page the reader was reading
    shot("home-english")

    page.goto("/winners/")  # the choice stays for the rest of the visit
    assert "Award winners" in page.inner_text("h1")

    with page.expect_navigation():
        page.click("header .lang a[hreflang=zh-hans]")
    assert "获奖名单" in page.inner_text("h1")
