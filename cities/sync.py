"""Load the rule files into versioned RuleSets. A changed file becomes a new version; cycles keep theirs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .loader import canonical_json, digest, load_rules_file, rule_files
from .models import City, RuleSet


@dataclass
class SyncResult:
    city: City
    rule_set: RuleSet
    created: bool


def sync_rule_files(directory=None) -> list[SyncResult]:
    """Validate every file first (all or nothing), then store the new versions."""
    loaded = [(path, load_rules_file(path)) for path in rule_files(directory)]
    results = []
    with transaction.atomic():
        for path, rules in loaded:
            city, _ = City.objects.update_or_create(
                code=rules.code, defaults={"name": rules.name, "province": rules.province}
            )
            latest = city.rule_sets.select_for_update().order_by("-version").first()
            fingerprint = digest(rules)
            if latest and latest.digest == fingerprint:
                results.append(SyncResult(city, latest, False))
                continue
            rule_set = RuleSet.objects.create(
                city=city, version=(latest.version + 1 if latest else 1), digest=fingerprint,
                content=canonical_json(rules), source_file=path.name,
            )
            results.append(SyncResult(city, rule_set, True))
    return results
