"""Timings of an import of 10 000 actions: upload, preview and confirm (not a test).

    .venv/bin/python bench/imports.py [--database-url URL] [--rows 10000]

Default database: the SQLite file bench/var/bench-imports.sqlite3 (its name must contain
"bench"). The actions go into the newest plan of the database with its first division and
focus area, so a database holding the dataset of bench/dataset.py is used as it is; an empty
one gets a small plan of its own. Signed in as a coordinator through Django's test client with
production settings, the script:

1. writes an .xlsx of `--rows` new actions (as the actions list's export writes it);
2. uploads it (the file is read and its rows kept), opens the preview (every row checked)
   and confirms it (every row checked again and written);
3. exports those actions, changes every description and focus area, and uploads, previews
   and confirms that file;
4. reads the first file again with tracemalloc on, for the peak memory of reading it, and of
   checking its rows.

Each step is timed once, with its number of queries. bench/README.md has the figures.
"""

import argparse
import io
import os
import time
import tracemalloc

from database import BENCH_DIR, configure, create_database

DEFAULT_URL = f"sqlite:///{BENCH_DIR / 'var' / 'bench-imports.sqlite3'}"


def setting_up():
    """The plan, division, focus area and project the rows name, and the coordinator."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from plans.models import Division, FocusArea, Plan, StrategicGoal
    from projects.models import Project

    call_command("migrate", verbosity=0)
    plan = Plan.objects.filter(goals__focus_areas__isnull=False).first()
    if plan is None:
        plan = Plan.objects.create(name="Tuontikoe", start_year=2022, end_year=2025)
        goal = StrategicGoal.objects.create(plan=plan, order=1, name="Päämäärä")
        FocusArea.objects.create(goal=goal, order=1, text="Liikunnallinen elämäntapa")
        FocusArea.objects.create(goal=goal, order=2, text="Yhteistyö yhdyspinnoilla")
    division = Division.objects.order_by("pk").first() or Division.objects.create(
        name="Tuontitoimiala", slug="tuontitoimiala"
    )
    areas = list(FocusArea.objects.filter(goal__plan=plan).in_report_order()[:2])
    project = Project.objects.exclude(short_name="").order_by("pk").first()
    user, _ = User.objects.get_or_create(username="bench-tuoja")
    user.groups.set([Group.objects.get(name="coordinator")])
    return plan, division, areas, project, user


def new_actions_file(rows: int, plan, division, area, project) -> bytes:
    from openpyxl import Workbook

    from imports.actions import COLUMNS

    stamp = time.strftime("%Y%m%d-%H%M%S")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Toimenpiteet")
    sheet.append(COLUMNS)
    for number in range(rows):
        sheet.append(
            [
                None,
                str(plan),
                plan.start_year + 1,
                division.name,
                area.numbered,
                f"Tuotu toimenpide {stamp} {number}",
                "Vapaaehtoiset ohjaavat kuntalaisia kirjastossa digilaitteiden käytössä.",
                "käynnissä",
                38,
                4,
                4.11,
                str(project) if project else None,
            ]
        )
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def changed_actions_file(actions, area) -> bytes:
    from openpyxl import Workbook

    from imports.actions import COLUMNS, actions_export_rows

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Toimenpiteet")
    sheet.append(COLUMNS)
    for row in actions_export_rows(actions):
        row[COLUMNS.index("Kuvaus")] = "Kuvaus muutettu tiedostossa."
        row[COLUMNS.index("Painopisteet")] = area.numbered
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def timed(client, method: str, url: str, **kwargs):
    from django.db import connection

    queries = []

    def count(run, sql, *args):
        queries.append(sql)
        return run(sql, *args)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        response = getattr(client, method)(url, **kwargs)
    seconds = time.perf_counter() - started
    assert response.status_code in (200, 302), (url, response.status_code)
    return response, seconds, len(queries)


def run_import(client, name: str, content: bytes) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response, upload_seconds, upload_queries = timed(
        client, "post", "/imports/actions/", data={"file": SimpleUploadedFile(name, content)}
    )
    preview_url = response["Location"]
    response, preview_seconds, preview_queries = timed(client, "get", preview_url)
    assert "Vahvista tuonti" in response.content.decode(), "the file has errors"
    _, confirm_seconds, confirm_queries = timed(client, "post", preview_url + "confirm/")
    print(f"{name:<22}{len(content) / 1e6:>7.2f} MB")
    for step, seconds, queries in [
        ("upload", upload_seconds, upload_queries),
        ("preview", preview_seconds, preview_queries),
        ("confirm", confirm_seconds, confirm_queries),
    ]:
        print(f"  {step:<20}{seconds:>7.1f} s {queries:>6} queries")


def peak_memory(content: bytes) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from common.spreadsheets import read_sheet, table_rows
    from imports.actions import COLUMNS, check_rows

    tracemalloc.start()
    sheet = read_sheet(SimpleUploadedFile("t.xlsx", content), columns=COLUMNS)
    reading = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    rows = check_rows(table_rows(sheet))
    checking = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(rows) == len(sheet["rows"])
    print(
        f"peak memory: reading the file {reading / 1e6:.0f} MB, checking its rows "
        f"{checking / 1e6:.0f} MB (tracemalloc)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rows", type=int, default=10_000)
    options = parser.parse_args()
    create_database(options.database_url)
    configure(options.database_url)

    from django.db import connection
    from django.test import Client, override_settings

    from plans.models import Action

    plan, division, (area, other_area), project, user = setting_up()
    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain_static):
        client = Client()
        client.force_login(user)
        print(
            f"{options.rows} rows, {connection.vendor}, {Action.objects.count()} actions before, "
            f"{time.strftime('%Y-%m-%d')}"
        )
        new_file = new_actions_file(options.rows, plan, division, area, project)
        run_import(client, "new actions", new_file)
        imported = Action.objects.filter(title__startswith="Tuotu toimenpide").order_by("-pk")
        changed = Action.objects.filter(
            pk__in=list(imported.values_list("pk", flat=True)[: options.rows])
        )
        run_import(client, "changed actions", changed_actions_file(changed, other_area))
        peak_memory(new_file)


if __name__ == "__main__":
    main()
