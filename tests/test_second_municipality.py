"""A second municipality, set up as the README's "Oma kunta" says, shows its own name on every
page, report, download and e-mail, and never Kemi's.

Tornio (851, Lapin hyvinvointialue; in Swedish Torneå) is set up in an empty test database by
`manage.py setup_municipality`; the settings it writes to the environment file are applied as
the restarted app would read them. Its plan, action and project are made with the factories.
"""

import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from common.city import current_city
from kemi_hyte.municipality import CITY_VARIABLES, read_env_file
from plans.models import Division
from projects.models import Project
from tests.browser_pages import WIDTHS, new_context, screenshot, sign_in
from tests.factories import (
    ActionFactory,
    DivisionPeriodFactory,
    FocusAreaFactory,
    FunderFactory,
    ObjectiveFactory,
    PlanFactory,
    ProjectFactory,
    StrategicGoalFactory,
)
from tests.office import require
from tests.spreadsheet_files import confirm, csv_bytes, csv_rows, upload, xlsx_rows
from tests.test_pages_browser import PAGES
from tests.test_settings import load_settings

YEAR = 2023
PASSWORD = "Tornion-salasana-2024"
TITLE = "Tornion hyvinvointisuunnitelma"
SETUP = [
    "--no-input",
    "--name=Tornio",
    "--genitive=Tornion",
    "--number=851",
    "--county=Lapin hyvinvointialue",
    "--name-sv=Torneå",
    "--county-sv=Lapplands välfärdsområde",
    "--division=Hyvinvointitoimiala",
    "--division=Sivistystoimiala",
    "--admin-username=tornio-admin",
    "--admin-email=hyte@tornio.example",
]


def apply_env_file(settings, path) -> dict[str, str]:
    """The city's settings as the app reads them after a restart with the written file."""
    values = read_env_file(path.read_text(encoding="utf-8"))
    for name in CITY_VARIABLES:
        setattr(settings, name, values.get(name, ""))
    return values


@pytest.fixture
def tornio(db, settings, tmp_path, monkeypatch):
    """Tornio set up by the documented command, with a small plan, an action and a project."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    env_file = tmp_path / "env"
    env_file.write_text('DJANGO_SECRET_KEY="pidetaan"\n', encoding="utf-8")
    call_command("setup_municipality", *SETUP, f"--env-file={env_file}", stdout=io.StringIO())
    apply_env_file(settings, env_file)

    division = Division.objects.get(slug="hyvinvointitoimiala")
    goal = StrategicGoalFactory(plan=PlanFactory(name="Tornion hyvinvointisuunnitelma"))
    ObjectiveFactory(goal=goal, text="Hyvinvoiva tornionlaakso")
    focus_area = FocusAreaFactory(goal=goal, text="Liikunnan lisääminen")
    action = ActionFactory(plan=goal.plan, year=YEAR, division=division, focus_areas=[focus_area])
    project = ProjectFactory(
        name="Liikkuva Tornio",
        total_budget=Decimal("200000.00"),
        city_share=Decimal("80000.00"),
        self_financing=Decimal("8000.00"),
        city_role=Project.Role.LEAD,
        funders=[FunderFactory()],
    )
    project.focus_areas.set([focus_area])
    DivisionPeriodFactory(project=project, division=division)
    user = get_user_model().objects.get(username="tornio-admin")
    return {
        "env_file": env_file,
        "user": user,
        "plan": goal.plan.pk,
        "action": action.pk,
        "project": project.pk,
        "focus_area": focus_area.pk,
        "division": division.slug,
    }


# The pages opened by their address; the two import previews are reached by an upload, and
# judged in tests/test_pages_browser.py and tests/test_import_document_browser.py.
OPENED_PAGES = sorted(name for name, page in PAGES.items() if page is not None)


def url_of(name: str, values: dict) -> str:
    """The page of `tests/test_pages_browser.PAGES`, with Tornio's rows and kinds."""
    arguments, query = PAGES[name]
    kwargs = {}
    for key, value in arguments.items():
        if key == "year":
            kwargs[key] = YEAR
        elif key == "division":
            kwargs[key] = values["division"]
        elif key == "kind":
            kwargs[key] = "projects"
        elif isinstance(value, str) and value.startswith("{"):
            kwargs[key] = values[value.strip("{}")]
        else:
            kwargs[key] = value
    return reverse(name, kwargs=kwargs) + query.replace("{plan}", str(values["plan"]))


def assert_tornio(text: str, where: str) -> None:
    assert "Kemi" not in text, (
        f"{where} names Kemi: …{text[max(0, text.find('Kemi') - 60) :][:140]}…"
    )


# --- The command --------------------------------------------------------------------------


def test_the_command_writes_the_settings_the_divisions_and_the_first_admin(tornio):
    values = read_env_file(tornio["env_file"].read_text(encoding="utf-8"))
    assert values == {
        "DJANGO_SECRET_KEY": "pidetaan",
        "HYTE_CITY_NAME": "Tornio",
        "HYTE_CITY_GENITIVE": "Tornion",
        "HYTE_CITY_NUMBER": "851",
        "HYTE_COUNTY_NAME": "Lapin hyvinvointialue",
        "HYTE_CITY_NAME_SV": "Torneå",
        "HYTE_COUNTY_NAME_SV": "Lapplands välfärdsområde",
    }
    assert 'HYTE_COUNTY_NAME="Lapin hyvinvointialue"' in tornio["env_file"].read_text()
    assert list(Division.objects.values_list("name", "slug")) == [
        ("Hyvinvointitoimiala", "hyvinvointitoimiala"),
        ("Sivistystoimiala", "sivistystoimiala"),
    ]
    user = tornio["user"]
    assert user.is_superuser and user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["admin"]


def test_the_env_file_reads_back_in_a_shell_as_it_was_written(tornio):
    """docs/deploy.md's `manage` wrapper sources the file in sh: the quotes must hold."""
    script = f'. "{tornio["env_file"]}"; printf %s "$HYTE_COUNTY_NAME|$HYTE_CITY_NAME_SV"'
    shown = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True)
    assert shown.stdout == "Lapin hyvinvointialue|Torneå"


def test_a_second_run_refuses_the_same_admin_and_writes_nothing(tornio, tmp_path):
    env_file = tmp_path / "toinen"
    with pytest.raises(Exception, match="on jo olemassa"):
        call_command(
            "setup_municipality",
            *SETUP,
            "--division=Uusi toimiala",
            f"--env-file={env_file}",
            stdout=io.StringIO(),
        )
    assert not Division.objects.filter(name="Uusi toimiala").exists()
    assert not env_file.exists()


def test_a_missing_genitive_is_refused_without_writing(db, tmp_path):
    with pytest.raises(Exception, match="genetiivi puuttuu"):
        call_command(
            "setup_municipality",
            "--no-input",
            "--name=Simo",
            "--number=845",
            "--county=Lapin hyvinvointialue",
            "--division=Sivistystoimiala",
            "--admin-username=simo",
            stdout=io.StringIO(),
        )
    assert not Division.objects.exists()


def test_a_city_name_without_its_genitive_stops_the_app_at_start():
    result = load_settings(DJANGO_DEBUG="true", HYTE_CITY_NAME="Tornio")
    assert result.returncode != 0
    assert "HYTE_CITY_GENITIVE is not set" in result.stderr


def test_a_municipality_number_that_is_no_number_stops_the_app_at_start():
    result = load_settings(DJANGO_DEBUG="true", HYTE_CITY_NUMBER="Tornio")
    assert "HYTE_CITY_NUMBER must be digits" in result.stderr


def test_swedish_forms_of_the_city(tornio):
    with translation.override("sv"):
        city = current_city()
    assert (city.name, city.genitive, city.organization, city.county) == (
        "Torneå",
        "Torneås",
        "Torneå stad",
        "Lapplands välfärdsområde",
    )
    city = current_city()
    assert (city.genitive, city.organization, city.share_label) == (
        "Tornion",
        "Tornion kaupunki",
        "Tornion osuus",
    )


# --- Pages, reports, downloads and e-mail --------------------------------------------------


@pytest.mark.parametrize("name", OPENED_PAGES)
def test_every_page_names_tornio_and_not_kemi(client, tornio, name):
    client.force_login(tornio["user"])
    if name == "imports:preview":
        export = client.get(reverse("imports:export", args=["projects", "csv"])).content
        response = upload(client, "projects", "hankkeet.csv", export)
    else:
        response = client.get(url_of(name, tornio), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    # A report's title is its own ("Raportit", the plan's name and year), as in Kemi.
    if not name.startswith("reports:"):
        assert TITLE in title
    assert "Tornion kaupunki" in html
    assert_tornio(html, name)


def test_the_project_pages_and_the_summary_name_tornions_share(client, tornio):
    client.force_login(tornio["user"])
    for url in (
        reverse("home"),
        reverse("reports:project", args=[tornio["project"]]),
        reverse("reports:projects"),
        reverse("reports:overview", args=[YEAR]),
    ):
        html = client.get(url).content.decode()
        assert "Tornion osuus" in html, url
    project_page = client.get(reverse("reports:project", args=[tornio["project"]]))
    assert "Tornion rooli" in project_page.content.decode()


def test_the_admin_names_tornio(client, tornio):
    client.force_login(tornio["user"])
    pages = [
        reverse("admin:index"),
        reverse("admin:projects_project_changelist"),
        reverse("admin:projects_project_change", args=[tornio["project"]]),
        reverse("admin:projects_project_history", args=[tornio["project"]]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert TITLE in html, url
        assert_tornio(html, url)
    change = client.get(pages[2]).content.decode()
    assert "Tornion osuus" in change and "Tornion rooli" in change
    assert "Kaupungin osuus" not in client.get(pages[1]).content.decode()


def test_with_kemis_defaults_the_pages_still_say_kemin_osuus(client, kemi, admin_user):
    """The field's city-neutral name ("kaupungin osuus") is never what Kemi's users read."""
    client.force_login(admin_user)
    vahvax = Project.objects.get(short_name="Vahvax")
    for url in (
        reverse("home") + "?year=2023",
        reverse("reports:project", args=[vahvax.pk]),
        reverse("admin:projects_project_changelist"),
        reverse("admin:projects_project_change", args=[vahvax.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Kemin osuus" in html, url
        assert "aupungin osuus" not in html and "aupungin rooli" not in html, url


def test_a_refusal_beside_the_share_names_tornio(client, tornio):
    client.force_login(tornio["user"])
    url = reverse("admin:projects_project_change", args=[tornio["project"]])
    project = Project.objects.get(pk=tornio["project"])
    project.self_financing = Decimal("90000")
    with pytest.raises(Exception) as refused:
        project.full_clean()
    assert "Omarahoitus ei voi olla suurempi kuin Tornion osuus." in str(refused.value)
    assert client.get(url).status_code == 200


def test_error_pages_name_tornio(client, tornio, settings):
    settings.DEBUG = False
    for url, status in (("/ei-tallaista-sivua/", 404),):
        response = client.get(url)
        assert response.status_code == status
        html = response.content.decode()
        assert TITLE in html and "Tornion kaupunki" in html
        assert_tornio(html, url)
    outsider = get_user_model().objects.create_user("ulkopuolinen", password=PASSWORD)
    client.force_login(outsider)
    refused = client.get(reverse("home"))
    assert refused.status_code == 403
    assert TITLE in refused.content.decode()


def pdf_text(content: bytes, tmp_path) -> str:
    require("pdftotext", "poppler-utils")
    path = tmp_path / "raportti.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(paragraph.text for paragraph in section.header.paragraphs)
        parts.extend(paragraph.text for paragraph in section.footer.paragraphs)
    return "\n".join(parts)


def xlsx_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def test_every_report_format_names_tornio_and_not_kemi(client, tornio, tmp_path):
    client.force_login(tornio["user"])
    division = tornio["division"]
    pdfs = {
        "annual": reverse("reports:annual_pdf", args=[YEAR, division]),
        "projects": reverse("reports:projects_pdf"),
        "project": reverse("reports:project_pdf", args=[tornio["project"]]),
        "overview": reverse("reports:overview_pdf", args=[YEAR]),
    }
    texts = {name: pdf_text(client.get(url).content, tmp_path) for name, url in pdfs.items()}
    texts["annual.docx"] = docx_text(
        client.get(reverse("reports:annual_docx", args=[YEAR, division])).content
    )
    texts["annual.xlsx"] = xlsx_text(
        client.get(reverse("reports:annual_xlsx", args=[YEAR, division])).content
    )
    texts["projects.xlsx"] = xlsx_text(client.get(reverse("reports:projects_xlsx")).content)
    for name, text in texts.items():
        assert_tornio(text, name)
    for name in ("projects", "project", "overview", "projects.xlsx"):
        assert "Tornion osuus" in texts[name], name
    assert "Tornion rooli" in texts["project"]


def test_the_downloads_name_tornions_columns(client, tornio):
    client.force_login(tornio["user"])
    projects = csv_rows(client.get(reverse("imports:export", args=["projects", "csv"])).content)
    assert "Tornion osuus" in projects[0] and "Tornion rooli" in projects[0]
    xlsx = xlsx_rows(client.get(reverse("imports:export", args=["projects", "xlsx"])).content)
    assert xlsx[0] == projects[0]
    for name in ("actions:export_csv", "actions:export_xlsx"):
        assert_tornio(client.get(reverse(name)).content.decode("utf-8", "replace"), name)


def test_a_file_with_kemis_old_columns_imports_into_tornio(client, tornio):
    """Files exported before the city was configurable say "Kemin osuus": still read."""
    client.force_login(tornio["user"])
    header, row = csv_rows(client.get(reverse("imports:export", args=["projects", "csv"])).content)
    old_header = [
        {"Tornion osuus": "Kemin osuus", "Tornion rooli": "Kemin rooli"}.get(column, column)
        for column in header
    ]
    row[header.index("Tornion osuus")] = "95 000"
    preview = upload(client, "projects", "vanha.csv", csv_bytes([old_header, row]))
    assert "muutetaan: Tornion osuus" in preview.content.decode()
    confirm(client, preview)
    assert Project.objects.get(pk=tornio["project"]).city_share == Decimal("95000.00")


def test_the_password_reset_email_names_tornio(client, tornio):
    client.post(reverse("password_reset"), {"email": "hyte@tornio.example"})
    (message,) = mail.outbox
    assert message.subject == f"{TITLE}: salasanan vaihtaminen"
    assert "Tornion hyvinvointisuunnitelman käyttäjätunnukselle tornio-admin" in message.body
    assert_tornio(message.subject + message.body, "e-mail")


def test_sotkanet_is_asked_for_tornio_by_its_number(tornio):
    from indicators.sotkanet import user_agent

    assert django_settings.HYTE_CITY_NUMBER == "851"
    assert user_agent() == "kemi-hyte (hyvinvointisuunnitelman seuranta: Tornio, kunta 851)"


# --- In Chromium --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tornios_pages_in_chromium_name_tornio_and_not_kemi(browser, live_server, tornio):
    """Every page at both widths, screenshots in var/screenshots/<width>/tornio--<page>.png."""
    problems = []
    context = new_context(browser)
    try:
        sign_in(context, live_server, tornio["user"])
        page = context.new_page()
        for name in OPENED_PAGES:
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            page.goto(live_server.url + url_of(name, tornio))
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                page.wait_for_function(f"window.innerWidth === {width}")
                screenshot(page, width, f"tornio--{name}")
            title, text = page.title(), page.inner_text("body")
            if TITLE not in title and not name.startswith("reports:"):
                problems.append(f"{name}: title {title!r}")
            if "Kemi" in text or "Tornion kaupunki" not in text:
                problems.append(f"{name}: {text[:200]!r}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
