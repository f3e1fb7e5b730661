"""The import files keep their format whatever the page's language: Finnish column headers and
Finnish choice values are the file format's keys, not labels shown on the page."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from common.spreadsheets import file_labels
from imports import actions, projects
from imports.models import ImportBatch
from plans.models import Action
from projects.models import DivisionPeriod, Project
from tests.spreadsheet_files import confirm, csv_rows, upload, xlsx_rows

ROWS_OF = {"xlsx": xlsx_rows, "csv": csv_rows}


@pytest.fixture
def swedish_admin(client, admin_user, kemi):
    """An admin (who may import both kinds) with Swedish chosen as a visitor chooses it."""
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    return client


def test_choice_labels_in_a_file_are_finnish_whatever_the_language():
    # Labels translated into Swedish on the page ("Tavoite" is "Mål" in the catalogue).
    choices = [("goal", gettext_lazy("Tavoite")), ("area", gettext_lazy("Painopiste"))]
    with translation.override("sv"):
        assert [str(label) for _value, label in choices] == ["Mål", "Fokusområde"]
        assert file_labels(choices) == {"goal": "Tavoite", "area": "Painopiste"}
    assert file_labels(Action.Status.choices)["done"] == "toteutunut"


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_actions_list_downloaded_in_swedish_has_the_import_formats_finnish_keys(
    swedish_admin, file_format
):
    response = swedish_admin.get(f"/actions/export.{file_format}")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "sv"  # the page around it is Swedish
    header, *rows = ROWS_OF[file_format](response.content)
    assert header == actions.COLUMNS
    statuses = set(file_labels(Action.Status.choices).values())
    assert {row[header.index("Tila")] for row in rows} <= statuses
    assert len(rows) == Action.objects.count()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_actions_downloaded_in_swedish_import_unchanged_in_swedish(swedish_admin, file_format):
    exported = swedish_admin.get(f"/imports/actions/export.{file_format}")
    assert ROWS_OF[file_format](exported.content)[0] == actions.COLUMNS
    before = list(Action.objects.order_by("pk").values_list("pk", "version", "updated_at"))

    preview = upload(swedish_admin, "actions", f"toimenpiteet.{file_format}", exported.content)
    assert preview.status_code == 200
    confirm(swedish_admin, preview)

    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created_count, batch.updated_count) == ("done", 0, 0)
    assert list(Action.objects.order_by("pk").values_list("pk", "version", "updated_at")) == before
    again = swedish_admin.get(f"/imports/actions/export.{file_format}")
    assert ROWS_OF[file_format](again.content) == ROWS_OF[file_format](exported.content)


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_projects_downloaded_in_swedish_import_unchanged_in_swedish(swedish_admin, file_format):
    exported = swedish_admin.get(f"/imports/projects/export.{file_format}")
    header, *rows = ROWS_OF[file_format](exported.content)
    assert header == projects.columns()
    roles = set(file_labels(Project.Role.choices).values())
    assert {row[header.index("Kemin rooli")] for row in rows} <= roles
    periods = list(
        DivisionPeriod.objects.values_list("pk", "division", "valid_from", "valid_until")
    )

    preview = upload(swedish_admin, "projects", f"hankkeet.{file_format}", exported.content)
    assert preview.status_code == 200
    confirm(swedish_admin, preview)

    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created_count, batch.updated_count) == ("done", 0, 0)
    assert (
        list(DivisionPeriod.objects.values_list("pk", "division", "valid_from", "valid_until"))
        == periods
    )
