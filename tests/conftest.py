"""Shared fixtures: the named personas, the loaded Kemi data and a real browser."""

import os
import runpy
import shutil

import pytest
from django.conf import settings
from django.utils import translation

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
def pdf_cache_dir(settings, tmp_path_factory):
    """Every test starts with an empty PDF cache of its own, never the checkout's `var/`."""
    settings.PDF_CACHE_DIR = tmp_path_factory.mktemp("pdf-cache")
    return settings.PDF_CACHE_DIR


@pytest.fixture(autouse=True)
def finnish_after_each_test():
    """A request in Swedish leaves Swedish active in the thread (`LocaleMiddleware` activates
    the request's language and nothing deactivates it): every test starts in Finnish."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="koordinaattori", role="coordinator")


@pytest.fixture
def board_member(db):
    return UserFactory(username="lautakunnan-jasen", role="board")


@pytest.fixture
def board_client(client, board_member):
    """A test client signed in as a board member, who reads every report."""
    client.force_login(board_member)
    return client


@pytest.fixture
def admin_user(db):
    return UserFactory(username="paakayttaja", role="admin")


@pytest.fixture
def outsider(db):
    """Signed in, but in no role."""
    return UserFactory(username="ulkopuolinen")


@pytest.fixture
def kemi(db):
    """The real Kemi demo data, loaded as `make run` loads it (with the indicators' sample)."""
    from kemi_hyte.demo import load_demo

    load_demo()


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
    from django.db import connections

    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with playwright_api.sync_playwright() as playwright:
        # Playwright's event loop gives this thread new database connection objects; hand them
        # the serialized test data, or serialized_rollback cannot restore the roles.
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=shutil.which(CHROMIUM), args=CHROMIUM_ARGS
        )
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


@pytest.fixture
def division_editor(db):
    """Edits the actions of one division, "Hyvinvointitoimiala"."""
    from tests.factories import DivisionFactory

    user = UserFactory(username="toimialan-muokkaaja", role="division_editor")
    DivisionFactory(name="Hyvinvointitoimiala", slug="hyvinvointitoimiala").editors.add(user)
    return user


PRODUCTION_ENVIRONMENT = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "test-only-production-secret-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "hyte.example.fi",
}
# The test database, the plain static storage and the test outbox stay as pytest made them.
KEPT_UNDER_TEST = {"DATABASES", "STORAGES", "LOGGING", "PASSWORD_HASHERS", "MAILERS"}


def production_settings(monkeypatch, **environment) -> dict:
    """The values kemi_hyte/settings.py gives with debugging off and the given environment."""
    from django.conf import settings

    for name in [name for name in os.environ if name.startswith("DJANGO_")]:
        monkeypatch.delenv(name)
    for name, value in {**PRODUCTION_ENVIRONMENT, **environment}.items():
        monkeypatch.setenv(name, value)
    values = runpy.run_path(str(settings.BASE_DIR / "kemi_hyte" / "settings.py"))
    return {name: value for name, value in values.items() if name.isupper()}


@pytest.fixture
def production(monkeypatch, settings, tmp_path):
    """The app as the city's server runs it: every setting of the production environment
    (security, cookies, sign-in protection), on the test database."""
    for name, value in production_settings(monkeypatch).items():
        if name not in KEPT_UNDER_TEST and getattr(settings, name, None) != value:
            setattr(settings, name, value)
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STATIC_ROOT.mkdir()
    return settings


@pytest.fixture
def office_pages(tmp_path):
    """Converts a downloaded .docx or .xlsx with LibreOffice: `office_pages(content, name)`
    gives the text of each printed page (tests/office.py)."""
    from tests.office import converted_pages

    return lambda content, name: converted_pages(content, name, tmp_path)


@pytest.fixture(scope="session")
def oidc_server_url():
    """oidc-provider-mock in a thread of this process, for the whole test session."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def city_provider(settings, oidc_server_url, db):
    """Sign-in with the city's account switched on, against the local provider (tests/oidc.py)."""
    from tests.oidc import CityProvider, configure

    configure(settings, oidc_server_url)
    return CityProvider(oidc_server_url)
