"""No rule that is only displayed where the measure asks for it to be enforced (issue 11).

Every field of cities/schema.py's CityRules tree must be read (as `.<field>`) by code or templates outside
`cities/` — or by a schema method that such code calls (READ_THROUGH), or be on the short, reviewed allow-list
of keys that are only shown or only describe the file (DISPLAY_ONLY). A new key nobody reads fails this test.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

from pydantic import BaseModel

from cities import schema

ROOT = Path(__file__).resolve().parent.parent.parent
READERS = ("awards", "reviews", "honours", "portal", "demo")

# Keys read inside cities/schema.py by a method or property that the floors above call: key → that accessor.
READ_THROUGH = {
    "minimum": "in_words",  # Period: "不少于7日" or "7日"; the deadline arithmetic in cities.calendar
    "unit": "in_words",  # Period: working or calendar days
    "valid_years": "last_day",  # Measure: the last day in force from the first day and the years (Wuhan 第三十七条)
    "drawn_from": "drawn_from_key",  # AwardKind: the award whose ranking a nomination award is drawn from
}
# Keys nobody has to enforce: they describe the file or are shown as they are. Reviewed; keep it short.
DISPLAY_ONLY = {
    "schema_version": "the rule file's format; the loader (cities/loader.py) refuses any other",
    "source_file": "the measure's text this file is read from (cities/measures/), for the reader of the file and "
                   "tests/awards/test_publicity.py, which compares each cited period with its text",
    "level": "the award's tier as the measure names it (市长质量奖 / 提名奖 / 质量贡献奖), for the reader of the file; "
             "what a tier may do is in its own keys (quotas, reapply, drawn_from, grants)",
}


def schema_models(annotation, seen: set) -> typing.Iterator[type[BaseModel]]:
    """Every pydantic model reachable from the annotation, through lists, dicts, unions and generics."""
    for arg in typing.get_args(annotation):
        yield from schema_models(arg, seen)
    if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)) or annotation in seen:
        return
    seen.add(annotation)
    yield annotation
    for field in annotation.model_fields.values():
        yield from schema_models(field.annotation, seen)
    for arg in getattr(annotation, "__pydantic_generic_metadata__", {}).get("args", ()):
        yield from schema_models(arg, seen)


def schema_keys() -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for model in schema_models(schema.CityRules, set()):
        for name in model.model_fields:
            keys.setdefault(name, set()).add(model.__name__)
    return keys


def readers_text() -> str:
    parts = []
    for package in READERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                parts.append(path.read_text(encoding="utf-8"))
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "templates").rglob("*.html"))]
    return "\n".join(parts)


def is_read(key: str, text: str) -> bool:
    return re.search(rf"\.{re.escape(key)}\b", text) is not None


def test_every_rule_key_is_read_outside_cities():
    text = readers_text()
    unread = {}
    for key, owners in sorted(schema_keys().items()):
        if key in DISPLAY_ONLY or is_read(key, text):
            continue
        if key in READ_THROUGH and is_read(READ_THROUGH[key], text):
            continue
        unread[key] = sorted(owners)
    assert not unread, ("rule keys that no code outside cities/ reads (enforce them, or add a reviewed reason "
                        f"to DISPLAY_ONLY): {unread}")


def test_the_allow_lists_name_only_keys_that_exist():
    keys = schema_keys()
    assert not (set(DISPLAY_ONLY) | set(READ_THROUGH)) - set(keys)
    assert not set(DISPLAY_ONLY) & set(READ_THROUGH)
