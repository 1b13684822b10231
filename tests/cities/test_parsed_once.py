"""A stored rule-set version is validated once per process (cities.models.parsed_rules), however many rows or
requests read it; a changed rule file, loaded again (load_cities), is a new version and is validated once more.
Counted with the real counter cities.models.parse_count."""

import shutil

import yaml
from django.conf import settings
from django.core.management import call_command

from cities.models import City, RuleSet, parse_count


def fresh(code: str) -> RuleSet:
    """The city's current rule set as a new instance (no cached_property carried over)."""
    return City.objects.get(code=code).current_rules()


def test_each_version_is_validated_once(cities):
    start = parse_count()
    names = {fresh("ordos").rules.name for _ in range(5)}
    assert names == {"鄂尔多斯市"}
    assert parse_count() - start == 1
    assert fresh("wuhan").rules.code == fresh("wuhan").rules.code == "wuhan"
    assert parse_count() - start == 2


def test_a_changed_rule_file_is_a_new_version_validated_once(db, tmp_path):
    shutil.copy(settings.CITY_RULES_DIR / "ordos.yaml", tmp_path / "ordos.yaml")
    call_command("load_cities", "--dir", str(tmp_path), verbosity=0)
    first = fresh("ordos")
    assert first.rules.name == "鄂尔多斯市"
    data = yaml.safe_load((tmp_path / "ordos.yaml").read_text("utf-8"))
    (tmp_path / "ordos.yaml").write_text(yaml.safe_dump({**data, "name": "鄂尔多斯市（新）"}, allow_unicode=True),
                                        "utf-8")
    call_command("load_cities", "--dir", str(tmp_path), verbosity=0)
    start = parse_count()
    newer = fresh("ordos")
    assert newer.version == first.version + 1
    assert [newer.rules.name, fresh("ordos").rules.name] == ["鄂尔多斯市（新）"] * 2
    assert RuleSet.objects.get(pk=first.pk).rules.name == "鄂尔多斯市"  # the old version is still shared
    assert parse_count() - start == 1


def test_a_province_of_rule_sets_stays_parsed(cities):
    """More versions than the earlier bound (64) stay shared: a page listing 100 cities parses none again."""
    ordos = fresh("ordos")
    RuleSet.objects.bulk_create(
        RuleSet(city=ordos.city, version=ordos.version + n, digest=f"bench-{n}", content=ordos.content,
                source_file=ordos.source_file)
        for n in range(1, 101)
    )
    stored = list(RuleSet.objects.defer("content"))
    start = parse_count()
    assert {rule_set.rules.code for rule_set in stored} >= {"ordos"}
    assert parse_count() - start == len(stored) > 100
    again = list(RuleSet.objects.defer("content"))
    assert {rule_set.rules.code for rule_set in again} >= {"ordos"}
    assert parse_count() - start == len(stored)
