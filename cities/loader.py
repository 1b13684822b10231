"""Load and validate city rule files.

A broken file fails with one message that names the file, the key and what is wrong, e.g.
``jinan.yaml: periods.publicity.length: Input should be greater than or equal to 1``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from django.conf import settings
from pydantic import ValidationError

from .schema import CityRules


class RuleFileError(Exception):
    """A rule file that cannot be used. The message names the file, the key and the problem."""

    def __init__(self, filename: str, problems: list[str]):
        self.filename = filename
        self.problems = problems
        super().__init__("\n".join(f"{filename}: {p}" for p in problems))


def _key_path(loc: tuple) -> str:
    parts = []
    for item in loc:
        if isinstance(item, int):
            parts.append(str(item))
        elif item in {"value"} and parts:
            parts.append(item)
        elif not str(item).startswith(("function-", "tagged-union")):
            parts.append(str(item))
    return ".".join(parts) or "(top level)"


def validate(data: object, filename: str) -> CityRules:
    try:
        return CityRules.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{_key_path(error['loc'])}: {message}")
        raise RuleFileError(filename, problems) from None


def load_rules_file(path: Path | str) -> CityRules:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise RuleFileError(path.name, [f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})"]) from None
    except OSError as exc:
        raise RuleFileError(path.name, [f"cannot read the file ({exc.strerror})"]) from None
    if not isinstance(data, dict):
        raise RuleFileError(path.name, ["(top level): a rule file is a mapping of keys"])
    rules = validate(data, path.name)
    if rules.code != path.stem:
        raise RuleFileError(path.name, [f"code: '{rules.code}' must match the file name '{path.stem}'"])
    return rules


def rule_files(directory: Path | str | None = None) -> list[Path]:
    directory = Path(directory or settings.CITY_RULES_DIR)
    return sorted(p for p in directory.glob("*.yaml") if not p.name.startswith("_"))


def load_all(directory: Path | str | None = None) -> dict[str, CityRules]:
    return {rules.code: rules for rules in map(load_rules_file, rule_files(directory))}


def canonical_json(rules: CityRules) -> dict:
    return json.loads(rules.model_dump_json())


def digest(rules: CityRules) -> str:
    payload = json.dumps(canonical_json(rules), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
