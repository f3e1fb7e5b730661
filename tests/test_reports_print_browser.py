"""Printing and saving the reports in a real browser: the "Tulosta" button, and the PDF that
opens in the browser beside a link that saves it."""

import pytest

from tests.browser_pages import new_context, screenshot, sign_in

# serialized_rollback keeps the roles that a migration created across the live-server flushes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ANNUAL = "/reports/annual/2023/hyvinvointitoimiala/"
REPORTS = [ANNUAL, "/reports/projects/?year=2023", "/reports/overview/2023/"]


@pytest.mark.parametrize("path", REPORTS)
def test_the_print_button_prints_the_page(browser, live_server, board_member, kemi, path):
    context = new_context(browser)
    # Stands in for the browser's print dialog, which a headless browser does not open.
    context.add_init_script("window.print = () => { window.printed = true; };")
    sign_in(context, live_server, board_member)
    page = context.new_page()
    page.goto(f"{live_server.url}{path}")

    button = page.get_by_role("button", name="Tulosta")
    button.click()

    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert not button.is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    context.close()


def test_without_javascript_there_is_no_print_button(browser, live_server, board_member, kemi):
    context = browser.new_context(locale="fi-FI", java_script_enabled=False)
    sign_in(context, live_server, board_member)
    page = context.new_page()
    page.goto(f"{live_server.url}{ANNUAL}")

    assert page.get_by_role("link", name="Lataa PDF").is_visible()
    assert page.get_by_role("button", name="Tulosta").count() == 0
    context.close()


def test_the_download_link_saves_the_pdf_with_its_name(
    browser, live_server, board_member, kemi, tmp_path
):
    context = new_context(browser)
    sign_in(context, live_server, board_member)
    page = context.new_page()
    page.goto(f"{live_server.url}{ANNUAL}")

    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa PDF").click()

    assert (
        download.value.suggested_filename == "hyvinvointisuunnitelma-2023-hyvinvointitoimiala.pdf"
    )
    path = tmp_path / "saved.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_report_tools_fit_the_screen(browser, live_server, board_member, kemi, width):
    context = new_context(browser, width)
    sign_in(context, live_server, board_member)
    page = context.new_page()
    page.goto(f"{live_server.url}{ANNUAL}")

    tools = page.locator(".report-tools")
    for name in ("Näytä PDF", "Lataa PDF", "Lataa Word (DOCX)", "Lataa Excel (XLSX)"):
        assert tools.get_by_role("link", name=name).is_visible()
    assert tools.get_by_role("button", name="Tulosta").is_visible()
    box = tools.bounding_box()
    assert box["x"] + box["width"] <= width
    screenshot(page, width, "annual-report-tools")
    context.close()
