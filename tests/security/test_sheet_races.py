"""Score-sheet races (reviews.domain.scoring.save_fields, the sheet page and its autosave): a stale autosave
landing after 提交 is refused and the sheet stays submitted with its opinion; two tabs of one sheet keep each
other's saves, and the save that lost a race is told so and given the stored text. The threaded variants are a
true race on PostgreSQL (separate connections; SQLite serialises writers and is skipped)."""

import html
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reviews.domain import schemes, scoring
from reviews.domain.scoring import Change, Entry
from reviews.models import ItemScore, ScoreSheet

from ..builders.review import ordos_sheet as build_ordos_sheet

BASE = re.compile(r'name="base-(?P<name>[^"]+)" value="(?P<value>[^"]*)"')


def bases(response) -> dict[str, str]:
    """The values the page loaded, as its hidden base fields carry them (what a tab sends back)."""
    return {m["name"]: html.unescape(m["value"]) for m in BASE.finditer(response.content.decode())}


def tab(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fill_all(sheet, user, opinion="总体良好，建议加强过程测量"):
    scheme = schemes.load(sheet.scheme)
    scoring.save(sheet, user, {i.code: Entry(50, f"{i.name}有系统方法") for i in scheme.items}, opinion=opinion)


@pytest.fixture
def scene(cities):
    _review, _app, mine, sheet = build_ordos_sheet()
    return mine, sheet, f"/reviews/tasks/{mine.pk}/autosave/", f"/reviews/tasks/{mine.pk}/sheet/"


def test_a_stale_autosave_after_submit_is_refused_and_the_sheet_stays_submitted(scene):
    mine, sheet, autosave, page_url = scene
    user = mine.expert.user
    stale = tab(user)
    loaded = bases(stale.get(page_url))  # the page loaded before anything was typed
    assert loaded["opinion"] == "" and loaded["str-4.1.1"] == ""
    fill_all(sheet, user)
    submitted = tab(user).post(page_url, {"action": "submit"})
    assert submitted.status_code == 302
    sheet.refresh_from_db()
    at = sheet.submitted_at
    assert at is not None

    # The stale tab's autosave lands now, carrying its old (blank) opinion and the base it loaded.
    answer = stale.post(autosave, {"code": "opinion", "opinion": "", "base-opinion": loaded["opinion"]})
    assert answer.status_code == 409
    body = answer.json()
    assert not body["ok"] and body["submitted"] and "评分表已提交，不能再修改" in body["error"]
    assert body["stored"] == {"opinion": "总体良好，建议加强过程测量"}
    item = stale.post(autosave, {"code": "4.1.1", "pct-4.1.1": "", "str-4.1.1": "",
                                 "base-pct-4.1.1": "", "base-str-4.1.1": ""})
    assert item.status_code == 409
    assert item.json()["stored"] == {"pct-4.1.1": "50", "str-4.1.1": "高层领导的作用有系统方法"}
    # Even without a base (an old page), a submitted sheet is never written.
    assert stale.post(autosave, {"code": "opinion", "opinion": "改写"}).status_code == 409
    # The whole form from the stale tab (保存) changes nothing either, and says why.
    whole = stale.post(page_url, {"action": "save", "opinion": "", "base-opinion": "", "pct-4.1.1": ""}, follow=True)
    assert "评分表已提交，不能再修改" in whole.content.decode()

    sheet.refresh_from_db()
    assert sheet.submitted_at == at and sheet.opinion == "总体良好，建议加强过程测量"
    row = ItemScore.objects.get(sheet=sheet, item_code="4.1.1")
    assert row.percent == 50 and row.strengths == "高层领导的作用有系统方法"
    shown = stale.get(page_url).content.decode()  # the page shows the stored, submitted text, read-only
    assert "总体良好，建议加强过程测量" in shown and 'name="opinion"' not in shown and "提交" in shown


def test_two_tabs_keep_each_others_items_and_the_stale_one_is_told_it_lost(scene):
    mine, sheet, autosave, page_url = scene
    user = mine.expert.user
    a, b = tab(user), tab(user)
    base_a, base_b = bases(a.get(page_url)), bases(b.get(page_url))

    first = a.post(autosave, {"code": "4.1.1", "str-4.1.1": "A：高层领导亲自推进",
                              "base-str-4.1.1": base_a["str-4.1.1"]})
    second = b.post(autosave, {"code": "4.1.2", "str-4.1.2": "B：治理结构清晰",
                               "base-str-4.1.2": base_b["str-4.1.2"]})
    assert first.status_code == 200 and second.status_code == 200
    assert first.json()["values"] == {"str-4.1.1": "A：高层领导亲自推进"}
    # B scores item 1 (a field A did not touch): kept, A's text too.
    pct = b.post(autosave, {"code": "4.1.1", "pct-4.1.1": "55", "base-pct-4.1.1": base_b["pct-4.1.1"]})
    assert pct.status_code == 200 and pct.json()["points"] == "27.50"
    rows = {r.item_code: r for r in ItemScore.objects.filter(sheet=sheet)}
    assert rows["4.1.1"].strengths == "A：高层领导亲自推进" and rows["4.1.1"].percent == 55
    assert rows["4.1.2"].strengths == "B：治理结构清晰"

    # B now writes item 1's strengths from its stale page: told it lost, given the stored text; nothing changed.
    lost = b.post(autosave, {"code": "4.1.1", "str-4.1.1": "B：覆盖A的文字", "base-str-4.1.1": base_b["str-4.1.1"]})
    assert lost.status_code == 409
    body = lost.json()
    assert not body["ok"] and not body["submitted"] and "已在其他窗口或设备上修改" in body["error"]
    assert "4.1.1 高层领导的作用 优势" in body["error"]
    assert body["stored"] == {"str-4.1.1": "A：高层领导亲自推进"}
    assert ItemScore.objects.get(sheet=sheet, item_code="4.1.1").strengths == "A：高层领导亲自推进"
    # With the stored text as its base (what the page shows now), B's next save goes through.
    again = b.post(autosave, {"code": "4.1.1", "str-4.1.1": "B：在A的基础上补充",
                              "base-str-4.1.1": body["stored"]["str-4.1.1"]})
    assert again.status_code == 200

    # The opinion: the same rule.
    assert a.post(autosave, {"code": "opinion", "opinion": "A的总体意见", "base-opinion": ""}).status_code == 200
    stale_opinion = b.post(autosave, {"code": "opinion", "opinion": "", "base-opinion": base_b["opinion"]})
    assert stale_opinion.status_code == 409 and stale_opinion.json()["stored"] == {"opinion": "A的总体意见"}
    # Saving the same text as stored is no conflict (both tabs typed the same).
    same = b.post(autosave, {"code": "opinion", "opinion": "A的总体意见\r\n", "base-opinion": ""})
    assert same.status_code == 200
    sheet.refresh_from_db()
    assert sheet.opinion == "A的总体意见" and sheet.submitted_at is None


def test_the_whole_form_from_a_stale_tab_changes_nothing_and_shows_both_texts(scene):
    mine, sheet, _autosave, page_url = scene
    user = mine.expert.user
    a, b = tab(user), tab(user)
    loaded = bases(b.get(page_url))
    scoring.save_fields(sheet, user, {"opp-4.2.1": Change("A：部署到基层不足", "")})
    form = {f"base-{k}": v for k, v in loaded.items()}
    form.update({"action": "save", "opp-4.2.1": "B：旧页面的文字", "pct-4.3.1": "60"})
    answer = b.post(page_url, form)
    assert answer.status_code == 409
    text = answer.content.decode()
    assert "已在其他窗口或设备上修改" in text and "A：部署到基层不足" in text and "B：旧页面的文字" in text
    assert not ItemScore.objects.filter(sheet=sheet, item_code="4.3.1").exists()  # nothing of the save written
    assert ItemScore.objects.get(sheet=sheet, item_code="4.2.1").opportunities == "A：部署到基层不足"
    assert a.get(page_url).status_code == 200


def test_the_page_says_when_it_last_saved(scene):
    mine, sheet, autosave, page_url = scene
    client = tab(mine.expert.user)
    assert "保存于" not in client.get(page_url).content.decode()  # nothing saved yet
    answer = client.post(autosave, {"code": "4.1.1", "pct-4.1.1": "50", "base-pct-4.1.1": ""})
    saved_at = answer.json()["saved_at"]
    assert re.fullmatch(r"\d\d:\d\d:\d\d", saved_at)
    assert f"保存于 {saved_at}" in client.get(page_url).content.decode()
    assert '<script src="/static/js/sheet.js"' in client.get(page_url).content.decode()


def data_statements(ctx) -> list[str]:
    """The queries, without transaction control (BEGIN, SAVEPOINT, RELEASE, COMMIT: the test's own savepoints)."""
    control = ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].upper().startswith(control)]


def test_an_autosave_runs_at_most_4_queries_to_save(scene):
    """P5: the save itself (lock and check the sheet, read the items, write the field) is at most 4 queries,
    whatever the number of items already stored; the whole request stays a fixed number."""
    mine, sheet, autosave, _page_url = scene
    user = mine.expert.user
    for name, value, base in [("pct-4.1.1", "50", ""), ("str-4.1.1", "优势", ""), ("pct-4.1.1", "55", "50"),
                              ("opinion", "总体意见", "")]:
        with CaptureQueriesContext(connection) as ctx:
            scoring.save_fields(sheet, user, {name: Change(value, base)})
        statements = data_statements(ctx)
        assert len(statements) <= 4, statements
    client = tab(user)
    counts = []
    for code, pct in [("4.2.1", "40"), ("4.2.2", "45"), ("4.2.1", "50")]:
        base = ItemScore.objects.filter(sheet=sheet, item_code=code).values_list("percent", flat=True).first()
        with CaptureQueriesContext(connection) as ctx:
            answer = client.post(autosave, {"code": code, f"pct-{code}": pct,
                                            f"base-pct-{code}": "" if base is None else str(base)})
        assert answer.status_code == 200
        counts.append(len(data_statements(ctx)))
    assert counts[0] == counts[1] == counts[2], counts


def race(*actions):
    """Run the actions at the same moment, each in its own thread (its own database connection)."""
    barrier = threading.Barrier(len(actions), timeout=20)
    results = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait()
            results[i] = action()
        except Exception as exc:  # noqa: BLE001 — the outcome is what the test looks at
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_stale_autosave_racing_the_submit_never_reopens_the_sheet(cities):
    _review, _app, mine, sheet = build_ordos_sheet()
    user = mine.expert.user
    fill_all(sheet, user)
    submitter, stale = tab(user), tab(user)
    url = f"/reviews/tasks/{mine.pk}/"
    for _round in range(3):
        ScoreSheet.objects.filter(pk=sheet.pk).update(submitted_at=None)
        results = race(
            lambda: submitter.post(url + "sheet/", {"action": "submit"}).status_code,
            lambda: stale.post(url + "autosave/", {"code": "opinion", "opinion": "", "base-opinion": ""}).status_code,
        )
        assert results == [302, 409], results
        sheet.refresh_from_db()
        assert sheet.submitted_at is not None and sheet.opinion == "总体良好，建议加强过程测量"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tabs_racing_on_one_field_one_wins_the_other_gets_the_stored_text(cities):
    _review, _app, mine, sheet = build_ordos_sheet()
    user = mine.expert.user
    a, b = tab(user), tab(user)
    url = f"/reviews/tasks/{mine.pk}/autosave/"
    for code in ["4.1.1", "4.1.2", "4.1.3"]:  # the item row does not exist yet: both would insert it
        results = race(
            lambda code=code: a.post(url, {"code": code, f"str-{code}": "A的文字", f"base-str-{code}": ""}),
            lambda code=code: b.post(url, {"code": code, f"str-{code}": "B的文字", f"base-str-{code}": ""}),
            lambda code=code: b.post(url, {"code": code, f"pct-{code}": "50", f"base-pct-{code}": ""}),
        )
        statuses = sorted(r.status_code for r in results[:2])
        assert statuses == [200, 409], [getattr(r, "status_code", r) for r in results]
        assert results[2].status_code == 200  # another field of the same item: never a conflict
        winner, loser = (results[0], results[1]) if results[0].status_code == 200 else (results[1], results[0])
        stored = ItemScore.objects.get(sheet=sheet, item_code=code)
        assert stored.strengths == winner.json()["values"][f"str-{code}"]
        assert loser.json()["stored"] == {f"str-{code}": stored.strengths}
        assert stored.percent == 50
    assert ItemScore.objects.filter(sheet=sheet).count() == 3

