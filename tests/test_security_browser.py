"""In a real browser, under the Content-Security-Policy: the admin's scripts run and nothing
is refused, and the lockout page is accessible."""

import pytest

from tests.conftest import assert_no_serious_axe_violations

# serialized_rollback brings back the roles a migration created, after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "salasana-testi-123"


def csp_refusals(page) -> list[str]:
    """Console messages in which Chromium reports what the policy refused."""
    refusals = []
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refusals


def sign_in(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu").click()


def test_admin_scripts_run_under_the_policy(page, live_server, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    refusals = csp_refusals(page)
    sign_in(page, live_server, "paakayttaja")
    page.get_by_role("button", name="Kirjaudu ulos (paakayttaja)").wait_for()

    page.goto(f"{live_server.url}/admin/projects/project/add/")
    # The date field's "Tänään" (today) shortcut exists only if the admin's JavaScript ran.
    page.locator(".field-start_date .datetimeshortcuts").get_by_text("Tänään").click()

    assert page.locator("#id_start_date").input_value() != ""
    assert refusals == []


def test_lockout_page_is_accessible(page, live_server, coordinator, settings):
    settings.AXES_FAILURE_LIMIT = 2
    refusals = csp_refusals(page)
    for _ in range(2):
        sign_in(page, live_server, "koordinaattori", "väärä-salasana")

    page.get_by_role("heading", name="Kirjautuminen on estetty hetkeksi").wait_for()
    assert "15 minuutin kuluttua" in page.get_by_role("alert").inner_text()
    assert_no_serious_axe_violations(page)
    assert refusals == []


def test_an_injected_inline_script_is_refused_by_the_browser(page, live_server):
    """What an XSS hole would let in: the policy stops it from running."""
    page.goto(f"{live_server.url}/accounts/login/")

    with page.expect_console_message(
        lambda message: "Content Security Policy" in message.text
    ) as refusal:
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.body.append(script);
            }"""
        )

    assert "script-src" in refusal.value.text
    assert page.evaluate("() => window.injected") is None
