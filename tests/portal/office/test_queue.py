"""The office's queue page (portal.office.views.queue): each rule set parsed at most once per request, and the
same number of queries for 1 row as for many."""

import datetime

import pytest

from cities import models as city_models
from cities.schema import CityRules

from ...journeys import travel
from ...office.conftest import SUBMIT_DAY, World

URL = "/office/ordos/queue/eligibility/"
TODAY = datetime.date(2026, 9, 16)  # 16-18, Sunday 20 (调休), 21-24: 8 working days left
# session, user, the user's role groups, the city's rule set, its recommender units (filter), stage counts, page
# count, the rows (with their rule sets), the calendar; header links: roles, organisation, individual, unit, expert
QUERIES = 14


@pytest.fixture
def ordos(cities):
    with travel(SUBMIT_DAY):
        return World("ordos")


@pytest.fixture
def parses(monkeypatch):
    """The rule files parsed from now on (each call of CityRules.model_validate, by city code)."""
    calls = []
    validate = CityRules.model_validate

    def counted(content, *args, **kwargs):
        calls.append(content.get("code"))
        return validate(content, *args, **kwargs)

    monkeypatch.setattr(CityRules, "model_validate", counted)
    return calls


def fill(ordos, n):
    with travel(SUBMIT_DAY):
        return [ordos.application() for _ in range(n)]


def get_queue(client):
    with travel(TODAY):
        response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def assert_lists(html, apps):
    assert all(a.reference in html for a in apps)
    assert html.count("剩余8个工作日") == len(apps) and "第十六条" in html


@pytest.mark.parametrize("n", [1, 50])
def test_the_city_rules_are_parsed_once_per_request(client, ordos, parses, n):
    apps = fill(ordos, n)
    client.force_login(ordos.cast.office)
    city_models.forget_parsed_rules()
    parses.clear()
    html = get_queue(client)
    assert parses == ["ordos"]  # the city's current rules and every row's pinned rules: one version, one parse
    assert_lists(html, apps)
    parses.clear()
    assert_lists(get_queue(client), apps)
    assert parses == []  # a rule set version, once parsed, is shared by later requests


def test_a_new_rule_set_version_is_parsed_again(ordos, parses):
    rule_set = ordos.cycle.rule_set
    newer = city_models.RuleSet.objects.create(
        city=rule_set.city, version=rule_set.version + 1, digest="changed", content={**rule_set.content,
                                                                                     "name": "鄂尔多斯（新）"},
        source_file=rule_set.source_file,
    )
    parses.clear()
    assert city_models.RuleSet.objects.get(pk=newer.pk).rules.name == "鄂尔多斯（新）"
    assert city_models.RuleSet.objects.get(pk=rule_set.pk).rules.name == rule_set.rules.name
    assert parses == ["ordos"]


def test_changed_content_of_a_stored_version_is_parsed_again(ordos, parses):
    """Content comes with its digest (cities.sync); another digest is another parse."""
    rule_set = ordos.cycle.rule_set
    assert city_models.RuleSet.objects.get(pk=rule_set.pk).rules.name == "鄂尔多斯市"
    city_models.RuleSet.objects.filter(pk=rule_set.pk).update(content={**rule_set.content, "name": "改过的名称"},
                                                              digest="edited")
    parses.clear()
    assert city_models.RuleSet.objects.get(pk=rule_set.pk).rules.name == "改过的名称"
    assert parses == ["ordos"]


def test_the_queue_takes_the_same_queries_for_1_and_n_rows(client, ordos, django_assert_num_queries):
    first = fill(ordos, 1)
    client.force_login(ordos.cast.office)
    get_queue(client)  # warm the session
    with django_assert_num_queries(QUERIES):
        html = get_queue(client)
    assert_lists(html, first)
    assert '<span class="count">1</span>' in html
    more = first + fill(ordos, 49)
    with django_assert_num_queries(QUERIES):
        html = get_queue(client)
    assert_lists(html, more)
    assert '<span class="count">50</span>' in html
