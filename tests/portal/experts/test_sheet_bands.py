"""The expert's score sheet (portal.experts.views.sheet): the GB/Z 19579 scoring bands of each item with the
points they give it (cities/scoring_bands.py, the scheme's `kind`), progress, the deadline, the materials beside."""

import datetime
import html
import re

import time_machine

from awards.domain import documents
from awards.models import Application
from reviews.domain import scoring
from reviews.domain.scoring import Entry

from ... import factories
from ...builders.intake import PDF, upload_file
from ...builders.journeys import at
from ...builders.queries import count
from ...builders.review import Review, to_stage


def item_block(page: str, code: str) -> str:
    """The HTML of one item of the sheet, up to the next item."""
    start = page.index(f'data-code="{code}"')
    end = page.find('class="rv-item ', start)
    return page[start:end if end != -1 else len(page)]


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)))


def test_sheet_shows_the_bands_of_a_process_and_a_results_item_progress_and_deadline(ordos_sheet, client):
    _review, app, mine, sheet = ordos_sheet
    client.force_login(mine.expert.user)
    url = f"/reviews/tasks/{mine.pk}/sheet/"
    autosave = f"/reviews/tasks/{mine.pk}/autosave/"
    assert client.post(autosave, {"code": "4.1.1", "pct-4.1.1": "20"}).json()["ok"]
    assert client.post(autosave, {"code": "4.7.1", "pct-4.7.1": "55"}).json()["ok"]
    # The stage deadline as the lifecycle stamped it is moved to a day the test can count to.
    Application.objects.filter(pk=app.pk).update(stage_deadline=datetime.date(2026, 12, 10))
    with time_machine.travel(at(datetime.date(2026, 12, 4)), tick=False):  # a Friday
        page = client.get(url).content.decode()

    # 4.1.1 高层领导的作用 (50 points) is a process item: 方法-展开-学习-整合, and 20 % lies in 10–25 %.
    process = item_block(page, "4.1.1")
    process_text = text_of(process)
    for band, points in [("0–5%", "0–2.5分"), ("10–25%", "5–12.5分"), ("30–45%", "15–22.5分"),
                         ("50–65%", "25–32.5分"), ("70–85%", "35–42.5分"), ("90–100%", "45–50分")]:
        assert f"{band} {points}" in process_text
    for dimension in ("方法（A）", "展开（D）", "学习（L）", "整合（I）"):
        assert dimension in process_text
    assert "没有系统的方法" in process_text and "开始有应对条款基本要求的系统方法" in process_text
    assert "水平（Le）" not in process_text
    current = re.findall(r'class="sc-band current"[^>]*>\s*<span class="sc-pct">([^<]+)<', process)
    assert current == ["10–25%"]
    assert "本段可选10%、15%、20%、25%，得5–12.5分" in html.unescape(process)

    # 4.7.1 产品和服务结果 (80 points) is a results item: 水平-趋势-对比-整合.
    results_text = text_of(item_block(page, "4.7.1"))
    for band, points in [("0–5%", "0–4分"), ("10–25%", "8–20分"), ("30–45%", "24–36分"),
                         ("50–65%", "40–52分"), ("70–85%", "56–68分"), ("90–100%", "72–80分")]:
        assert f"{band} {points}" in results_text
    for dimension in ("水平（Le）", "趋势（T）", "对比（C）", "整合（I）"):
        assert dimension in results_text
    assert "没有描述结果，或结果很差" in results_text and "方法（A）" not in results_text
    assert "4.7 结果（400分） 结果类条款" in text_of(page) and "4.1 领导（110分） 过程类条款" in text_of(page)

    # Progress: 2 of 23 items, 10 + 44 points; the deadline in words with the working days left (4, 7–10 Dec).
    whole = text_of(page)
    assert "已评分 2 / 23 个条款" in whole and "本人合计 54.00 / 1000 分" in whole
    assert 'id="scored-bar" max="23" value="2"' in page
    assert "截止 2026年12月10日（还剩5个工作日）" in whole

    with time_machine.travel(at(datetime.date(2026, 12, 11)), tick=False):
        assert "截止 2026年12月10日（已逾期）" in text_of(client.get(url).content.decode())


def application_with(review, names):
    """An application of the review's cycle with these documents uploaded, brought to the panel's stage."""
    app = factories.application_for(review.cycle, recommender=review.cast.recommender_unit)
    for name in names:
        documents.store_upload(app, upload_file(name, PDF), "evidence", "", factories.member(app.organisation))
    return to_stage(app, review.cast, review.panel.stage)


def test_the_materials_sit_beside_the_sheet(cities, client):
    review = Review("wuhan")
    app = application_with(review, ["质量管理体系证书.pdf"])
    mine = review.assign(app)[1]
    review.declare_all([mine])
    client.force_login(mine.expert.user)
    page = client.get(f"/reviews/tasks/{mine.pk}/sheet/").content.decode()
    materials = page[page.index('id="materials-pane"'):page.index('id="sheet-pane"')]
    assert "质量管理体系证书.pdf" in materials and "申报表" in materials and app.applicant_name in materials
    assert 'id="sheet"' in page[page.index('id="sheet-pane"'):]
    assert f'href="/reviews/tasks/{mine.pk}/materials/"' in page


def test_a_sheet_whose_basis_has_no_process_results_distinction_shows_generic_bands(cities, client):
    review = Review("chenzhou")
    app = review.application()
    mine = review.assign(app)[1]
    review.declare_all([mine])
    client.force_login(mine.expert.user)
    page = client.get(f"/reviews/tasks/{mine.pk}/sheet/").content.decode()
    first = scoring.scheme_for(mine).items[0]
    block = text_of(item_block(page, first.code))
    assert "各分数段的含义（通用说明）" in block and "基本没有体现条款的要求" in block
    assert "0–5%" in block and "90–100%" in block and "方法（A）" not in block and "水平（Le）" not in block
    assert "本评分表的依据未区分过程类与结果类条款" in text_of(page)
    assert "过程类条款" not in text_of(page[page.index('id="sheet"'):])


def test_sheet_page_queries_do_not_grow_with_the_items_scored_or_the_documents(cities, client):
    review = Review("ordos")
    small = application_with(review, ["附件一.pdf"])
    big = application_with(review, ["附件一.pdf", "附件二.pdf", "附件三.pdf"])
    counts = []
    for app, scored in ((small, 1), (big, None)):
        mine = review.assign(app)[1]
        review.declare_all([mine])
        mine.refresh_from_db()
        sheet = scoring.sheet_for(mine)
        scheme = scoring.scheme_for(mine)
        scoring.save(sheet, mine.expert.user, {i.code: Entry(60, f"{i.name}优势", "改进")
                                               for i in scheme.items[:scored]})
        client.force_login(mine.expert.user)
        url = f"/reviews/tasks/{mine.pk}/sheet/"
        counts.append(count(client, url))
    page = client.get(url).content.decode()
    n, words = len(scheme.items), text_of(page)
    assert f"已评分 {n} / {n} 个条款" in words and f"本人合计 600.00 / {scheme.total_points} 分" in words
    assert "附件三.pdf" in page and page.count('class="sc-band current"') == n
    assert counts[0] == counts[1]


def test_a_submitted_sheet_shows_its_bands_read_only_and_no_deadline(ordos_sheet, client):
    review, _app, mine, _sheet = ordos_sheet
    review.score_all([mine], [70])
    client.force_login(mine.expert.user)
    page = client.get(f"/reviews/tasks/{mine.pk}/sheet/").content.decode()
    assert "sc-band" in page and "<button type=\"button\" class=\"sc-band" not in page
    assert page.count('class="sc-band current"') == 23 and "截止" not in text_of(page)
    assert "已评分 23 / 23 个条款" in text_of(page)
