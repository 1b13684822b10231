"""The office opens a cycle (publishes the call) on /office/<city>/cycles/ (portal.office.cycles): under a draft or
expired text (Jinan 第三十一条, Ordos 审议稿, Wuhan 征求意见稿 第三十七条) only with an explicit confirmation and a
reason, which the page and the audit record keep; the public pages then say which text governs the cycle."""

import datetime

import pytest

from awards.models import Cycle, MeasureConfirmation
from cities.schema import Role

from ... import factories
from ...builders import queries

FORM = {"year": "2026", "term": "1", "call_published_on": "2026-03-02"}


def _office(code):
    return factories.city_user(code, Role.OFFICE)


def test_jinan_office_is_refused_in_chinese_citing_article_31_until_it_confirms_with_a_reason(cities, client):
    office = _office("jinan")
    client.force_login(office)
    page = client.get("/office/jinan/cycles/").content.decode()
    assert "济南市市长质量奖管理办法" in page and "第三十一条" in page and "2021年12月6日" in page
    refused = client.post("/office/jinan/cycles/", FORM)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "第三十一条规定有效期至2021年12月06日" in text and "须由评审办公室明确确认并填写理由" in text
    assert "填写了确认理由的，请同时勾选确认" in client.post(
        "/office/jinan/cycles/", {**FORM, "reason": "沿用"}).content.decode()
    assert not Cycle.objects.exists()
    done = client.post("/office/jinan/cycles/", {**FORM, "confirm": "on", "reason": "新办法出台前，经领导小组同意沿用"},
                       follow=True).content.decode()
    assert "已开启济南市第1届" in done and "经领导小组同意沿用" in done
    kept = MeasureConfirmation.objects.get()
    assert kept.actor == office and kept.article == "第三十一条" and kept.standing == "expired"


@pytest.mark.parametrize("code", ["ordos", "wuhan"])
def test_a_draft_text_needs_the_confirmation_too(cities, client, code):
    client.force_login(_office(code))
    assert "为草案" in client.get(f"/office/{code}/cycles/").content.decode()
    assert "为草案" in client.post(f"/office/{code}/cycles/", {**FORM, "confirm": "on"}).content.decode()
    assert not Cycle.objects.exists()
    client.post(f"/office/{code}/cycles/", {**FORM, "confirm": "on", "reason": "按草案试行"})
    assert Cycle.objects.get().measure_confirmations.get().standing == "draft"


def test_chenzhou_text_in_force_opens_without_confirmation(cities, client):
    client.force_login(_office("chenzhou"))
    page = client.post("/office/chenzhou/cycles/", FORM, follow=True).content.decode()
    assert "已开启郴州市2026年度" in page
    assert Cycle.objects.get().call_published_on == datetime.date(2026, 3, 2)
    assert not MeasureConfirmation.objects.exists()


@pytest.mark.parametrize("change", [
    {"year": "二〇二六"}, {"year": "1"}, {"call_published_on": "2026-02-30"}, {"term": "x" * 100_000},
    {"reason": "长" * 3000, "confirm": "on"}, {"year": "²"},
])
def test_bad_input_is_answered_in_chinese_and_opens_nothing(cities, client, change):
    client.force_login(_office("jinan"))
    answer = client.post("/office/jinan/cycles/", {**FORM, **change})
    assert answer.status_code == 400 and not Cycle.objects.exists()
    text = answer.content.decode()
    assert any(words in text for words in ("请按", "请填写", "不能超过", "须为整数", "须在2000至2100"))


def test_other_cities_office_and_applicants_are_refused(cities, client):
    client.force_login(_office("chenzhou"))
    assert client.post("/office/jinan/cycles/", {**FORM, "confirm": "on", "reason": "x"}).status_code == 403
    client.force_login(factories.UserFactory())
    assert client.get("/office/jinan/cycles/").status_code == 403
    assert not Cycle.objects.exists()


def test_cycle_list_runs_a_fixed_number_of_queries(cities, client, django_assert_max_num_queries):
    office = _office("jinan")
    client.force_login(office)
    client.post("/office/jinan/cycles/", {**FORM, "confirm": "on", "reason": "沿用"})
    one = queries.count(client, "/office/jinan/cycles/")
    for year in (2022, 2023, 2024, 2025):
        client.post("/office/jinan/cycles/", {**FORM, "year": str(year), "confirm": "on", "reason": "沿用"})
    assert Cycle.objects.count() == 5
    with django_assert_max_num_queries(one):
        page = client.get("/office/jinan/cycles/").content.decode()
    assert page.count("沿用") == 5


# -- the public pages say which text governs the cycle ------------------------------------------------------------

def test_public_pages_name_the_governing_text_and_that_jinan_s_has_expired(cities, client):
    cycle = factories.cycle_for("jinan", published=datetime.date.today())
    home = client.get("/").content.decode()
    assert "适用文本：《济南市市长质量奖管理办法》" in home and "已过有效期" in home and "第三十一条" in home
    rules = client.get("/cities/jinan/rules/").content.decode()
    assert "2018年12月7日" in rules and "至2021年12月6日" in rules and "已过有效期" in rules
    assert f"{cycle.name}：" in rules


def test_public_pages_say_ordos_text_is_a_draft(cities, client):
    factories.cycle_for("ordos", published=datetime.date.today())
    assert "草案，尚未正式施行" in client.get("/").content.decode()
    rules = client.get("/cities/ordos/rules/").content.decode()
    assert "草案，尚未正式施行" in rules and "（审议稿）" in rules


def test_chenzhou_in_force_shows_no_warning(cities, client):
    factories.cycle_for("chenzhou", published=datetime.date.today())
    home = client.get("/").content.decode()
    assert "适用文本：《郴州市市长质量奖管理办法》（郴政办发〔2017〕19号）" in home
    assert "measure-warning" not in home
