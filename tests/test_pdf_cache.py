"""The PDF reports are laid out once and then read by every worker from a shared directory;
closing a year lays out its PDFs ahead of time."""

import datetime
import hashlib
import multiprocessing
import os
import time

import pytest
from django.conf import settings
from django.core.management import call_command

from plans.closing import close_year
from plans.models import Action, Division, Plan
from reports import pdf, prerender

ANNUAL = "/reports/annual/2023/hyvinvointitoimiala/"
OVERVIEW = "/reports/overview/2023/"
PROJECTS = "/reports/projects/?division=hyvinvointitoimiala&year=2023"
DECISION = {"body": "Hyvinvointilautakunta", "date": "12.3.2024", "section": "25"}
# Laid out ahead: the annual table, the overview and the project summary, in every language.
AHEAD = 3 * len(settings.LANGUAGES)


@pytest.fixture
def layouts(monkeypatch):
    """Every layout, counted; the PDF stands for its HTML (WeasyPrint is tested elsewhere)."""
    laid_out = []

    def lay_out(html, stylesheet_path):
        laid_out.append(html)
        return b"%PDF-1.7 " + hashlib.sha256(html.encode()).hexdigest().encode()

    monkeypatch.setattr(pdf, "lay_out", lay_out)
    return laid_out


@pytest.fixture
def board_client(board_client, kemi):
    """The board member's client (`conftest.py`), with the demo loaded."""
    return board_client


def test_a_pdf_asked_for_twice_is_laid_out_once(board_client, layouts, pdf_cache_dir):
    first = board_client.get(f"{ANNUAL}pdf/")
    second = board_client.get(f"{ANNUAL}pdf/")

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert len(layouts) == 1
    assert [path.suffix for path in pdf_cache_dir.iterdir()] == [".pdf"]


def test_the_overview_with_its_charts_is_laid_out_once(board_client, layouts):
    # pygal gives each chart a random id: without care the same overview never found its PDF.
    first = board_client.get(f"{OVERVIEW}pdf/").content

    assert board_client.get(f"{OVERVIEW}pdf/").content == first
    assert len(layouts) == 1


def test_a_changed_report_is_laid_out_again(board_client, layouts):
    before = board_client.get(f"{ANNUAL}pdf/").content
    action = Action.objects.filter(year=2023, division__slug="hyvinvointitoimiala").first()
    Action.objects.filter(pk=action.pk).update(description="Uusi kuvaus vuodelta 2023.")

    after = board_client.get(f"{ANNUAL}pdf/").content

    assert after != before
    assert len(layouts) == 2
    assert "Uusi kuvaus vuodelta 2023." in layouts[-1]


def test_another_process_serves_the_pdf_the_first_laid_out(board_client, layouts):
    first = board_client.get(f"{ANNUAL}pdf/").content
    assert len(layouts) == 1
    # The fork copies the database state, the signed-in session and the patched counter as
    # they are now; nothing else passes between the two processes but the cache directory.
    layouts.clear()
    results = multiprocessing.get_context("fork").SimpleQueue()
    other = multiprocessing.get_context("fork").Process(
        target=served_elsewhere,
        args=(board_client, f"{ANNUAL}pdf/", results),
    )
    other.start()
    status, content, laid_out = results.get()
    other.join(timeout=60)

    assert (status, content, laid_out) == (200, first, 0)


def served_elsewhere(client, url: str, results) -> None:
    """A second worker: a process of its own, sharing only the database and the directory."""
    laid_out = []
    original = pdf.lay_out

    def counted(html, stylesheet_path):
        laid_out.append(html)
        return original(html, stylesheet_path)

    pdf.lay_out = counted
    response = client.get(url)
    results.put((response.status_code, response.content, len(laid_out)))


# Committed for real, so the thread's own connection sees the closing; serialized_rollback
# brings back the roles a migration created, after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_closing_a_year_lays_out_its_pdfs_before_anyone_asks(
    client, coordinator, board_member, kemi, layouts, monkeypatch
):
    threads = []
    started = prerender.in_background
    monkeypatch.setattr(
        prerender, "in_background", lambda *args: threads.append(started(*args)) or threads[-1]
    )
    client.force_login(coordinator)

    response = client.post(f"{ANNUAL}close/", DECISION)

    assert response.status_code == 302
    assert len(threads) == 1  # laid out beside the request, which did not wait for it
    threads[0].join(timeout=120)
    assert len(layouts) == AHEAD
    client.force_login(board_member)
    for language, _name in settings.LANGUAGES:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in (f"{ANNUAL}pdf/", f"{OVERVIEW}pdf/", PROJECTS.replace("?", "pdf/?")):
            assert client.get(url).status_code == 200
    assert len(layouts) == AHEAD


def test_the_command_lays_out_every_closed_year_and_skips_what_is_ready(
    board_client, coordinator, layouts, capsys
):
    close_year(
        plan=Plan.objects.get(),
        year=2023,
        division=Division.objects.get(slug="hyvinvointitoimiala"),
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=25,
        closed_by=coordinator,
    )  # in a transaction that never commits: nothing is laid out ahead here

    call_command("render_report_pdfs")
    call_command("render_report_pdfs")

    assert len(layouts) == AHEAD
    out = capsys.readouterr().out
    assert f"PDF:t valmiina 1 toimialan vuodelle: {AHEAD} taitettu nyt" in out
    assert "PDF:t valmiina 1 toimialan vuodelle: 0 taitettu nyt" in out
    board_client.get(f"{ANNUAL}pdf/")
    assert len(layouts) == AHEAD


def test_pruning_removes_what_nobody_has_read_for_a_while(board_client, layouts, pdf_cache_dir):
    board_client.get(f"{ANNUAL}pdf/")
    board_client.get(f"{OVERVIEW}pdf/")
    annual, overview = sorted(pdf_cache_dir.iterdir(), key=lambda path: path.stat().st_mtime)
    forty_days_ago = time.time() - 40 * 24 * 60 * 60
    for path in (annual, overview):
        os.utime(path, (forty_days_ago, forty_days_ago))
    board_client.get(f"{ANNUAL}pdf/")  # read again: kept

    assert pdf.prune(days=30) == 1
    assert list(pdf_cache_dir.iterdir()) == [annual]


def test_a_directory_that_cannot_be_written_still_gives_the_pdf(
    board_client, layouts, settings, tmp_path
):
    settings.PDF_CACHE_DIR = tmp_path / "a-file"
    settings.PDF_CACHE_DIR.write_text("not a directory")

    response = board_client.get(f"{ANNUAL}pdf/")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
