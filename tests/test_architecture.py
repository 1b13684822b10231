"""The house's rules, checked on the tree (docs/architecture.md says why).

Floors: core → cities → awards → reviews → portal / demo. Every import points down; pages, url and nav
modules live only in portal/; status changes only in awards.domain.lifecycle; rule-file keys are not spelled
in code or templates.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("core", "cities", "awards", "reviews", "honours", "portal", "demo")
# What each floor may import of the project (itself included).
MAY_IMPORT = {
    "core": {"core"},
    "cities": {"core", "cities"},
    "awards": {"core", "cities", "awards"},
    "reviews": {"core", "cities", "awards", "reviews"},
    "honours": {"core", "cities", "awards", "honours"},
    "portal": {"core", "cities", "awards", "reviews", "honours", "portal"},
    "demo": {"core", "cities", "awards", "reviews", "honours", "demo"},
}


def code_files(*, include_migrations=False):
    for package in (*PROJECT_PACKAGES, "config", "bench"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if not include_migrations and "migrations" in path.parts:
                continue
            yield path


def template_files():
    return sorted((ROOT / "templates").rglob("*.html"))


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def imported_modules(tree: ast.AST, package: str):
    """(line, absolute module name, inside a function?) for every import in the module."""
    functions = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if inner is not node:
                    functions.add(id(inner))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, id(node) in functions
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            yield node.lineno, name, id(node) in functions


def module_package(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts)
    return ".".join(parts[:-1])


def test_every_import_points_down():
    wrong = []
    for path in code_files(include_migrations=True):
        floor = path.relative_to(ROOT).parts[0]
        if floor not in MAY_IMPORT:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for line, name, _inside in imported_modules(tree, module_package(path)):
            top = name.split(".")[0]
            if top in PROJECT_PACKAGES and top not in MAY_IMPORT[floor]:
                wrong.append(f"{rel(path)}:{line} imports {name}")
    assert not wrong, "imports pointing up:\n" + "\n".join(wrong)


def test_an_audience_imports_no_other_audience():
    """portal/<audience>/ imports its own package, portal's top-level modules and portal/shared/ (the helpers two
    audiences share), never another audience's package. Portal's top-level modules (urls.py, context_processors.py
    with the header's links) mount the audiences and may; portal/shared/ may not."""
    audiences = {p.name for p in (ROOT / "portal").iterdir()
                 if p.is_dir() and (p / "urls.py").exists()}
    wrong = []
    for path in sorted((ROOT / "portal").rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        own = parts[1] if len(parts) > 2 else None
        if own is None:  # portal's own modules (urls, the header's nav) mount the audiences
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for line, name, _inside in imported_modules(tree, module_package(path)):
            bits = name.split(".")
            if len(bits) > 1 and bits[0] == "portal" and bits[1] in audiences and bits[1] != own:
                wrong.append(f"{rel(path)}:{line} imports {name}")
    assert audiences >= {"public", "applicant", "office", "committee"}
    assert not wrong, "an audience importing another (move the helper to portal/shared/):\n" + "\n".join(wrong)


def test_pages_urls_and_navigation_live_only_in_portal():
    wrong = []
    for path in code_files():
        parts = path.relative_to(ROOT).parts
        is_page_module = path.name in {"views.py", "urls.py", "nav.py"} or "views" in parts[:-1]
        if is_page_module and parts[0] != "portal":
            wrong.append(rel(path))
    assert not wrong


def test_no_suffix_modules_and_no_dynamic_imports():
    suffixed = [rel(p) for p in code_files()
                if re.fullmatch(r"(.*_ranking|urls_.*|nav_.*|demo_.*)\.py", p.name)]
    assert not suffixed
    dynamic = [f"{rel(p)}:{n}" for p in code_files() for n, line in enumerate(p.read_text().splitlines(), 1)
               if re.search(r"\b(import_module|find_spec)\b", line)]
    assert not dynamic


def test_status_and_deadline_are_assigned_only_by_the_lifecycle():
    owner = ROOT / "awards" / "domain" / "lifecycle.py"
    wrong = []
    for path in code_files():
        if path == owner or path.parent.name == "bench":  # benchmarks seed their data in bulk, as tests/ does
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr in {"status", "stage_deadline"}:
                    wrong.append(f"{rel(path)}:{node.lineno}")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"update", "bulk_update", "update_or_create"}):
                names = {k.arg for k in node.keywords} | {
                    e.value for a in node.args if isinstance(a, ast.List | ast.Tuple)
                    for e in a.elts if isinstance(e, ast.Constant)}
                if names & {"status", "stage_deadline"}:
                    wrong.append(f"{rel(path)}:{node.lineno}")
    assert not wrong, "status/stage_deadline written outside awards/domain/lifecycle.py:\n" + "\n".join(wrong)


RULE_KEY_LITERALS = [
    (r"""periods\[\s*["']""", "a period looked up by a literal key"),
    (r"""["']\w+["']\s+(not\s+)?in\s+[\w.]*periods\b""", "a literal key tested against the periods"),
    (r"""periods\.get\(\s*["']""", "a period looked up by a literal key"),
    (r"\bFRAUD_GROUND\b", "a revocation ground named in code"),
    (r"""[=!]=\s*["']working_days["']|["']working_days["']\s*[=!]=""", "a comparison with the day-count key"),
]


@pytest.mark.parametrize("pattern, what", RULE_KEY_LITERALS)
def test_rule_file_keys_are_not_spelled_in_code_or_templates(pattern, what):
    found = [f"{rel(p)}:{n}" for p in [*code_files(), *template_files()]
             for n, line in enumerate(p.read_text().splitlines(), 1) if re.search(pattern, line)]
    assert not found, f"{what}:\n" + "\n".join(found)


def test_few_imports_inside_functions():
    inside = []
    for path in code_files():
        if path.parent.name == "bench":  # scripts that set Django up first, then import the project
            continue
        tree = ast.parse(path.read_text())
        inside += [f"{rel(path)}:{line} {name}" for line, name, nested in imported_modules(tree, module_package(path))
                   if nested]
    assert len(inside) < 10, "imports inside function bodies:\n" + "\n".join(inside)


def test_architecture_document_names_every_floor():
    text = (ROOT / "docs" / "architecture.md").read_text()
    for package in PROJECT_PACKAGES:
        assert f"`{package}/`" in text
        assert (ROOT / package).is_dir()
