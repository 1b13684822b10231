"""The public pages' cache (portal/shared/page_cache.py): anonymous GETs carry no CSRF token and set no cookie, the
second is served from the cache with no query, and each kind of change shows at once; signed-in readers are never
served from it; ETag answers 304; each language is cached apart."""

import datetime
import shutil

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from awards.domain import objections, publicity
from honours.domain import certificates

from ...builders.certified import Winners
from ...builders.journeys import travel
from ...builders.publicity import at_publicity, make_publicity

DAY = datetime.date(2026, 9, 16)  # Jinan's 公示 (published 9-14) is open


@pytest.fixture
def world(cities):
    """A Jinan publicity with two entries, open on DAY, and a Chenzhou winner with its certificate."""
    notice, cast = make_publicity(2)
    with travel(datetime.date(2026, 9, 14)):
        chenzhou = Winners("chenzhou")
        application, certificate = chenzhou.award()
    return {"notice": notice, "cast": cast, "chenzhou": chenzhou, "winner": application, "certificate": certificate}


def public_paths(world) -> dict[str, str]:
    return {
        "home": reverse("public:home"),
        "publicity list": reverse("public:publicity_list"),
        "publicity detail": reverse("public:publicity_detail", args=[world["notice"].pk]),
        "winners": reverse("public:winners"),
        "rules page": reverse("public:city_rules", args=["jinan"]),
        "certificate verification": reverse("public:verify_code", args=[world["certificate"].code]),
        "city list": reverse("public:city_list"),
        "announcements": reverse("public:announcements"),
    }


def get(client, path, day=DAY, **headers):
    with travel(day):
        return client.get(path, **headers)


@pytest.mark.parametrize("page", ["home", "publicity list", "publicity detail", "winners", "rules page",
                                  "certificate verification", "city list", "announcements"])
def test_an_anonymous_page_sets_no_cookie_holds_no_token_and_is_served_again_without_a_query(
        world, page, django_assert_num_queries):
    client = Client()
    path = public_paths(world)[page]
    first = get(client, path)
    assert first.status_code == 200
    assert not first.cookies, first.cookies
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert "cookie" not in first.headers.get("Vary", "").lower()
    control = first.headers["Cache-Control"]
    assert control.startswith("public,") and "s-maxage=" in control and "max-age=" in control
    assert first.headers["X-Page-Cache"] == "miss" and first.headers["ETag"] and first.headers["Last-Modified"]
    with django_assert_num_queries(0):
        second = get(client, path)
    assert second.status_code == 200 and second.headers["X-Page-Cache"] == "hit"
    assert second.content == first.content and not second.cookies
    assert second.headers["ETag"] == first.headers["ETag"]


def test_an_etag_or_a_date_the_reader_has_is_answered_304(world):
    client = Client()
    path = public_paths(world)["publicity list"]
    first = get(client, path)
    assert get(client, path, HTTP_IF_NONE_MATCH=first.headers["ETag"]).status_code == 304
    assert get(client, path, HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"]).status_code == 304
    assert get(client, path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_signed_in_readers_are_never_served_from_the_cache_nor_stored_into_it(world, django_assert_max_num_queries):
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(world["cast"].office)
    path = public_paths(world)["publicity list"]
    for _ in range(2):
        page = get(signed_in, path)
        assert page.status_code == 200 and "X-Page-Cache" not in page.headers
        assert "no-store" in page.headers["Cache-Control"]
    assert get(anonymous, path).headers["X-Page-Cache"] == "miss"  # what the office saw was not stored
    assert "退出" not in get(anonymous, path).content.decode()
    assert "退出" in get(signed_in, path).content.decode()  # nor is the anonymous page served to the office


def test_a_query_string_is_a_page_of_its_own(world):
    client = Client()
    everyone = get(client, reverse("public:publicity_list")).content.decode()
    chenzhou = get(client, reverse("public:publicity_list") + "?city=chenzhou")
    assert chenzhou.headers["X-Page-Cache"] == "miss"
    assert world["notice"].title in everyone and world["notice"].title not in chenzhou.content.decode()


def test_a_new_publicity_and_an_objection_show_at_once(world):
    client = Client()
    notice = world["notice"]
    listing, detail = reverse("public:publicity_list"), reverse("public:publicity_detail", args=[notice.pk])
    get(client, listing), get(client, detail)
    cycle, cast, apps = at_publicity("wuhan", 1)
    with travel(datetime.date(2026, 9, 14)):
        opened = publicity.publish(cycle=cycle, stage=notice.stage, applications=apps, actor=cast.office)
    assert opened.title in get(client, listing).content.decode()
    with travel(DAY):
        publicity.file_objection(notice.entries.order_by("pk").first(), name="王某", contact="13800000000",
                                 text="数据存疑")
    assert "调查核实中（1件）" in get(client, detail).content.decode()


def test_an_objection_outcome_shows_at_once(cities):
    client = Client()
    notice, cast = make_publicity(1)
    detail = reverse("public:publicity_detail", args=[notice.pk])
    with travel(DAY):
        objection = publicity.file_objection(notice.entries.get(), name="王某", contact="13800000000", text="存疑")
    assert "调查核实中（1件）" in get(client, detail).content.decode()
    assert get(client, detail).headers["X-Page-Cache"] == "hit"
    with travel(DAY):
        publicity.resolve_objection(objection, sustained=False, resolution="不属实", actor=cast.office)
        objections.record_step(objection, actor=cast.committee, sustain=False, text="不属实")
    page = get(client, detail)
    assert page.headers["X-Page-Cache"] == "miss" and "异议已处理：不成立（1件）" in page.content.decode()


def test_a_publicity_shows_as_ended_the_day_after_its_last_day(world):
    client = Client()
    notice = world["notice"]
    detail = reverse("public:publicity_detail", args=[notice.pk])
    assert "公示中" in get(client, detail, day=notice.ends_on).content.decode()
    after = get(client, detail, day=notice.ends_on + datetime.timedelta(days=1))
    assert after.headers["X-Page-Cache"] == "miss" and "已结束" in after.content.decode()


def test_the_lifetime_ends_at_the_next_midnight_in_shanghai():
    from django.utils import timezone

    from portal.shared import page_cache

    late = timezone.make_aware(datetime.datetime(2026, 9, 16, 23, 59, 30))
    assert page_cache.seconds_to_midnight(late) == 30
    page_control = {}
    response = type("R", (), {"headers": page_control})()
    page_cache._cache_control(response, page_cache.seconds_to_midnight(late))
    assert page_control["Cache-Control"] == "public, max-age=0, s-maxage=30"


def test_a_new_winner_shows_at_once(world):
    client = Client()
    winners = reverse("public:winners")
    get(client, winners)
    with travel(datetime.date(2026, 9, 14)):
        second, _certificate = world["chenzhou"].award()
    assert second.organisation.name in get(client, winners).content.decode()


def test_a_revoked_certificate_shows_at_once(world):
    client = Client()
    path = reverse("public:verify_code", args=[world["certificate"].code])
    assert "核验结果：有效" in get(client, path).content.decode()
    with travel(DAY):
        certificates.mark_revoked(world["winner"], on=DAY, article="第二十五条")
    page = get(client, path).content.decode()
    assert "核验结果：有效" not in page and "第二十五条" in page


def test_a_new_rule_file_version_shows_at_once(cities, tmp_path, settings):
    client = Client()
    rules = reverse("public:city_rules", args=["jinan"])
    assert get(client, rules).status_code == 200
    for path in settings.CITY_RULES_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    data = yaml.safe_load((tmp_path / "jinan.yaml").read_text(encoding="utf-8"))
    data["bodies"]["office"]["value"] = "济南市评审办公室（新）"
    (tmp_path / "jinan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    call_command("load_cities", dir=str(tmp_path), verbosity=0)
    page = get(client, rules)
    assert page.headers["X-Page-Cache"] == "miss" and "济南市评审办公室（新）" in page.content.decode()


def test_the_language_link_switches_and_each_language_is_cached_apart(world):
    chinese, english = Client(), Client()
    home = reverse("public:home")
    assert "各城市规则" in get(chinese, home).content.decode()
    link = f'{reverse("public:language", args=["en"])}?next=/'
    assert f'href="{link}"' in get(chinese, home).content.decode()
    switched = get(english, link)
    assert switched.status_code == 302 and switched["Location"] == "/"
    assert switched.cookies["django_language"].value == "en"
    page = get(english, home)
    assert page.headers["X-Page-Cache"] == "miss" and "City rules" in page.content.decode()
    assert get(english, home).headers["X-Page-Cache"] == "hit"
    assert "各城市规则" in get(chinese, home).content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_the_language_link_goes_back_only_to_this_site(target, db):
    switched = Client().get(reverse("public:language", args=["en"]), {"next": target})
    assert switched.status_code == 302 and switched["Location"] == "/"


def test_an_unknown_language_is_not_found(db):
    assert Client().get(reverse("public:language", args=["xx"])).status_code == 404
    assert Client().post(reverse("public:language", args=["en"])).status_code == 405


def test_the_objection_form_is_its_own_page_with_a_token_and_is_not_cached(world):
    client = Client()
    notice = world["notice"]
    detail = get(client, reverse("public:publicity_detail", args=[notice.pk])).content.decode()
    form_url = reverse("public:objection_form", args=[notice.pk])
    assert f'href="{form_url}"' in detail and "<form method=\"post\"" not in detail
    form = get(client, form_url)
    assert "csrfmiddlewaretoken" in form.content.decode() and "csrftoken" in form.cookies
    assert "X-Page-Cache" not in get(client, form_url).headers


def test_a_message_waiting_for_the_reader_is_shown_not_a_stored_page(world):
    client = Client()
    notice = world["notice"]
    detail = reverse("public:publicity_detail", args=[notice.pk])
    get(client, detail)
    with travel(DAY):
        filed = client.post(reverse("public:objection_form", args=[notice.pk]),
                            {"entry": notice.entries.order_by("pk").first().pk, "name": "王某",
                             "contact": "13800000000", "text": "数据存疑"}, follow=True)
    assert "您的异议已提交" in filed.content.decode()
    assert "X-Page-Cache" not in filed.headers
