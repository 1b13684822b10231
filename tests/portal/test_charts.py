"""The charts on the pages (portal.shared.charts, templates/charts/): the office home's stages and panels, the
consensus page's spread between the experts, the feedback report's profile (in the PDF); each with its text
alternative, and the office home's queries do not grow with its rows."""

from decimal import Decimal
from pathlib import Path

from django.template import Context, Template

from awards.workflow import staff_label
from cities.schema import Role
from portal.shared.charts import number
from reviews.domain import consensus, results
from reviews.domain.consensus import AgreedEntry
from reviews.domain.ranking import board, shortlists

from .. import factories
from ..builders.pdftext import pdf_text, squeeze
from ..builders.queries import count
from ..builders.ranking import Scene, record
from ..builders.review import Review

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _svgs(html: str) -> list[str]:
    return [part.split("</svg>")[0] for part in html.split("<svg")[1:]]


def test_office_home_shows_the_stages_and_the_panels_scoring(cities, client):
    review = Review("ordos")
    scored, waiting = review.application(), review.application()
    review.ready_for_consensus(scored, percents=(60, 70, 80))  # three sheets submitted
    review.declare_all(review.assign(waiting))  # three due, none submitted
    client.force_login(review.cast.office)
    html = client.get("/office/").content.decode()
    stages, panels = html.split('id="stage-chart-ordos"')[1], html.split('id="panel-chart-ordos"')[1]
    stage_svg, panel_svg = _svgs(stages)[0], _svgs(panels)[0]
    assert 'role="img"' in stage_svg and "各阶段申报数：进行中共2件" in stage_svg
    rules = review.cycle.rules
    for stage in rules.stages:  # every stage of the rule file, in its order
        assert f">{staff_label(stage.kind.value, rules)}<" in stage_svg
    assert ">2<" in stage_svg  # both applications at the document review
    review_label = staff_label(review.panel.stage, rules)
    assert f"第一评审组（{review_label}）  3 / 6" in panel_svg and "已提交评分表3份，应提交6份" in panel_svg
    assert "<script" not in html.split("<main")[-1].split("</main>")[0]


def test_office_home_queries_do_not_grow_with_applications_and_panels(cities, client):
    review = Review("ordos")
    review.ready_for_consensus(review.application())
    client.force_login(review.cast.office)
    one = count(client, "/office/")
    for _ in range(4):
        review.declare_all(review.assign(review.application()))
    Review("ordos", same_cycle_as=review, prefix="乙").ready_for_consensus(review.application())
    many = count(client, "/office/")
    html = client.get("/office/").content.decode()
    assert "进行中共6件" in html
    assert f"乙第一评审组（{staff_label(review.panel.stage, review.cycle.rules)}）  3 / 3" in html
    assert one == many


def test_consensus_page_shows_each_items_spread_between_the_experts(ordos_scored, client):
    review, app, _ = ordos_scored
    url = f"/reviews/panels/{review.panel.pk}/applications/{app.pk}/consensus/"
    client.force_login(review.leader.user)
    html = client.get(url).content.decode()
    svg = _svgs(html.split('id="spread"')[1])[0]
    comparison = consensus.compare(review.panel, app)
    assert 'role="img"' in svg and f"共{len(comparison.rows)}个条款，1个差异较大" in svg
    for row in comparison.rows:
        assert f"{row.code} {row.name}" in svg
    for a, cell in zip(comparison.assignments, comparison.rows[0].cells, strict=True):
        assert a.expert.name in svg and f"{a.expert.name}：{cell.percent}%" in svg
    assert "连线为最低至最高" in html and "空心圆" not in html and "共识：" not in svg  # nothing agreed yet
    # once recorded, the agreed percentage is drawn too
    consensus.record(review.panel, app, review.leader.user,
                     {r.code: AgreedEntry(r.suggested, "优势", "改进") for r in comparison.rows})
    html = client.get(url).content.decode()
    assert f"共识：{comparison.rows[0].suggested}%" in _svgs(html.split('id="spread"')[1])[0]
    assert "空心圆为已记录的共识百分比" in html


def test_no_spread_chart_before_any_sheet_is_in(half_declared, client):
    review, app, _ = half_declared
    client.force_login(review.cast.office)
    html = client.get(f"/reviews/panels/{review.panel.pk}/applications/{app.pk}/consensus/").content.decode()
    assert 'id="spread"' in html  # the leader's sheet is in: one dot per item


def test_feedback_report_pdf_draws_the_profile_over_the_sheets_categories(cities, client):
    scene = Scene("wuhan")
    kept = scene.app("document_review")
    record(kept, scene.cast.office, strengths="方法系统", document_review=720)
    dropped = scene.app("document_review")
    record(dropped, scene.cast.office, strengths="领导重视质量", document_review=600)
    shortlists.confirm(scene.cycle, board.SHORTLIST, "mayor_org", [kept.pk], scene.cast.office, reason="仅一家")
    client.force_login(factories.member(dropped.organisation))
    response = client.get(f"/reviews/feedback/{dropped.pk}/report.pdf")
    assert response.status_code == 200
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "feedback-profile.pdf").write_bytes(response.content)  # for a person to look at
    text = squeeze(pdf_text(response.content))
    assert squeeze("各类目得分率（得分/满分）") in text
    categories = results.feedback(dropped)
    assert len(categories) == 7  # GB/T 19580's seven, from the sheet
    for category in categories:
        share = category["score"] * 100 / category["max"]
        bar = f"{number(share.quantize(Decimal('0.1')))}%（{number(category['score'])}/{category['max']}）"
        assert squeeze(f"{category['code']} {category['name']}") in text and squeeze(bar) in text, bar
    # the chart is drawn as vectors (rectangles in the page's content), not as a picture
    assert b"/Subtype /Image" not in response.content and b"/Subtype/Image" not in response.content


def test_ranking_detail_shows_the_profile_over_the_sheets_categories(cities, client):
    scene = Scene("chenzhou")  # Chenzhou's sheet has its own dimensions, not GB/T 19580's seven categories
    app = scene.app("document_review")
    record(app, scene.cast.office, strengths="方法系统", document_review=150)
    bare = scene.app("document_review")  # no consensus yet
    url = f"/reviews/ranking/{scene.cycle.pk}/applications/{app.pk}/"
    client.force_login(scene.cast.office)
    assert url in client.get(f"/reviews/ranking/{scene.cycle.pk}/").content.decode()  # linked from the board
    html = client.get(url).content.decode()
    svg = _svgs(html.split('id="profile-')[1])[0]
    categories = results.feedback(app)
    assert categories and all(f"{c['code']} {c['name']}" in svg for c in categories)
    assert 'role="img"' in svg and "各类目得分率（得分/满分）" in svg
    assert "4.1 领导" not in svg  # the sheet's own categories only
    assert "查看数据" in html and f"/reviews/feedback/{app.pk}/report.pdf" in html
    assert 'id="no-consensus"' in client.get(f"/reviews/ranking/{scene.cycle.pk}/applications/{bare.pk}/")\
        .content.decode()
    client.force_login(scene.cast.supervisor)  # the supervisors read, without the report's link
    page = client.get(url).content.decode()
    assert "<svg" in page and "report.pdf" not in page
    client.force_login(factories.city_user("wuhan", Role.OFFICE))
    assert client.get(url).status_code == 403
    # any page about one application may show it in one line
    drawn = Template("{% load charts %}{% profile_chart app %}").render(Context({"app": app}))
    assert f'id="profile-{app.pk}"' in drawn and categories[0]["name"] in drawn
    assert Template("{% load charts %}{% profile_chart app %}").render(Context({"app": bare})).strip() == ""
