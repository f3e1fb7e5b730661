"""The citizens' pages in a real browser (axe-core, no sideways scroll) and through the Nu HTML
checker: every public page of a published year of the Kemi data."""

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from plans.closing import close_year
from plans.models import Division, Plan
from publication.services import publish_year
from tests.conftest import assert_no_serious_axe_violations
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
# `npm ci` installs the pinned checker (package.json); VNU_JAR names another copy.
VNU_JAR = Path(os.environ.get("VNU_JAR") or ROOT / "node_modules/vnu-jar/build/dist/vnu.jar")
PAGES = [
    "/julkinen/",
    "/julkinen/2023/hyvinvointitoimiala/",
    "/julkinen/suunnitelma/2022-2025/",
    "/julkinen/saavutettavuusseloste/",
]


def publish_kemi_2023() -> None:
    cache.clear()
    plan = Plan.objects.get(start_year=2022)
    division = Division.objects.get(slug="hyvinvointitoimiala")
    coordinator = UserFactory(role="coordinator")
    close_year(
        plan=plan,
        year=2023,
        division=division,
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=15,
        closed_by=coordinator,
        confirm_unreviewed=True,
    )
    publish_year(
        plan=plan,
        year=2023,
        division=division,
        decision_reference="Hyvinvointilautakunta 19.3.2024 § 20",
        published_by=coordinator,
    )


@pytest.fixture
def vnu() -> list[str]:
    """The command that runs the Nu HTML checker; skipped where it is missing, except in CI."""
    java = shutil.which("java")
    problem = None
    if not java:
        problem = "java not found: install Debian's 'default-jre-headless'"
    elif not VNU_JAR.is_file():
        problem = f"the Nu HTML checker is not at {VNU_JAR}: run 'npm ci' in the repository root"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    return [java, "-jar", str(VNU_JAR), "--format", "json"]


@pytest.mark.django_db
def test_every_public_page_passes_the_nu_html_checker(kemi, vnu, tmp_path):
    publish_kemi_2023()
    client = Client()
    files = []
    for number, url in enumerate(PAGES):
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"page{number}.html"
        path.write_bytes(response.content)
        files.append(str(path))

    result = subprocess.run([*vnu, *files], capture_output=True, text=True, timeout=300)

    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{PAGES[files.index(message['url'].removeprefix('file:'))]}: {message['message']}"
        for message in messages
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]
    assert errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_every_public_page_has_no_accessibility_violation_and_fits(
    browser, live_server, kemi, width
):
    from axe_playwright_python.sync_playwright import Axe

    publish_kemi_2023()
    context = browser.new_context(
        locale="fi-FI", timezone_id="Europe/Helsinki", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    try:
        for url in PAGES:
            page.goto(live_server.url + url)
            violations = [
                f"{url} {violation['id']} ({violation['impact']}): {violation['help']}"
                for violation in Axe().run(page).response["violations"]
            ]
            assert violations == []
            assert page.evaluate("document.documentElement.scrollWidth") <= width, url
            assert context.cookies() == [], url
    finally:
        context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_coordinator_publishes_a_year_in_the_browser(page, live_server, kemi, coordinator):
    close_year(
        plan=Plan.objects.get(start_year=2022),
        year=2023,
        division=Division.objects.get(slug="hyvinvointitoimiala"),
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=15,
        closed_by=coordinator,
        confirm_unreviewed=True,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(coordinator.username)
    page.get_by_label("Salasana").fill("salasana-testi-123")
    page.get_by_role("button", name="Kirjaudu").click()
    page.get_by_role("link", name="Julkaisu").click()
    assert_no_serious_axe_violations(page)

    page.get_by_label("Julkaisupäätös").fill("Hyvinvointilautakunta 19.3.2024 § 20")
    page.get_by_role("button", name="Julkaise", exact=True).click()

    page.get_by_text("on julkaistu").wait_for()
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name="Julkinen sivu").click()
    page.get_by_text("Hyvinvointilautakunta 19.3.2024 § 20").wait_for()
