"""The header on the office's pages is one line at 1280 px for an office user with every office link (two cities'
failed e-mails, experts and panels, the ranking, the admin): the office's home stays in the top line and the rest,
with the public links, open from 「更多」 (a <details>, no script; portal/office/nav.py, templates/base.html,
static/css/header.css)."""

import pytest

from awards.workflow import Status
from cities.schema import Role

from .. import factories
from ..builders.intake import SUBMIT_DAY, World
from ..builders.journeys import travel
from .conftest import SHOTS, login

pytestmark = pytest.mark.browser


@pytest.fixture
def office(cities):
    """Wuhan's office user, also of Ordos' office, and staff (the admin link): every link an office user may have."""
    with travel(SUBMIT_DAY):
        wuhan, ordos = World("wuhan"), World("ordos")
        app = wuhan.application(Status.ELIGIBILITY)
    user = wuhan.cast.office
    user.groups.add(*ordos.cast.office.groups.all())
    user.first_name, user.last_name, user.is_staff = "评审办", "王工作人员", True
    user.save()
    return user, app


def header_lines(page) -> dict:
    """The header's height and how many distinct rows its brand and nav items sit on."""
    return page.evaluate("""() => {
        const header = document.querySelector('header.top');
        const items = [header.querySelector('.brand'), ...header.querySelectorAll('nav > *')];
        const tops = new Set(items.filter(e => e.offsetParent !== null)
                                  .map(e => Math.round(e.getBoundingClientRect().top
                                                       + e.getBoundingClientRect().height / 2)));
        const rows = [...tops].sort((a, b) => a - b).filter((t, i, all) => i === 0 || t - all[i - 1] > 8);
        // nothing squeezed over its neighbour: each item starts after the one before it ends
        const boxes = items.filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect());
        const overlaps = boxes.slice(1).filter((b, i) => b.left < boxes[i].right - 1).length;
        return {height: header.getBoundingClientRect().height, rows: rows.length, overlaps: overlaps,
                scrollWidth: document.documentElement.scrollWidth};
    }""")


def test_the_office_header_is_one_line_at_1280_and_more_opens_the_other_links(page, shot, office):
    user, app = office
    assert page.viewport_size == {"width": 1280, "height": 900}
    login(page, user.username)
    pages = ["/office/", "/office/wuhan/queue/eligibility/", f"/office/applications/{app.pk}/",
             "/office/wuhan/duties/", "/reviews/office/panels/", "/reviews/ranking/", "/office/wuhan/approval/"]
    for url in pages:
        page.goto(url)
        assert page.url.endswith(url), page.url
        lines = header_lines(page)
        assert lines["rows"] == 1 and lines["height"] <= 64 and lines["overlaps"] == 0, (url, lines)
        assert lines["scrollWidth"] <= 1280, (url, lines)
    page.goto("/office/")
    shot("office-header-1280")

    # the top line keeps the office's home; 「更多」 holds the rest, closed until asked
    header = page.locator("header.top")
    assert header.locator("nav > a:has-text('办公室工作台')").is_visible()
    more = header.locator("details.nav-more")
    menu = more.locator(".nav-more-menu a")
    assert not menu.first.is_visible()
    more.locator("summary:has-text('更多')").click()
    labels = [t.strip() for t in menu.all_inner_texts()]
    assert sorted(labels[:2]) == ["邮件发送失败（武汉市）", "邮件发送失败（鄂尔多斯市）"]
    # then the public links
    assert labels[2:] == ["专家与评审组", "综合评价", "各城市规则", "公示公告", "获奖名单", "表彰公告"]
    assert all(menu.nth(i).is_visible() for i in range(len(labels)))
    assert header_lines(page)["rows"] == 1  # the open menu floats below; the header keeps its line
    shot("office-header-more-open")
    for i, label in enumerate(labels):
        page.goto("/office/")
        page.locator("header details.nav-more summary").click()
        href = menu.nth(i).get_attribute("href")
        menu.nth(i).click()
        page.wait_for_url(f"**{href}")
        assert header_lines(page)["rows"] == 1, label
        assert page.locator("main").count() == 1
    # and by keyboard: the summary takes the focus and Enter opens it
    page.goto("/office/")
    page.focus("header details.nav-more summary")
    page.keyboard.press("Enter")
    assert menu.first.is_visible()
    assert (SHOTS / "office-header-1280.png").exists()


def test_the_committee_members_header_is_one_line_at_1280(page, shot, cities):
    """A committee member (also a supervisor): the sitting in the top line, revocations and objections in
    「更多」."""
    member = factories.city_user("jinan", Role.COMMITTEE, username="jinan_header_member")
    member.groups.add(*factories.city_user("jinan", Role.SUPERVISOR).groups.all())
    factories.cycle_for("jinan")
    login(page, member.username)
    for url in ("/home/", "/reviews/committee/", "/committee/objections/"):
        page.goto(url)
        lines = header_lines(page)
        assert lines["rows"] == 1 and lines["height"] <= 64 and lines["overlaps"] == 0, (url, lines)
    page.locator("header details.nav-more summary").click()
    labels = page.locator("header .nav-more-menu a").all_inner_texts()
    assert "撤销案件与复评" in labels and "公示异议" in labels
    shot("committee-header-1280")
