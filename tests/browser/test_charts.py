"""The charts in headless Chromium: the office home's stages and panels, the leader's consensus page's spread.
Each SVG is drawn (a real size on the page), the CSP reports no violation (pygal's script is left out, its
inline style allowed), and screenshots are written for a person to look at."""

from decimal import Decimal

import pytest
from django.db.models import F

from awards.workflow import Status
from demo.walk import walk_to
from reviews.domain import consensus
from reviews.domain.consensus import AgreedEntry
from reviews.models import Consensus, ConsensusItem

from .. import factories
from ..builders.ranking import Scene, record
from ..builders.review import Review
from .conftest import SHOTS, login

pytestmark = pytest.mark.browser


def _watch_console(page) -> list[str]:
    seen = []
    page.on("console", lambda message: seen.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: seen.append(f"pageerror: {error}"))
    return seen


def _drawn(page, selector: str) -> None:
    chart = page.locator(selector)
    chart.wait_for(state="visible")
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 50, box
    chart.screenshot(path=str(SHOTS / f"charts-{selector.strip('#').replace(' ', '-')}.png"))


def _no_csp_violation(console: list[str]) -> None:
    blocked = [line for line in console if "Content Security Policy" in line or "Refused to" in line]
    assert not blocked, blocked


# Three experts who agree on some items and not on others (the results, 4.7, most of all).
EXPERTS = (
    lambda item: 60,
    lambda item: 35 if item.code.startswith("4.7") else 65,
    lambda item: 90 if item.code.startswith("4.7") else 55 + 5 * (len(item.name) % 4),
)


def test_office_home_and_consensus_page_draw_their_charts(page, shot, cities):
    SHOTS.mkdir(parents=True, exist_ok=True)
    review = Review("ordos", prefix="ordos")
    scored = review.application()
    review.ready_for_consensus(scored, percents=EXPERTS)
    comparison = consensus.compare(review.panel, scored)
    consensus.record(review.panel, scored, review.leader.user,  # the leader has recorded: the rings show
                     {r.code: AgreedEntry(r.suggested, "优势", "改进") for r in comparison.rows})
    assignments = review.assign(review.application())
    review.declare_all(assignments)
    review.score_all(assignments[:1], [60])
    for stage in (Status.ELIGIBILITY, Status.ELIGIBILITY, Status.DOCUMENT_REVIEW):
        walk_to(factories.application_for(review.cycle, recommender=review.cast.recommender_unit), stage,
                cast=review.cast)
    console = _watch_console(page)

    login(page, review.cast.office.username)
    page.goto("/office/")
    _drawn(page, "#stage-chart-ordos svg")
    _drawn(page, "#panel-chart-ordos svg")
    assert "进行中共5件" in page.inner_text("#stage-chart-ordos figcaption")
    shot("charts-office-home")

    login(page, review.leader.user.username)
    page.goto(f"/reviews/panels/{review.panel.pk}/applications/{scored.pk}/consensus/")
    _drawn(page, "#spread svg")
    assert "个条款" in page.get_attribute("#spread svg", "aria-label")
    shot("charts-consensus-spread")
    _no_csp_violation(console)


def test_ranking_detail_draws_the_profile(page, shot, cities):
    SHOTS.mkdir(parents=True, exist_ok=True)
    scene = Scene("wuhan")
    app = scene.app("document_review")
    record(app, scene.cast.office, strengths="方法系统", document_review=640)
    # a profile with a shape: strong on leadership, weaker on results
    items = ConsensusItem.objects.filter(consensus__application=app)
    items.filter(item_code__startswith="4.1").update(points=F("points") * Decimal("1.3"))
    items.filter(item_code__startswith="4.7").update(points=F("points") / 2)
    Consensus.objects.filter(application=app).update(total=sum(i.points for i in items))
    console = _watch_console(page)
    login(page, scene.cast.office.username)
    page.goto(f"/reviews/ranking/{scene.cycle.pk}/")
    page.click(f"a:has-text('{app.reference}')")  # from the board
    _drawn(page, f"#profile-{app.pk} svg")
    assert "最低为结果（32%）" in page.inner_text(f"#profile-{app.pk} figcaption")
    assert "4.7 结果" in page.text_content(f"#profile-{app.pk} details")  # the data table, folded
    shot("charts-ranking-detail")
    _no_csp_violation(console)
