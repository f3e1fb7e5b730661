"""The annual table's import in Chromium, as a coordinator does it: upload the seeds' 2023
table, merge two paragraphs, split them again, choose the missing focus areas and confirm.
The preview is a form of plain buttons: the whole path runs with JavaScript turned off."""

from pathlib import Path

import pytest

from plans.models import Action
from tests.browser_pages import HEIGHT, WIDTHS, overflow_on_page, sign_in
from tests.conftest import assert_no_serious_axe_violations
from tests.document_files import seed_text

# serialized_rollback keeps the roles that a migration created across the live-server flushes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/work/shots/doc")


def context_of(browser, *, javascript: bool):
    context = browser.new_context(
        locale="fi-FI",
        timezone_id="Europe/Helsinki",
        viewport={"width": WIDTHS[0], "height": HEIGHT},
        java_script_enabled=javascript,
    )
    context.set_default_timeout(15_000)
    return context


def upload_seed(page, live_server) -> None:
    page.goto(f"{live_server.url}/imports/document/")
    page.get_by_label("Vuositaulukko (.txt, .docx tai .pdf)").set_input_files(
        files=[{"name": "vuositaulukko-2023.txt", "mimeType": "text/plain", "buffer": seed_text()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Esikatsele").click()


def goal_paragraphs(page, goal: int) -> list[str]:
    return [area.input_value() for area in page.locator(f"textarea[name^='action-{goal}-']").all()]


def shoot(page, name: str) -> None:
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_upload_merge_split_and_confirm_without_javascript(browser, live_server, coordinator):
    context = context_of(browser, javascript=False)
    try:
        sign_in(context, live_server, coordinator)
        page = context.new_page()
        upload_seed(page, live_server)
        assert page.get_by_role("heading", level=1).inner_text().startswith("Tuo vuositaulukko")
        first_goal = goal_paragraphs(page, 0)
        assert len(first_goal) == 15

        with page.expect_navigation():
            page.get_by_role("button", name="Yhdistä kappaleet 1 ja 2").first.click()
        merged = goal_paragraphs(page, 0)
        assert len(merged) == 14
        assert merged[0] == f"{first_goal[0]} {first_goal[1]}"

        with page.expect_navigation():
            page.get_by_role("button", name=f"Jaa ennen ”{first_goal[1][:40]}…”").click()
        assert goal_paragraphs(page, 0) == first_goal

        for group in page.locator("fieldset.checkbox-group").all():
            if group.locator("input:checked").count() == 0:
                group.locator("input[type=checkbox]").first.check()
        with page.expect_navigation():
            page.get_by_role("button", name="Vahvista tuonti").click()
        assert "26 uutta toimenpidettä" in page.get_by_role("status").inner_text()
        assert Action.objects.count() == 26
    finally:
        context.close()


def test_the_preview_is_accessible_and_fits_a_phone(browser, live_server, coordinator):
    context = context_of(browser, javascript=True)
    try:
        sign_in(context, live_server, coordinator)
        page = context.new_page()
        page.goto(f"{live_server.url}/imports/document/")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            assert overflow_on_page(page) is None
            shoot(page, f"upload-{width}")
        assert_no_serious_axe_violations(page)
        upload_seed(page, live_server)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            page.wait_for_function(f"window.innerWidth === {width}")
            assert overflow_on_page(page) is None, overflow_on_page(page)
            shoot(page, f"preview-{width}")
        assert_no_serious_axe_violations(page)
    finally:
        context.close()
