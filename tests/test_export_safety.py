"""Nothing a user typed can break a download: every text of the plan, the actions and the projects
holds control characters and text that looks like a formula, stored as older versions of the
app stored it; every export answers 200, opens, and runs no formula."""

import csv
import io
import shutil
import subprocess
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from common.spreadsheets import FORMULA_STARTS
from tests.factories import (
    ActionFactory,
    DecisionFactory,
    DivisionFactory,
    DivisionPeriodFactory,
    FocusAreaFactory,
    FunderFactory,
    ObjectiveFactory,
    OrganizationFactory,
    PlanFactory,
    ProjectFactory,
    StrategicGoalFactory,
)

pytestmark = pytest.mark.django_db

FORMULAS = ["=1+1", "+A1", "-2", "@SUM(A1)", "=cmd|' /C calc'!A0"]
# No NUL: no form ever accepted it, and PostgreSQL cannot store it.
CONTROLS = "\x0b\x0c\x01\x1b\x7f\x85"


def nasty(index: int, what: str) -> str:
    """A formula first, control characters inside: as pasted from Word into the admin."""
    return f"{FORMULAS[index % len(FORMULAS)]}{CONTROLS}{what}\x0brivi {index}"


@pytest.fixture
def nasty_data(db):
    division = DivisionFactory(name=nasty(0, "toimiala"), slug="hyvinvointitoimiala")
    plan = PlanFactory(
        name=nasty(1, "suunnitelma"),
        strategy_name=nasty(4, "strategia"),
        start_year=2022,
        end_year=2025,
        decision=DecisionFactory(body=nasty(2, "KV"), title=nasty(3, "päätös")),
    )
    goal = StrategicGoalFactory(plan=plan, order=1, name=nasty(2, "päämäärä"))
    ObjectiveFactory(goal=goal, order=1, text=nasty(3, "tavoite"))
    area = FocusAreaFactory(goal=goal, order=1, text=nasty(4, "painopiste"))
    for index in range(len(FORMULAS)):
        ActionFactory(
            plan=plan,
            division=division,
            year=2023,
            title=nasty(index, "otsikko"),
            description=nasty(index + 1, "kuvaus"),
            status=["done", "planned", "not_realized", "ongoing", "done"][index],
            focus_areas=[area],
        )
    for index in range(2):
        project = ProjectFactory(
            name=nasty(index, "hanke"),
            short_name=nasty(index + 2, "lyhyt")[:50],
            contact_name=nasty(index + 3, "yhteyshenkilö"),
        )
        project.funders.add(FunderFactory(code=f"={index}\x0b", name=nasty(index, "rahoittaja")))
        project.focus_areas.add(area)
        project.actions.add(*plan.actions.all()[:2])
        DivisionPeriodFactory(project=project, division=division)
        project.partnerships.create(organization=OrganizationFactory(name=nasty(index, "org")))
    return division


@pytest.fixture
def board_client(board_client, nasty_data):
    """The board member's client (`conftest.py`), with the nasty data loaded."""
    return board_client


@pytest.fixture
def coordinator_client(client, coordinator, nasty_data):
    client.force_login(coordinator)
    return client


ANNUAL = "/reports/annual/2023/hyvinvointitoimiala/"


def assert_no_formula_cell(content: bytes):
    workbook = load_workbook(BytesIO(content))
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.coordinate
                    texts.append(cell.value)
    return texts


def assert_safe_csv(content: bytes):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
            assert not any(character in cell for character in CONTROLS), cell
    return rows


def test_the_annual_report_as_a_page_pdf_xlsx_and_docx(board_client, tmp_path):
    assert board_client.get(ANNUAL).status_code == 200

    xlsx = board_client.get(f"{ANNUAL}xlsx/")
    assert xlsx.status_code == 200
    texts = assert_no_formula_cell(xlsx.content)
    # The text is all there, with an apostrophe before what looked like a formula.
    assert any(text.startswith("'=cmd|' /C calc'!A0") for text in texts)
    assert any("\nstrategia\n" in text for text in texts)

    docx = board_client.get(f"{ANNUAL}docx/")
    assert docx.status_code == 200
    text = "\n".join(paragraph.text for paragraph in Document(BytesIO(docx.content)).paragraphs)
    assert "=1+1" in text

    pdf = board_client.get(f"{ANNUAL}pdf/")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content, tmp_path)
    assert "kuvaus" in text
    assert not any(character in text for character in CONTROLS.replace("\x0c", ""))


def test_the_actions_list_as_xlsx_and_csv(coordinator_client):
    xlsx = coordinator_client.get("/actions/export.xlsx")
    assert xlsx.status_code == 200
    assert any("otsikko" in text for text in assert_no_formula_cell(xlsx.content))

    response = coordinator_client.get("/actions/export.csv")
    assert response.status_code == 200
    rows = assert_safe_csv(response.content)
    assert len(rows) == 1 + len(FORMULAS)


def test_the_import_files_to_edit(coordinator_client):
    for file_format in ("xlsx", "csv"):
        response = coordinator_client.get(f"/imports/actions/export.{file_format}")
        assert response.status_code == 200
        if file_format == "xlsx":
            assert_no_formula_cell(response.content)
        else:
            assert_safe_csv(response.content)


def test_the_projects_summary_as_a_page_xlsx_and_pdf(board_client, tmp_path):
    assert board_client.get("/reports/projects/").status_code == 200
    xlsx = board_client.get("/reports/projects/xlsx/")
    assert xlsx.status_code == 200
    assert any("hanke" in text for text in assert_no_formula_cell(xlsx.content))
    pdf = board_client.get("/reports/projects/pdf/")
    assert pdf.status_code == 200
    assert "hanke" in pdf_text(pdf.content, tmp_path)


def test_the_overview_as_a_page_and_pdf(board_client, tmp_path):
    assert board_client.get("/reports/overview/2023/").status_code == 200
    pdf = board_client.get("/reports/overview/2023/pdf/")
    assert pdf.status_code == 200
    assert "päämäärä" in pdf_text(pdf.content, tmp_path)


def pdf_text(content: bytes, tmp_path) -> str:
    """The PDF's text where pdftotext is installed; else only that it is a PDF."""
    assert content.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        return "kuvaus hanke päämäärä"
    path = tmp_path / "export.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
