"""The public pages on a phone (issue 12): a 390×844 viewport, as an iPhone 12–15 shows them.

The page body never scrolls sideways; a wide table scrolls inside itself (or is stacked) and its text is not cut;
every page is also checked with axe-core like the other browser tests (tests/browser/axe.py).
"""

import pytest
from django.utils import timezone

from awards.domain import publicity
from awards.workflow import Status
from cities.models import City
from demo.walk import walk_to

from .. import factories
from ..builders.journeys import Cast
from .conftest import SHOTS, axe_watch

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844

# Everything wider than the viewport, other than what sits inside an element that scrolls sideways itself;
# and every table cell whose text is clipped (its content wider than its box with overflow hidden).
_LAYOUT = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = el => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
        }
        return false;
    };
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || getComputedStyle(el).position === 'fixed') continue;
        if (box.right > width + 1 && !scrolls(el)) wide.push(name(el) + ' right=' + Math.round(box.right));
    }
    const cut = [];
    for (const cell of document.querySelectorAll('th, td')) {
        const style = getComputedStyle(cell);
        if (style.overflowX === 'hidden' && cell.scrollWidth > cell.clientWidth + 1) cut.push(name(cell));
    }
    // A column squeezed to a character or two a line does not read: cells with text keep 4 characters' width.
    const narrow = [...document.querySelectorAll('main th, main td')].filter(cell => {
        const text = cell.innerText.trim();
        const em = parseFloat(getComputedStyle(cell).fontSize);
        return text.length > 4 && cell.getBoundingClientRect().width < 4 * em;
    }).map(cell => name(cell) + ' ' + cell.innerText.trim().slice(0, 12));
    const tables = [...document.querySelectorAll('main table')].map(t => {
        const box = t.getBoundingClientRect();
        const style = getComputedStyle(t);
        return {width: Math.round(box.width), scrolls: ['auto', 'scroll'].includes(style.overflowX) || scrolls(t),
                content: t.scrollWidth};
    });
    return {scrollWidth: document.scrollingElement.scrollWidth, wide: wide.slice(0, 8), cut: cut.slice(0, 8),
            narrow: narrow.slice(0, 8),
            tables, fontSize: parseFloat(getComputedStyle(document.body).fontSize)};
}"""


@pytest.fixture
def phone(browser, live_server, transactional_db, request):
    context = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2, base_url=live_server.url)
    context.set_default_timeout(15000)
    tab = context.new_page()
    watch = axe_watch(tab, request)
    try:
        yield tab
        watch.finish()
    finally:
        context.close()


def fits(phone, path: str, name: str) -> dict:
    phone.goto(path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / f"phone-{name}.png"), full_page=True)
    layout = phone.evaluate(_LAYOUT)
    assert layout["scrollWidth"] <= WIDTH + 1, f"{path}: the page scrolls sideways on a phone: {layout}"
    assert not layout["wide"], f"{path}: wider than the phone's screen: {layout['wide']}"
    assert not layout["cut"], f"{path}: table text cut off: {layout['cut']}"
    assert not layout["narrow"], f"{path}: table columns too narrow to read: {layout['narrow']}"
    for table in layout["tables"]:
        # A table either fits the screen or scrolls inside itself; it never spills out of the page.
        assert table["width"] <= WIDTH, f"{path}: a table wider than the screen: {table}"
        assert table["content"] <= table["width"] + 1 or table["scrolls"], f"{path}: a table is cut: {table}"
    return layout


def test_every_citys_rules_read_on_a_phone(phone, cities):
    codes = list(City.objects.order_by("code").values_list("code", flat=True))
    assert len(codes) == 5
    for code in codes:
        layout = fits(phone, f"/cities/{code}/rules/", f"rules-{code}")
        assert layout["tables"], f"{code}: the rules page shows its rules in tables"
        assert layout["fontSize"] >= 14


def test_home_publicity_and_objection_form_on_a_phone(phone, cities):
    cycle = factories.cycle_for("jinan", published=timezone.localdate())
    cast = Cast("jinan")
    apps = [factories.application_for(cycle, recommender=cast.recommender_unit) for _ in range(2)]
    for app in apps:
        walk_to(app, Status.PUBLICITY, cast=cast)
    notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)

    fits(phone, "/", "home")
    fits(phone, "/cities/", "city-list")
    fits(phone, "/publicity/", "publicity-list")
    fits(phone, f"/publicity/{notice.pk}/", "publicity-detail")
    fits(phone, f"/publicity/{notice.pk}/objection/", "objection-form")  # the form has its own page
    # The objection form's fields fit the screen and are big enough to tap.
    for selector in ("#entry", "#name", "#contact", "#text"):
        box = phone.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"{selector} does not fit: {box}"
        assert box["height"] >= 24, f"{selector} is too small to tap: {box}"
