"""cities.sync (manage.py load_cities): a changed rule file is a new version; a running cycle keeps its own."""

import datetime

from .. import factories


def test_pinned_rules_do_not_change_a_running_cycle(cities, tmp_path, settings):
    import shutil

    import yaml
    from django.core.management import call_command

    cycle = factories.cycle_for("jinan", published=datetime.date(2026, 9, 1))
    assert cycle.rules.periods["publicity"].length == 5
    for path in settings.CITY_RULES_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    data = yaml.safe_load((tmp_path / "jinan.yaml").read_text(encoding="utf-8"))
    data["periods"]["publicity"]["length"] = 9
    (tmp_path / "jinan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    call_command("load_cities", dir=str(tmp_path), verbosity=0)

    city = factories.city("jinan")
    assert city.current_rules().version == cycle.rule_set.version + 1
    assert city.current_rules().rules.periods["publicity"].length == 9
    cycle.refresh_from_db()
    assert cycle.rules.periods["publicity"].length == 5
    newer = factories.cycle_for("jinan", year=2028, published=datetime.date(2026, 10, 1))
    assert newer.rules.periods["publicity"].length == 9
    # loading unchanged files again makes no new version
    call_command("load_cities", dir=str(tmp_path), verbosity=0)
    assert city.rule_sets.count() == 2
