"""The code has three levels, and imports go down only.

- `common`: what every app shares (Finnish formats, spreadsheet files, the roles); no app.
- the domain: `plans` is the core; `projects` and `indicators` build on it, beside each other.
  Models, QuerySets and services only.
- the pages: `workspace` (dashboard, actions, coverage), `reports`, `imports` and
  `publication` (the citizens' pages), free to use
  every domain app but not one another, so each page app can be read and changed alone.

`kemi_hyte` wires them together (settings, URLs) and is imported by none of them.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMMON = {"common"}
DOMAIN = {"plans", "projects", "indicators"}
PAGES = {"workspace", "reports", "imports", "publication"}
# Which of the project's apps each app may import.
ALLOWED = {
    "common": set(),
    "plans": COMMON,
    "projects": COMMON | {"plans"},
    "indicators": COMMON | {"plans"},
    **dict.fromkeys(PAGES, COMMON | DOMAIN),
}
PROJECT_APPS = set(ALLOWED) | {"kemi_hyte"}
# Modules a domain app keeps for the admin, its data and its commands; anything else that
# renders a page belongs to the pages level.
PAGE_MODULES = {"views.py", "urls.py", "forms.py", "filters.py", "tables.py"}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names & PROJECT_APPS


@pytest.mark.parametrize("app", ALLOWED)
def test_app_imports_only_the_levels_below_it(app):
    offending = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - ALLOWED[app] - {app})
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {path: apps for path, apps in offending.items() if apps} == {}


@pytest.mark.parametrize("app", sorted(DOMAIN | COMMON))
def test_domain_and_common_apps_have_no_pages(app):
    assert (
        sorted(path.name for path in (ROOT / app).glob("*.py") if path.name in PAGE_MODULES) == []
    )


def test_every_project_app_has_a_level():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps - PROJECT_APPS == set(), "give the new app a level in ALLOWED"
