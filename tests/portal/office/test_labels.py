"""Every field of the office's pages has a label: a <label for=its id> (visible or .visually-hidden), or aria-label /
aria-labelledby naming an element that exists; a placeholder alone is no label. Checked on the application page at
the eligibility check (the checklist: a verdict and a note per line), at the supplement loop and after the award,
on every queue of the city's flow and on the office's home."""

import datetime
from html.parser import HTMLParser

import pytest

from awards.domain import supplements
from awards.workflow import Status

from ...builders.intake import SUBMIT_DAY, World
from ...builders.journeys import travel

DAY = datetime.date(2026, 9, 16)
SKIPPED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Fields(HTMLParser):
    """The fields of a page (input, select, textarea; not hidden or buttons), the labels' targets and every id."""

    def __init__(self):
        super().__init__()
        self.fields, self.label_for, self.ids, self.labelled_by = [], set(), set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and (attrs.get("type") or "text").lower() not in SKIPPED_TYPES:
            self.fields.append(attrs)

    handle_startendtag = handle_starttag


def unlabelled(html: str) -> list[dict]:
    """The fields of the page with no label[for=id], aria-label or aria-labelledby (to existing ids)."""
    parser = Fields()
    parser.feed(html)
    missing = []
    for field in parser.fields:
        if (field.get("aria-label") or "").strip():
            continue
        by = (field.get("aria-labelledby") or "").split()
        if by and all(i in parser.ids for i in by):
            continue
        if field.get("id") and field["id"] in parser.label_for:
            continue
        missing.append(field)
    return missing


def fields(html: str) -> list[dict]:
    parser = Fields()
    parser.feed(html)
    return parser.fields


def test_the_helper_finds_a_field_with_only_a_placeholder_or_a_wrapping_label():
    html = ('<label for="a">A</label><input id="a"><input placeholder="only"><label>wrapped <input name="w"></label>'
            '<textarea aria-label="说明"></textarea><select aria-labelledby="nowhere"></select>'
            '<input type="hidden" name="h"><input type="submit">')
    assert [f.get("placeholder") or f.get("name") or f.get("aria-labelledby") for f in unlabelled(html)] == [
        "only", "w", "nowhere"]


def get(client, url):
    with travel(DAY):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def ordos_checklist(cities):
    with travel(SUBMIT_DAY):
        ordos = World("ordos")
        return ordos, ordos.application(Status.ELIGIBILITY)


def test_every_field_of_the_eligibility_checklist_has_a_label(ordos_checklist, client):
    ordos, app = ordos_checklist
    client.force_login(ordos.cast.office)
    html = get(client, f"/office/applications/{app.pk}/")
    found = fields(html)
    notes = [f for f in found if (f.get("name") or "").startswith("note__")]
    verdicts = [f for f in found if (f.get("name") or "").startswith("verdict__")]
    assert len(notes) >= 12 and len(verdicts) == 3 * len(notes)  # a note and three verdicts per checklist line
    assert any(f.get("name") == "items" for f in found)  # the supplement items
    assert unlabelled(html) == []
    # the notes' labels are there for screen readers only; the verdicts' labels are visible
    assert html.count('class="visually-hidden"') >= len(notes)


def test_every_field_has_a_label_at_the_supplement_loop_and_after_the_award(cities, client):
    with travel(SUBMIT_DAY):
        wuhan = World("wuhan")
        asked = wuhan.application(Status.ELIGIBILITY)
        supplements.request(asked, wuhan.cast.office, ["审计报告"])
        apps = [asked] + [wuhan.application(s) for s in (Status.GOVERNMENT_APPROVAL, Status.AWARDED)]
    assert asked.status == Status.SUPPLEMENT_REQUESTED
    client.force_login(wuhan.cast.office)
    for app in apps:
        html = get(client, f"/office/applications/{app.pk}/")
        assert unlabelled(html) == [], app.status
    assert 'id="revisit-on"' in html  # the awarded one's revisit form was checked too


def test_every_field_of_every_queue_and_of_the_home_has_a_label(cities, client):
    with travel(SUBMIT_DAY):
        wuhan = World("wuhan")
    client.force_login(wuhan.cast.office)
    home = get(client, "/office/")
    assert unlabelled(home) == []
    rules = wuhan.cycle.rules
    statuses = [s.kind.value for s in rules.stages] + [Status.SUPPLEMENT_REQUESTED.value]
    for status in statuses:
        html = get(client, f"/office/wuhan/queue/{status}/")
        assert len(fields(html)) >= 4, status  # search, award, kind, recommender (and the check boxes)
        assert unlabelled(html) == [], status
    assert unlabelled(get(client, "/office/wuhan/approval/")) == []
