"""The apps depend in one direction: plans ← projects ← reports / imports, wired by kemi_hyte."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Which of the project's apps each app may import.
ALLOWED = {
    "plans": set(),
    "projects": {"plans"},
    "reports": {"plans", "projects"},
    "imports": {"plans", "projects"},
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names & set(ALLOWED)


@pytest.mark.parametrize("app", ALLOWED)
def test_app_imports_only_the_apps_it_builds_on(app):
    offending = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - ALLOWED[app] - {app})
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {path: apps for path, apps in offending.items() if apps} == {}
