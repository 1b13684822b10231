"""The office ranks: the list for site review after document review, then the candidate list within the
quotas, in headless Chromium."""

import pytest

from awards.models import Application
from awards.workflow import Status

from ..builders.ranking import Scene
from .conftest import login

pytestmark = pytest.mark.browser


def test_office_produces_the_site_review_list_and_the_candidate_list(page, shot, cities):
    scene = Scene("qujing")
    office = scene.cast.office
    office.first_name = "评审办李工"
    office.save()
    docs = [scene.app("document_review", sme=sme, hearing=80, document_review=s)
            for s, sme in ((880, False), (910, False), (640, True), (700, False), (760, True), (590, False))]
    finals = [scene.app("ranking", sme=sme, hearing=h, document_review=d, site_review=s)
              for h, d, s, sme in ((90, 900, 880, False), (85, 870, 860, False), (80, 720, 700, True))]

    login(page, office.username)
    page.goto(f"/reviews/ranking/{scene.cycle.pk}/")
    body = page.inner_text("body")
    for words in ("综合得分相同时", "中小企业", "第五条", "第十八条", "名单人数 4名"):
        assert words in body, words
    shot("ranking-board-qujing")

    # The site-review list: 2 seats × 2 = 4 places, 2 of them kept for SMEs (both SMEs are in).
    shortlist = page.locator("form[data-section=shortlist][data-quota=mayor_org]")
    checked = [docs[i].reference for i in (1, 0, 4, 2)]
    for app in docs:
        box = shortlist.get_by_label(app.reference)
        assert box.is_checked() == (app.reference in checked), app.reference
    shortlist.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "名单已确认" in page.inner_text("body")
    states = dict(Application.objects.filter(pk__in=[a.pk for a in docs]).values_list("reference", "status"))
    assert sorted(r for r, s in states.items() if s == Status.SITE_REVIEW) == sorted(checked)
    assert sorted(r for r, s in states.items() if s == Status.NOT_SELECTED) == sorted(
        docs[i].reference for i in (3, 5))

    # The candidate list: the best and the best SME; a third one over the quota is refused.
    final = page.locator("form[data-section=ranking][data-quota=mayor_org]")
    assert final.get_by_label(finals[0].reference).is_checked()
    assert not final.get_by_label(finals[1].reference).is_checked()
    assert final.get_by_label(finals[2].reference).is_checked()
    final.get_by_label(finals[1].reference).check()
    final.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "所选3名超过可用名额2名（第五条）" in page.inner_text("ul.messages")
    assert set(Application.objects.filter(pk__in=[a.pk for a in finals]).values_list("status", flat=True)) == {
        Status.RANKING}
    shot("ranking-board-refused")
    page.locator("form[data-section=ranking][data-quota=mayor_org] button[type=submit]").click()
    page.wait_for_load_state()
    states = dict(Application.objects.filter(pk__in=[a.pk for a in finals]).values_list("pk", "status"))
    assert [states[a.pk] for a in finals] == [Status.COMMITTEE_DECISION, Status.NOT_SELECTED,
                                              Status.COMMITTEE_DECISION]
    assert "已确认的名单" in page.inner_text("body")
    shot("ranking-board-confirmed")
