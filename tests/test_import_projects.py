"""Importing projects: the admin's budgets, checked by the model's own constraints."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from common.formatting import format_date
from imports.models import ImportBatch
from imports.projects import columns, projects_export_rows
from plans.models import Division
from projects.models import DivisionPeriod, Project
from tests.spreadsheet_files import confirm, csv_bytes, csv_rows, upload, xlsx_bytes, xlsx_rows

# The columns of the Kemi the tests run as: "Kemin osuus", "Kemin rooli".
COLUMNS = columns()
TOITA = "Töitä tarjolla, tekijää kaivataan"


def project_row(**values) -> list:
    """A valid new project as a Finnish Excel CSV row; keyword arguments replace columns."""
    row = {
        "Nimi": "Liikkuva Kemi – yhdessä ulos",
        "Lyhyt nimi": "Liikkuva Kemi",
        "Rahoittajat": "ESR, STM",
        "Alkaa": "1.9.2024",
        "Päättyy": "31.8.2026",
        "Kustannusarvio": "295 600,50 €",
        "Kustannusarvio on arvio": "kyllä",
        "Kemin osuus": "120 000",
        "Omarahoitus": "12 000",
        "Kemin rooli": "päähakija",
        "Yhteyshenkilö": "Saara Kaarnalinna",
        "Yhteyshenkilön tehtävä": "Projektipäällikkö",
        "Toimiala": "Hyvinvointitoimiala",
    }
    row.update(values)
    return [row[column] for column in COLUMNS]


def existing_row(name: str, **values) -> list:
    (row,) = projects_export_rows(Project.objects.filter(name=name))
    for column, value in values.items():
        row[COLUMNS.index(column)] = value
    return row


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_admin_imports_a_new_project_from_a_finnish_excel_csv(client, admin_user, kemi, encoding):
    client.force_login(admin_user)
    content = csv_bytes([COLUMNS, project_row()], encoding=encoding)

    preview = upload(client, "projects", "hankkeet.csv", content)
    assert "Liikkuva Kemi – yhdessä ulos" in preview.content.decode()
    assert not Project.objects.filter(short_name="Liikkuva Kemi").exists()
    confirm(client, preview)

    project = Project.objects.get(name="Liikkuva Kemi – yhdessä ulos")
    assert [funder.code for funder in project.funders.all()] == ["ESR", "STM"]
    assert (project.start_date, project.end_date) == (
        datetime.date(2024, 9, 1),
        datetime.date(2026, 8, 31),
    )
    assert (project.total_budget, project.city_share, project.self_financing) == (
        Decimal("295600.50"),
        Decimal("120000.00"),
        Decimal("12000.00"),
    )
    assert project.total_budget_approximate
    assert (project.city_role, project.contact_name) == ("lead", "Saara Kaarnalinna")
    (period,) = project.division_periods.all()
    assert (period.division.name, period.valid_from, period.valid_until) == (
        "Hyvinvointitoimiala",
        datetime.date(2024, 9, 1),
        None,
    )


def test_empty_money_cells_are_stored_as_unknown(client, admin_user, kemi):
    client.force_login(admin_user)
    row = project_row(Kustannusarvio="", **{"Kemin osuus": None, "Omarahoitus": "0"})

    confirm(client, upload(client, "projects", "h.csv", csv_bytes([COLUMNS, row])))

    project = Project.objects.get(short_name="Liikkuva Kemi")
    assert (project.total_budget, project.city_share, project.self_financing) == (
        None,
        None,
        Decimal("0.00"),
    )


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        (
            {"Kustannusarvio": "10 000", "Kemin osuus": "", "Omarahoitus": "12 000"},
            "Omarahoitus",
            "Omarahoitus ei voi olla suurempi kuin kustannusarvio",
        ),
        (
            {"Kemin osuus": "400 000"},
            "Kemin osuus",
            "Kemin osuus ei voi olla suurempi kuin kustannusarvio",
        ),
        ({"Omarahoitus": "-5"}, "Omarahoitus", "Omarahoitus ei voi olla negatiivinen"),
        ({"Alkaa": "31.2.2023"}, "Alkaa", "Päivämäärää 31.2.2023 ei ole olemassa"),
        ({"Alkaa": ""}, "Alkaa", "Alkamispäivä puuttuu"),
        ({"Päättyy": "1.1.2020"}, "Päättyy", "Päättymispäivä ei voi olla ennen alkamispäivää"),
        ({"Kustannusarvio": "noin paljon"}, "Kustannusarvio", "Anna summa euroina"),
        ({"Kustannusarvio": "100,555"}, "Kustannusarvio", "enintään kaksi desimaalia"),
        ({"Rahoittajat": "ESR, EU"}, "Rahoittajat", "Tuntematon rahoittaja ”EU”"),
        ({"Toimiala": "Sivistystoimiala"}, "Toimiala", "Tuntematon toimiala ”Sivistystoimiala”"),
        ({"Kemin rooli": "vetäjä"}, "Kemin rooli", "Tuntematon arvo ”vetäjä”"),
        ({"Kustannusarvio on arvio": "ehkä"}, "Kustannusarvio on arvio", "Kirjoita ”kyllä”"),
        ({"Nimi": ""}, "Nimi", "Nimi puuttuu"),
    ],
)
def test_a_bad_project_cell_is_reported_with_its_row_and_column_and_nothing_is_written(
    client, admin_user, kemi, values, column, reason
):
    client.force_login(admin_user)
    projects_before = Project.objects.count()
    content = csv_bytes([COLUMNS, project_row(Nimi="Kelvollinen hanke"), project_row(**values)])

    preview = upload(client, "projects", "hankkeet.csv", content)

    html = preview.content.decode()
    assert f"Rivi 3, sarake {column}: " in html
    assert reason in html
    assert "Rivi 2," not in html
    assert "Vahvista tuonti" not in html
    assert Project.objects.count() == projects_before


def test_the_same_project_twice_in_one_file_is_an_error(client, admin_user, kemi):
    client.force_login(admin_user)
    content = csv_bytes([COLUMNS, project_row(), project_row(Omarahoitus="0")])

    html = upload(client, "projects", "h.csv", content).content.decode()

    assert "Rivi 3, sarake Nimi: Sama hanke on jo rivillä 2." in html


def test_an_existing_project_is_matched_by_name_and_only_its_changes_are_shown(
    client, admin_user, kemi
):
    client.force_login(admin_user)
    row = existing_row(TOITA, **{"Kemin osuus": Decimal("200000.00"), "Yhteyshenkilö": "Anna Aho"})

    preview = upload(client, "projects", "h.xlsx", xlsx_bytes([COLUMNS, row]))
    assert "muutetaan: Kemin osuus; Yhteyshenkilö" in preview.content.decode()
    confirm(client, preview)

    project = Project.objects.get(name=TOITA)
    assert (project.city_share, project.contact_name) == (Decimal("200000.00"), "Anna Aho")
    assert project.division_periods.count() == 1


def test_a_changed_division_moves_the_project_on_the_day_of_the_import(client, admin_user, kemi):
    client.force_login(admin_user)
    today = timezone.localdate()
    row = existing_row(TOITA, Toimiala="Hyvinvointitoimiala")

    preview = upload(client, "projects", "h.xlsx", xlsx_bytes([COLUMNS, row]))
    moving = f"siirtyy toimialalle Hyvinvointitoimiala {format_date(today)} alkaen"
    assert f"muutetaan: Toimiala: {moving}" in preview.content.decode()
    confirm(client, preview)

    periods = DivisionPeriod.objects.filter(project__name=TOITA).order_by("valid_from")
    assert [(p.division.name, p.valid_from, p.valid_until) for p in periods] == [
        ("Perusturvatoimiala", datetime.date(2022, 1, 1), today - datetime.timedelta(days=1)),
        ("Hyvinvointitoimiala", today, None),
    ]


def test_an_unchanged_division_leaves_the_history_alone(client, admin_user, kemi):
    client.force_login(admin_user)
    vahvax = Project.objects.get(short_name="Vahvax")
    history = list(
        vahvax.division_periods.values_list("division__name", "valid_from", "valid_until")
    )

    confirm(
        client,
        upload(client, "projects", "h.xlsx", xlsx_bytes([COLUMNS, existing_row(vahvax.name)])),
    )

    assert (
        list(vahvax.division_periods.values_list("division__name", "valid_from", "valid_until"))
        == history
    )


def test_a_division_renamed_after_the_preview_stops_the_whole_import(client, admin_user, kemi):
    client.force_login(admin_user)
    content = csv_bytes(
        [
            COLUMNS,
            project_row(Nimi="Ensimmäinen", Toimiala="Perusturvatoimiala"),
            project_row(Nimi="Toinen"),
        ]
    )
    preview = upload(client, "projects", "h.csv", content)
    assert "Vahvista tuonti" in preview.content.decode()
    Division.objects.filter(name="Hyvinvointitoimiala").update(
        name="Sivistys- ja hyvinvointitoimiala"
    )

    refused = confirm(client, preview)

    assert refused.status_code == 409
    assert "Rivi 3, sarake Toimiala: Tuntematon toimiala" in refused.content.decode()
    assert not Project.objects.filter(name__in=["Ensimmäinen", "Toinen"]).exists()
    assert ImportBatch.objects.get().status == "pending"


# The round trip


def test_projects_export_runs_three_queries_however_many_projects(kemi, django_assert_num_queries):
    assert Project.objects.count() == 9
    # 1 the projects, 2 their funders, 3 their division periods with the divisions.
    with django_assert_num_queries(3):
        rows = projects_export_rows(Project.objects.all())
    assert len(rows) == 9


def test_projects_export_writes_the_current_division_and_unknown_money_as_empty(kemi):
    (vahvax,) = projects_export_rows(Project.objects.filter(short_name="Vahvax"))
    (sote,) = projects_export_rows(Project.objects.filter(name="Lapin Tulevaisuuden SOTE- keskus"))

    assert dict(zip(COLUMNS, vahvax, strict=True))["Toimiala"] == "Hyvinvointitoimiala"
    assert dict(zip(COLUMNS, sote, strict=True)) == {
        "Nimi": "Lapin Tulevaisuuden SOTE- keskus",
        "Lyhyt nimi": "",
        "Rahoittajat": "STM",
        "Alkaa": datetime.date(2020, 8, 1),
        "Päättyy": datetime.date(2022, 12, 31),
        "Kustannusarvio": None,
        "Kustannusarvio on arvio": "",
        "Kemin osuus": None,
        "Omarahoitus": Decimal("0.00"),
        "Kemin rooli": "osatoteuttaja",
        "Yhteyshenkilö": "",
        "Yhteyshenkilön tehtävä": "",
        "Toimiala": "Perusturvatoimiala",
    }


@pytest.mark.parametrize(("file_format", "rows_of"), [("xlsx", xlsx_rows), ("csv", csv_rows)])
def test_exported_projects_import_unchanged_and_export_again_identically(
    client, admin_user, kemi, file_format, rows_of
):
    Project.objects.filter(short_name="Vahvax").update(contact_title="@projektipäällikkö")
    client.force_login(admin_user)
    exported = client.get(f"/imports/projects/export.{file_format}")
    periods_before = list(
        DivisionPeriod.objects.values_list("pk", "division", "valid_from", "valid_until")
    )

    preview = upload(client, "projects", f"hankkeet.{file_format}", exported.content)
    assert (
        "Tiedostossa on 9 riviä: 0 uutta, 0 muutettavaa, 9 ilman muutoksia."
        in preview.content.decode()
    )
    done = confirm(client, preview)

    assert "0 uutta, 0 muutettua" in done.content.decode()
    assert (
        list(DivisionPeriod.objects.values_list("pk", "division", "valid_from", "valid_until"))
        == periods_before
    )
    again = client.get(f"/imports/projects/export.{file_format}")
    assert rows_of(again.content) == rows_of(exported.content)
