"""Shared fixtures: the named personas, the loaded Kemi data and a real browser."""

import os
import shutil

import pytest

from tests.factories import UserFactory

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def roles_in_live_server_tests(request):
    """The roles of migration 0002 for live-server tests. Once an ordinary test has run earlier
    in the session, serialized_rollback no longer brings them back, and the personas
    could not be given a role."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.auth.models import Group

    for name in ("coordinator", "board", "admin"):
        Group.objects.get_or_create(name=name)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="koordinaattori", role="coordinator")


@pytest.fixture
def board_member(db):
    return UserFactory(username="lautakunnan-jasen", role="board")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="paakayttaja", role="admin")


@pytest.fixture
def outsider(db):
    """Signed in, but in no role."""
    return UserFactory(username="ulkopuolinen")


@pytest.fixture
def kemi(db):
    """The real Kemi demo data, loaded as `make run` loads it."""
    from projects.demo import load_kemi_demo

    load_kemi_demo()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped where it is missing, except under CI."""
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    playwright_api = pytest.importorskip("playwright.sync_api")
    # The live server runs in a thread next to Playwright's event loop.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fi-FI", timezone_id="Europe/Helsinki")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_no_serious_axe_violations(page) -> None:
    """axe-core on the current page: no serious or critical accessibility violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert not serious, f"{page.url}: " + "; ".join(serious)
