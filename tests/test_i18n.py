"""The portal's two languages: Simplified Chinese (the source language, the default) and English, which a reader
chooses with the switch in the header; and the English catalogue in locale/, which must be complete and compiled."""

import datetime
import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import dateformat, timezone, translation

from awards.domain import publicity
from awards.workflow import Status, applicant_label, staff_label
from core.errors import InvalidInput
from core.i18n import long_date

from . import factories

MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|%%|\{\w*\}|<[^>]+>")


@pytest.fixture(autouse=True)
def _chinese_again_afterwards():
    yield
    # LocaleMiddleware leaves the last request's language active in this thread; later tests expect the default.
    translation.deactivate()


def switch_language(client, language: str, next_url: str = "/"):
    """What the header's language link opens (a plain GET: no page needs a form or a CSRF token for it)."""
    response = client.get(f"/language/{language}/", {"next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url


def test_the_default_language_is_chinese(client, cities):
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "质量奖管理平台" in html and "各城市规则" in html and "正在申报的周期" in html
    assert "City rules" not in html
    # The switch offers both languages, each in its own name; the current one is marked.
    assert 'lang="zh-hans" hreflang="zh-hans" aria-current="true">简体中文</a>' in html
    assert '/language/en/?next=/" lang="en" hreflang="en">English</a>' in html


def test_the_home_page_in_english_after_switching(client, cities):
    cycle = factories.cycle_for("wuhan", published=timezone.localdate())
    switch_language(client, "en")
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    for words in ("Quality Award Portal", "City rules", "Publicity", "Award winners", "Cycles open for applications",
                  "Evaluation rules and workflow", "Sign up to apply", "Log in"):
        assert words in html, words
    for words in ("各城市规则", "正在申报的周期", "申报注册", "评定规则与流程"):
        assert words not in html, words
    closes = cycle.applications_close_on  # dates are written the English way too
    assert dateformat.format(closes, "N j, Y") in html and f"{closes.month}月{closes.day}日" not in html
    assert 'lang="en" hreflang="en" aria-current="true">English</a>' in html

    switch_language(client, "zh-hans")
    assert "正在申报的周期" in client.get("/").content.decode()


def test_a_browser_asking_for_english_gets_english(client, cities):
    assert "City rules" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").content.decode()
    assert "各城市规则" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()


def test_a_signed_in_applicants_page_in_english(client, cities):
    cycle = factories.cycle_for("chenzhou", published=timezone.localdate())
    application = factories.application_for(cycle)
    client.force_login(factories.member(application.organisation))

    chinese = client.get("/apply/").content.decode()
    assert "我的申报" in chinese and "草稿（尚未提交）" in chinese

    switch_language(client, "en", "/apply/")
    html = client.get("/apply/").content.decode()
    for words in ("My applications", "My notices", "Log out", "Reference", "Draft (not yet submitted)",
                  "Evaluations open for applications", "Fill in / edit", "View progress"):
        assert words in html, words
    for words in ("我的申报", "我的通知", "退出", "申报编号", "草稿（尚未提交）"):
        assert words not in html, words
    assert application.reference in html


def test_messages_written_in_python_follow_the_language(cities):
    """Chinese stays exactly as it was; English reads as English, lists and dates included."""
    entry = type("Entry", (), {})()
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as chinese:
        publicity.file_objection(entry, name="", contact="", text="数据存疑")
    assert chinese.value.message == "请填写：异议人、联系方式。"
    with translation.override("en"), pytest.raises(InvalidInput) as english:
        publicity.file_objection(entry, name="", contact="", text="数据存疑")
    assert english.value.message == "Please fill in: Objector, Contact details."

    day = datetime.date(2026, 3, 5)
    with translation.override("zh-hans"):
        assert long_date(day) == "2026年03月05日"
    with translation.override("en"):
        assert long_date(day) == "March 5, 2026"


def test_a_citys_own_stage_wording_is_shown_in_chinese_only(cities):
    """Rule files word some stages in the city's own Chinese; an English reader gets the portal's English name."""
    rules = cities["wuhan"].current_rules().rules
    with translation.override("zh-hans"):
        assert staff_label(Status.COMMITTEE_DECISION, rules) == "市强市委审议"
        assert applicant_label(Status.RECOMMENDATION, rules) == "推荐单位正在审核"
    with translation.override("en"):
        assert staff_label(Status.COMMITTEE_DECISION, rules) == "Committee deliberation"
        assert applicant_label(Status.RECOMMENDATION, rules) == "Under review by the recommender"


# ------------------------------------------------------------------------------------------ the catalogue
def catalogue() -> polib.POFile:
    return polib.pofile(str(MESSAGES / "django.po"))


def test_every_entry_of_the_english_catalogue_is_translated():
    po = catalogue()
    assert len(po) > 1000
    assert po.metadata["Language"] == "en" and not po.metadata_is_fuzzy
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    for entry in po:
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in forms:
            assert text.strip(), entry.msgid
            # The same placeholders (and markup) as the Chinese, so that formatting never fails or loses a value.
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid
            assert not re.search(r"[\u4e00-\u9fff]", text), entry.msgid  # no Chinese left in the English


def test_the_committed_mo_file_is_compiled_from_the_po_file():
    """django.mo is committed so that a checkout without the gettext tools has English; it must match django.po
    (after editing the .po: python manage.py compilemessages -l en --ignore=.venv)."""
    expected = {}
    for entry in catalogue().translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            expected.update({(key, int(n)): text for n, text in entry.msgstr_plural.items()})
        else:
            expected[key] = entry.msgstr
    with open(MESSAGES / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    catalog = {key: text for key, text in compiled._catalog.items() if key != ""}
    assert catalog == expected
    assert compiled.ngettext("x", "y", 2) == "y"  # the plural rule is read from the header
