"""The project summary: the figures of the city's `004_…` agenda item, totals, division history."""

import datetime
import os
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.models import EarmarkedPart
from reports.project_summary import build_project_summary
from tests.factories import (
    DivisionFactory,
    DivisionPeriodFactory,
    FunderFactory,
    OrganizationFactory,
    PlanFactory,
    ProjectFactory,
)
from tests.reports_helpers import kemi_data, pdf_text, squash, visible_text, workbook


def spreadsheet_as_pdf_text(content: bytes, tmp_path) -> str:
    """The XLSX as LibreOffice prints it, read back with pdftotext -layout."""
    if not shutil.which("soffice"):
        message = "soffice not found: install Debian's libreoffice-calc"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    source = tmp_path / "hankkeet.xlsx"
    source.write_bytes(content)
    subprocess.run(
        [
            "soffice",
            # a profile of its own, so that a LibreOffice already running elsewhere is no matter
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return pdf_text((tmp_path / "hankkeet.pdf").read_bytes(), tmp_path)


PERUSTURVA_2022 = "/reports/projects/?division=perusturvatoimiala&year=2022"


def euros(amount) -> str:
    whole = f"{int(Decimal(amount)):,}".replace(",", " ")
    return f"{whole} €"


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get("/reports/projects/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_nine_projects_of_perusturvatoimiala_in_2022_show_their_figures(board_client, kemi):
    text = visible_text(board_client.get(PERUSTURVA_2022))

    projects = kemi_data()["projects"]
    assert len(projects) == 9
    for project in projects:
        assert project["name"] in text
        if project["total_budget"] is not None:
            prefix = "n. " if project["total_budget_approximate"] else ""
            assert prefix + euros(project["total_budget"]) in text
    assert (
        "Yhteensä (9 hanketta, tiedossa olevat summat) n. 4 232 966 € + 1 ei tiedossa "
        "582 845 € + 6 ei tiedossa 145 885 €" in text
    )
    assert (
        "Vahvax - digiosaamista ja -palveluja aikuisuuden ja vanhemmuuden vahvistamiseksi" in text
    )
    assert "1.9.2021–31.7.2023" in text


def test_unknown_amounts_are_shown_as_unknown_and_left_out_of_the_totals_with_a_note(
    board_client, kemi
):
    text = visible_text(board_client.get(PERUSTURVA_2022))

    assert text.count("ei tiedossa") >= 7  # project 6 has no budget; six have no Kemi's share
    assert "kustannusarvio puuttuu 1, Kemin osuus 6 ja omarahoitus 0 hankkeelta" in text
    assert "1 hankkeen kustannusarvio on likimääräinen" in text
    assert "n. 1 300 000 €" in text


def test_the_self_financing_rate_is_taken_over_projects_where_both_amounts_are_known(
    board_client, kemi
):
    text = visible_text(board_client.get(PERUSTURVA_2022))

    # Projects 2, 4 and 5: (23 065 + 4 354 + 19 335) / (345 955 + 43 540 + 193 350).
    assert "niistä hankkeista, joilla molemmat ovat tiedossa (3 hanketta): 8,0 %" in text.replace(
        "8.0", "8,0"
    )
    assert "(46 754 € / 582 845 €)" in text


def test_a_project_counts_for_the_division_it_belonged_to_in_that_year(kemi):
    summary_2022 = build_project_summary(year=2022)
    summary_2023 = build_project_summary(year=2023)

    vahvax = "Vahvax - digiosaamista ja -palveluja aikuisuuden ja vanhemmuuden vahvistamiseksi"
    assert {row.name: row.division for row in summary_2022.rows}[vahvax] == "Perusturvatoimiala"
    assert {row.name: row.division for row in summary_2023.rows}[vahvax] == "Hyvinvointitoimiala"
    by_division_2023 = {
        group.label: group.totals.count
        for year in summary_2023.by_year
        if year.year == 2023
        for group in year.by_division
    }
    assert by_division_2023 == {"Hyvinvointitoimiala": 2, "Perusturvatoimiala": 3}


def test_a_project_moved_mid_year_counts_once_for_the_division_it_moved_to(board_client):
    PlanFactory(start_year=2022, end_year=2025)
    old, new = DivisionFactory(name="Vanha toimiala"), DivisionFactory(name="Uusi toimiala")
    moved = ProjectFactory(
        name="Siirtyvä hanke", start_date=datetime.date(2023, 1, 1), end_date=None
    )
    DivisionPeriodFactory(project=moved, division=old, valid_until=datetime.date(2024, 6, 30))
    DivisionPeriodFactory(project=moved, division=new, valid_from=datetime.date(2024, 7, 1))
    ended = ProjectFactory(
        name="Ennen siirtoa päättyvä",
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2024, 3, 31),
    )
    DivisionPeriodFactory(project=ended, division=old, valid_until=datetime.date(2024, 6, 30))
    DivisionPeriodFactory(project=ended, division=new, valid_from=datetime.date(2024, 7, 1))

    summary = build_project_summary(year=2024)

    assert {row.name: row.division for row in summary.rows} == {
        "Siirtyvä hanke": "Uusi toimiala",
        "Ennen siirtoa päättyvä": "Vanha toimiala",
    }
    year_2024 = next(year for year in summary.by_year if year.year == 2024)
    assert {group.label: group.totals.count for group in year_2024.by_division} == {
        "Uusi toimiala": 1,
        "Vanha toimiala": 1,
    }
    assert build_project_summary(year=2024, division=old).totals.count == 1
    assert build_project_summary(year=2023, division=old).totals.count == 2


def test_totals_by_funder_count_each_funder_of_a_project(board_client, kemi):
    summary = build_project_summary(year=2022)
    by_funder = {group.label: group.totals for group in summary.by_funder}

    assert by_funder["ESR"].count == 3
    assert by_funder["ESR"].self_financing == Decimal("71960.00")  # 29 560 + 23 065 + 19 335
    assert by_funder["STM"].total_budget == Decimal("2449000.00")  # 1 149 000 + n. 1 300 000
    assert by_funder["YM"].self_financing == Decimal("53200.00")


def test_an_unknown_division_or_year_in_the_filter_is_not_found(board_client, kemi):
    assert board_client.get("/reports/projects/?division=tuntematon").status_code == 404
    assert board_client.get("/reports/projects/?year=1999").status_code == 404
    assert board_client.get("/reports/projects/xlsx/?year=abc").status_code == 404


def test_a_project_without_amounts_is_listed_and_excluded_from_the_totals(board_client):
    division = DivisionFactory(slug="testitoimiala")
    empty = ProjectFactory(
        name="Summaton hanke", total_budget=None, city_share=None, self_financing=None
    )
    DivisionPeriodFactory(project=empty, division=division)

    text = visible_text(board_client.get("/reports/projects/?division=testitoimiala"))

    assert "Summaton hanke" in text
    assert (
        "Yhteensä (1 hanketta, tiedossa olevat summat) ei tiedossa ei tiedossa ei tiedossa" in text
    )
    assert "0 €" not in text
    assert "kustannusarvio puuttuu 1, Kemin osuus 1 ja omarahoitus 1 hankkeelta" in text


def test_the_xlsx_holds_numbers_and_dates_not_formatted_text(board_client, kemi):
    response = board_client.get("/reports/projects/xlsx/?division=perusturvatoimiala&year=2022")

    book = workbook(response.content)
    sheet = book["Hankkeet"]
    header = [cell.value for cell in sheet[1]]
    rows = {
        row[1]: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[0]
    }
    living_lab = rows["Living Lab Pruntsi"]
    assert living_lab["Kustannusarvio (€)"] == 262036
    assert living_lab["Kemin osuus (€)"] == 43540
    assert living_lab["Alkaa"] == datetime.datetime(2021, 11, 1)
    assert rows["Lapin Tulevaisuuden SOTE- keskus"]["Kustannusarvio (€)"] == "ei tiedossa"
    assert sheet["G2"].number_format == '#,##0.00 "€"'
    assert sheet["D2"].number_format == "d.m.yyyy"
    assert {"Rahoittajittain", "Vuosittain", "Korvamerkityt"} <= set(book.sheetnames)


def test_the_xlsx_totals_stand_under_their_own_headings(board_client, kemi):
    response = board_client.get("/reports/projects/xlsx/?division=perusturvatoimiala&year=2022")

    sheet = workbook(response.content)["Hankkeet"]
    header = [cell.value for cell in sheet[1]]
    totals = next(
        dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(values_only=True)
        if str(row[1]).startswith("Yhteensä")
    )
    assert totals["Hanke"] == "Yhteensä (9 hanketta, tiedossa olevat summat)"
    assert totals["Kustannusarvio (€)"] == 4232966
    assert totals["Kustannusarvio on arvio"] == "sisältää n.-arvioita"
    assert totals["Kemin osuus (€)"] == 582845
    assert totals["Omarahoitus (€)"] == 145885
    assert totals["Rahoittaja"] is None and totals["Alkaa"] is None
    notes = [row[1] for row in sheet.iter_rows(values_only=True) if row[0] is None and row[1]]
    assert any("Kemin osuus 6" in note for note in notes)


def test_the_xlsx_totals_sheets_have_headings_unknowns_and_percentages(board_client, kemi):
    response = board_client.get("/reports/projects/xlsx/?division=perusturvatoimiala&year=2022")

    book = workbook(response.content)
    by_funder = book["Rahoittajittain"]
    header = [cell.value for cell in by_funder[1]]
    assert all(header), header
    assert header[0] == "Rahoittaja"
    rows = {
        row[0]: dict(zip(header, row, strict=True))
        for row in by_funder.iter_rows(min_row=2, values_only=True)
    }
    assert rows["OKM"]["Kemin osuus (€)"] == "ei tiedossa"
    assert rows["STM"]["Kustannusarviossa n.-arvioita (hankkeita)"] == 1
    esr = rows["ESR"]
    assert esr["Omarahoitusosuus"] == pytest.approx(0.079)
    assert esr["Omarahoitusosuus laskettu hankkeista"] == 2
    rate_cell = by_funder.cell(row=2 + list(rows).index("ESR"), column=6)
    assert rate_cell.number_format == "0.0 %"
    by_year = book["Vuosittain"]
    assert [cell.value for cell in by_year[1]][:2] == ["Vuosi", "Toimiala"]
    earmarks = list(book["Korvamerkityt"].iter_rows(min_row=2, values_only=True))
    assert [(row[2], row[3]) for row in earmarks] == [("Kemin kaupunki", 25000)]


def test_the_xlsx_read_by_libreoffice_prints_each_total_under_its_heading(
    board_client, kemi, tmp_path
):
    response = board_client.get("/reports/projects/xlsx/?division=perusturvatoimiala&year=2022")

    text = spreadsheet_as_pdf_text(response.content, tmp_path)
    lines = text.splitlines()
    # LibreOffice prints the sheet's columns over as many pages as they need; on the page of
    # "Kustannusarvio (€)", the total is in the same column as the heading.
    for heading, total in (
        ("Kustannusarvio (€)", "4,232,966.00"),
        ("Kemin osuus (€)", "582,845.00"),
    ):
        head = next(line for line in lines if heading in line)
        start = head.index(heading)
        row = next(line for line in lines if total in line)
        # the right-aligned amount ends within the heading's column
        end = row.index(total) + len(total)
        assert start <= end <= start + len(heading) + 4, (head, row)
    assert "ei tiedossa" in text


def test_the_pdf_has_the_projects_and_totals_as_text(board_client, kemi, tmp_path):
    response = board_client.get("/reports/projects/pdf/?division=perusturvatoimiala&year=2022")

    assert response["Content-Type"] == "application/pdf"
    text = squash(pdf_text(response.content, tmp_path))
    assert "Ulkoisella rahoituksella toteutettavat hankkeet, perusturvatoimiala 2022" in text
    assert "145 885 €" in text
    assert "Sivu 1 /" in text


@pytest.mark.parametrize(("count", "plans"), [(10, 1), (300, 3)])
def test_the_summary_runs_the_same_queries_for_few_and_many_projects_and_plans(
    board_client, django_assert_num_queries, count, plans
):
    for n in range(plans):
        PlanFactory(start_year=2022 + 4 * n, end_year=2025 + 4 * n)
    division = DivisionFactory(slug="isotoimiala")
    funder = FunderFactory()
    for _ in range(count):
        project = ProjectFactory(funders=[funder])
        DivisionPeriodFactory(project=project, division=division)
    # 1 session, 2 user, 3 the user's roles (the read check, kept for the navigation), 4–5 the
    # filter's divisions and years, 6–7 the summary's divisions and years, 8 the totals, 9 the
    # page's projects, 10 their funders, 11 their results, 12 their earmarked parts, 13 the
    # totals by funder, 14 the totals of every plan year (one UNION ALL)
    with django_assert_num_queries(14):
        response = board_client.get("/reports/projects/?division=isotoimiala&year=2023")
    assert response.status_code == 200
    assert f"Yhteensä ({count} hanketta" in visible_text(response)


@pytest.fixture
def many_projects():
    """120 projects of one division running in 2023, a day apart; the 111th has an earmark."""
    PlanFactory(start_year=2022, end_year=2025)
    division = DivisionFactory(slug="sivutoimiala")
    projects = []
    for n in range(120):
        project = ProjectFactory(
            name=f"Sivutettu hanke {n + 1:03d}",
            start_date=datetime.date(2022, 1, 1) + datetime.timedelta(days=n),
        )
        DivisionPeriodFactory(project=project, division=division)
        projects.append(project)
    EarmarkedPart.objects.create(
        project=projects[110],
        recipient=OrganizationFactory(name="Korvamerkin saaja"),
        amount=Decimal("25000.00"),
    )
    return projects


MANY = "/reports/projects/?division=sivutoimiala&year=2023"


def test_the_summary_shows_fifty_projects_a_page_and_totals_over_every_page(
    board_client, many_projects
):
    response = board_client.get(MANY)

    text = visible_text(response)
    assert "Sivutettu hanke 001" in text and "Sivutettu hanke 050" in text
    assert "Sivutettu hanke 051" not in text
    assert "Hankkeet 1–50 / 120" in text
    assert "Yhteensä (120 hanketta, tiedossa olevat summat) 12 000 000 €" in text
    # The filter stays in the links to the other pages.
    html = response.content.decode()
    assert 'href="?division=sivutoimiala&amp;year=2023&amp;page=2"' in html
    assert 'href="?division=sivutoimiala&amp;year=2023&amp;page=3"' in html
    # The details are only those of the page's projects.
    assert "Korvamerkin saaja" not in text


def test_a_later_page_numbers_its_rows_on_and_shows_the_details_of_its_projects(
    board_client, many_projects
):
    response = board_client.get(f"{MANY}&page=3")

    text = visible_text(response)
    assert "Sivutettu hanke 101" in text and "Sivutettu hanke 120" in text
    assert "Sivutettu hanke 100" not in text
    assert [row.number for row in response.context["summary"].rows] == list(range(101, 121))
    assert "Hankkeet 101–120 / 120" in text
    assert "Korvamerkin saaja" in text
    assert "Yhteensä (120 hanketta, tiedossa olevat summat) 12 000 000 €" in text
    # A page past the last shows the last; the downloads' links carry no page.
    assert "Sivutettu hanke 120" in visible_text(board_client.get(f"{MANY}&page=99"))
    downloads = re.findall(r'href="([^"]*/(?:pdf|xlsx)/[^"]*)"', response.content.decode())
    assert downloads and not [link for link in downloads if "page=" in link]


def test_the_xlsx_lists_every_project_of_the_filter_whatever_the_page(board_client, many_projects):
    response = board_client.get("/reports/projects/xlsx/?division=sivutoimiala&year=2023&page=2")

    book = workbook(response.content)
    names = [row[1] for row in book["Hankkeet"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert names == [f"Sivutettu hanke {n:03d}" for n in range(1, 121)]
    earmarks = list(book["Korvamerkityt"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[2]) for row in earmarks] == [(111, "Korvamerkin saaja")]


@pytest.mark.parametrize("count", [10, 300])
def test_the_xlsx_runs_the_same_queries_for_few_and_many_projects(
    board_client, django_assert_num_queries, count
):
    PlanFactory(start_year=2022, end_year=2025)
    division = DivisionFactory(slug="isotoimiala")
    for _ in range(count):
        DivisionPeriodFactory(project=ProjectFactory(), division=division)
    # 1 session, 2 user, 3 the user's roles, 4–5 the filter's divisions and years, 6–7 the
    # summary's divisions and years, 8 the totals, 9 every project of the filter, 10 their
    # funders, 11 their results, 12 their earmarked parts, 13 the totals by funder, 14 the
    # totals of every plan year (one UNION ALL)
    with django_assert_num_queries(14):
        response = board_client.get("/reports/projects/xlsx/?division=isotoimiala&year=2023")
    assert response.status_code == 200
    assert workbook(response.content)["Hankkeet"].max_row > count


amounts = st.integers(min_value=0, max_value=10**9).map(lambda cents: Decimal(cents) / 100)
maybe = st.one_of(st.none(), amounts)


@st.composite
def project_amounts(draw):
    """Amounts that obey 0 ≤ self-financing ≤ Kemi's share ≤ total, each possibly unknown."""
    low, middle, high = sorted(draw(st.lists(amounts, min_size=3, max_size=3)))
    return tuple(draw(st.sampled_from([value, None])) for value in (high, middle, low))


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(project_amounts(), min_size=1, max_size=25))
def test_totals_equal_an_exact_decimal_sum_to_the_cent(rows):
    with transaction.atomic():
        division = DivisionFactory(slug="summatoimiala")
        for total, share, own in rows:
            project = ProjectFactory(total_budget=total, city_share=share, self_financing=own)
            DivisionPeriodFactory(project=project, division=division)

        totals = build_project_summary(division=division).totals

        def exact(values):
            return sum((value for value in values if value is not None), Decimal("0.00"))

        assert totals.total_budget == exact(row[0] for row in rows)
        assert totals.city_share == exact(row[1] for row in rows)
        assert totals.self_financing == exact(row[2] for row in rows)
        both = [row for row in rows if row[1] is not None and row[2] is not None]
        assert totals.rate_self_financing == exact(row[2] for row in both)
        assert totals.rate_city_share == exact(row[1] for row in both)
        transaction.set_rollback(True)
