"""Who may import what, and files refused at the upload form with nothing kept or written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from imports import actions, projects
from imports.models import ImportBatch
from plans.models import Action
from tests.spreadsheet_files import csv_bytes, csv_rows, upload, xlsx_bytes

PAGES = [
    "/imports/",
    "/imports/actions/",
    "/imports/actions/export.xlsx",
    "/imports/actions/export.csv",
    "/imports/projects/",
    "/imports/projects/export.xlsx",
    "/imports/projects/export.csv",
]
ALLOWED = {
    "coordinator": {
        "/imports/",
        "/imports/actions/",
        "/imports/actions/export.xlsx",
        "/imports/actions/export.csv",
    },
    "admin_user": set(PAGES),
    "board_member": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("persona", list(ALLOWED))
@pytest.mark.parametrize("url", PAGES)
def test_each_role_reaches_only_its_own_import_pages(client, db, request, persona, url):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(url)

    assert response.status_code == (200 if url in ALLOWED[persona] else 403)


@pytest.mark.parametrize("url", PAGES)
def test_a_visitor_who_has_not_signed_in_is_sent_to_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize(
    ("persona", "kind"),
    [("board_member", "actions"), ("outsider", "actions"), ("coordinator", "projects")],
)
def test_an_upload_from_a_role_without_the_right_is_refused_and_not_kept(
    client, db, request, persona, kind
):
    client.force_login(request.getfixturevalue(persona))
    importer = {"actions": actions, "projects": projects}[kind]

    response = client.post(
        f"/imports/{kind}/", {"file": SimpleUploadedFile("t.csv", csv_bytes([importer.columns()]))}
    )

    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_an_unknown_kind_of_import_is_not_found(client, admin_user):
    client.force_login(admin_user)

    assert client.get("/imports/users/").status_code == 404
    assert client.get("/imports/actions/export.pdf").status_code == 404


def test_the_index_offers_each_role_only_what_it_may_import(client, coordinator, admin_user):
    client.force_login(coordinator)
    coordinator_page = client.get("/imports/").content.decode()
    client.force_login(admin_user)
    admin_page = client.get("/imports/").content.decode()

    assert 'href="/imports/actions/"' in coordinator_page
    assert 'href="/imports/projects/"' not in coordinator_page
    assert 'href="/imports/projects/"' in admin_page


def test_an_upload_without_the_csrf_token_is_refused(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post(
        "/imports/actions/", {"file": SimpleUploadedFile("t.csv", csv_bytes([actions.COLUMNS]))}
    )

    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_the_upload_form_has_a_labelled_file_field_with_its_limits(client, coordinator):
    client.force_login(coordinator)

    html = client.get("/imports/actions/").content.decode()

    assert '<label for="id_file">Taulukkotiedosto (.xlsx tai .csv)</label>' in html
    assert 'aria-describedby="id_file_helptext"' in html
    assert "Enintään 5,0\u00a0Mt." in html
    assert 'enctype="multipart/form-data"' in html


# Files refused at the upload form


def assert_refused(response, reason: str) -> None:
    html = response.content.decode()
    assert response.status_code == 400
    assert '<div class="error-summary" role="alert"' in html
    assert f'<a href="#id_file">{reason}' in html
    assert 'aria-invalid="true"' in html
    assert not ImportBatch.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = upload(client, "actions", "toimenpiteet.xlsx", b"%PDF-1.7\n\x00\x01\x02 binary")

    assert_refused(response, "Tiedosto ei ole taulukko.")


def test_an_empty_file_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = upload(client, "actions", "toimenpiteet.csv", b"")

    assert_refused(response, "Tiedosto on tyhjä.")


def test_a_file_without_the_expected_header_is_refused(client, coordinator):
    client.force_login(coordinator)
    content = csv_bytes([["Otsikko", "Vuosi"], ["Liikuntakysely", "2023"]])

    response = upload(client, "actions", "toimenpiteet.csv", content)

    assert_refused(response, "Ensimmäisen rivin on oltava otsikkorivi")
    assert "puuttuvat sarakkeet: Tunniste, Suunnitelma" in response.content.decode()


def test_a_50_megabyte_upload_is_refused_without_being_parsed(client, admin_user, monkeypatch):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("a file over the limit must not be parsed")

    monkeypatch.setattr("common.spreadsheets.load_workbook", must_not_parse)
    monkeypatch.setattr("common.spreadsheets._csv_records", must_not_parse)
    client.force_login(admin_user)
    fifty_megabytes = b"PK\x03\x04" + b"\x00" * (50 * 1024 * 1024 - 4)

    response = upload(client, "projects", "hankkeet.xlsx", fifty_megabytes)

    assert_refused(
        response, "Tiedosto on liian suuri (50,0\u00a0Mt); suurin sallittu koko on 5,0\u00a0Mt."
    )


@pytest.mark.parametrize(
    ("size", "told"),
    [
        (5 * 1024 * 1024 + 10_000, ("5,01\u00a0Mt", "5,00\u00a0Mt")),
        (5 * 1024 * 1024 + 1024, ("5,001\u00a0Mt", "5,000\u00a0Mt")),
        (5 * 1024 * 1024 + 1, ("5\u00a0242\u00a0881\u00a0tavua", "5\u00a0242\u00a0880\u00a0tavua")),
    ],
)
def test_a_file_just_over_the_limit_is_told_with_sizes_that_differ(client, admin_user, size, told):
    client.force_login(admin_user)

    response = upload(client, "projects", "hankkeet.xlsx", b"PK\x03\x04" + b"\x00" * (size - 4))

    size_text, limit_text = told
    assert_refused(
        response,
        f"Tiedosto on liian suuri ({size_text}); suurin sallittu koko on {limit_text}.",
    )


def test_a_formula_in_an_xlsx_cell_is_reported_in_its_row_and_nothing_is_written(
    client, coordinator, kemi
):
    client.force_login(coordinator)
    actions_before = Action.objects.count()
    (row,) = actions.actions_export_rows(Action.objects.order_by("pk")[:1])
    row[actions.COLUMNS.index("Kuvaus")] = '=HYPERLINK("http://example.com","Lue lisää")'

    preview = upload(client, "actions", "t.xlsx", xlsx_bytes([actions.COLUMNS, row]))

    html = preview.content.decode()
    assert "Rivi 2, sarake Kuvaus: Kaava ei ole sallittu." in html
    assert "Vahvista tuonti" not in html
    assert Action.objects.count() == actions_before


def test_a_formula_in_a_csv_cell_is_reported_in_its_row(client, admin_user, kemi):
    client.force_login(admin_user)
    header, first, *others = csv_rows(client.get("/imports/projects/export.csv").content)
    first[header.index("Yhteyshenkilö")] = "=cmd|' /C calc'!A0"

    preview = upload(client, "projects", "h.csv", csv_bytes([header, first, *others]))

    html = preview.content.decode()
    assert "Rivi 2, sarake Yhteyshenkilö: Kaava ei ole sallittu." in html
    assert "1 virheellistä" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "offered"),
    [("coordinator", True), ("admin_user", True), ("board_member", False), ("outsider", False)],
)
def test_navigation_offers_import_only_to_those_who_may_import(client, request, persona, offered):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/reports/")
    assert ('href="/imports/"' in response.content.decode()) is offered
