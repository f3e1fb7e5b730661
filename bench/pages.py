"""Page timings against their floors (not a test).

    .venv/bin/python bench/pages.py [--database-url URL] [--repeat 9] [--only TEXT]

Builds the dataset of bench/dataset.py into the database when it is not there yet (default:
the SQLite file bench/var/bench.sqlite3), signs in as a coordinator through Django's test
client with production settings, and prints for each page its median time beside its floor:
the same rows fetched with one query per kind of row and joined into HTML (or CSV text) by
plain Python (bench/floors.py), and for the actions list and its searches the admin's
changelist of the same actions (`/admin/plans/action/?q=…`), timed in the same loop.
bench/README.md explains each floor.
"""

import argparse
import os
import time
from statistics import median
from types import ModuleType

from database import COORDINATOR, DEFAULT_SQLITE_URL, configure, create_database, ensure_dataset

YEAR = 2024
# The searches of the actions list, each compared with the admin's changelist of the same
# search: a word typed without umlauts, two words, a part of a word.
SEARCHES = ["kayttoonotto", "kirjasto nuoriso", "kirjas"]


def timed_in_turn(functions, repeat: int) -> list[float]:
    """The median time of each function, run in turn so that a machine that slows down or
    speeds up meanwhile weighs on all of them alike."""
    times = [[] for _ in functions]
    for _ in range(repeat):
        for each, function in zip(times, functions, strict=True):
            started = time.perf_counter()
            function()
            each.append(time.perf_counter() - started)
    return [median(each) for each in times]


def with_floor_pages(floors):
    """The app's URLs and `/floor/<n>/`, which serves the n-th floor's text as a signed-in
    page: through the same middleware, with the same session and sign-in as the app's pages,
    but with nothing else of Django (no ORM objects, no templates, no navigation)."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.urls import path

    from kemi_hyte.urls import urlpatterns

    @login_required
    def floor_page(request, n):
        text, _ = floors[n]()
        return HttpResponse(text)

    module = ModuleType("floor_urls")
    module.urlpatterns = [path("floor/<int:n>/", floor_page), *urlpatterns]
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SQLITE_URL)
    )
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument(
        "--only", metavar="TEXT", help="time only the pages whose name contains TEXT"
    )
    options = parser.parse_args()
    create_database(options.database_url)
    configure(options.database_url)
    ensure_dataset()

    import floors
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client, override_settings

    from plans.models import Action, Division

    division = Division.objects.order_by("name").first()
    few = f"year={YEAR}&division={division.pk}"  # 100 actions per 20 000
    filtered = Action.objects.filter(year=YEAR, division=division)
    everything = Action.objects.all()
    slug = division.slug
    annual_floor = lambda: floors.annual(YEAR, slug)  # noqa: E731
    admin = "/admin/plans/action/"
    # page, URL, floor, whether the floor is of another kind of output (shown apart), and
    # the admin's changelist of the same actions, timed in the same loop
    cases = [
        ("dashboard", "/", lambda: floors.dashboard(2025), False, None),
        (
            "actions list",
            "/actions/",
            lambda: floors.actions_list(everything),
            False,
            admin,
        ),
        (
            "actions list, filtered",
            f"/actions/?{few}",
            lambda: floors.actions_list(filtered),
            False,
            f"{admin}?year={YEAR}&division__id__exact={division.pk}",
        ),
        *(
            (
                f"search {search}",
                f"/actions/?q={search.replace(' ', '+')}",
                lambda search=search: floors.actions_list(floors.actions_search(search), search),
                False,
                f"{admin}?q={search.replace(' ', '+')}",
            )
            for search in SEARCHES
        ),
        ("annual report", f"/reports/annual/{YEAR}/{slug}/", annual_floor, False, None),
        (
            "project summary",
            f"/reports/projects/?division={slug}&year={YEAR}",
            lambda: floors.project_summary(YEAR, division),
            False,
            None,
        ),
        ("overview", f"/reports/overview/{YEAR}/", lambda: floors.overview(YEAR), False, None),
        (
            "CSV export, filtered",
            f"/actions/export.csv?{few}",
            lambda: floors.csv_text(filtered),
            False,
            None,
        ),
        (
            "CSV export, all",
            "/actions/export.csv",
            lambda: floors.csv_text(everything),
            False,
            None,
        ),
        ("annual report PDF", f"/reports/annual/{YEAR}/{slug}/pdf/", annual_floor, True, None),
        (
            "XLSX export, filtered",
            f"/actions/export.xlsx?{few}",
            lambda: floors.csv_text(filtered),
            True,
            None,
        ),
        (
            "XLSX export, all",
            "/actions/export.xlsx",
            lambda: floors.csv_text(everything),
            True,
            None,
        ),
    ]

    # Production settings, but static files by their plain names: the timings need no
    # collectstatic, and a hashed name costs a dictionary look-up either way.
    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    floor_urls = with_floor_pages([floor for _, _, floor, _, _ in cases])
    with override_settings(STORAGES=plain_static, ROOT_URLCONF=floor_urls):
        client = Client()
        client.force_login(User.objects.get(username=COORDINATOR))
        print(
            f"{Action.objects.count()} actions, {connection.vendor}, "
            f"median of {options.repeat}, {time.strftime('%Y-%m-%d')}"
        )
        header = (
            f"{'page':<26}{'queries':>8}{'KB':>8}{'rows':>7}{'median':>10}{'floor':>9}{'ratio':>8}"
            f"{'bare':>9}{'ratio':>8}{'admin':>10}{'ratio':>8}{'admin KB':>10}"
        )
        print(header)
        separate = []
        for n, (name, url, floor, other_kind, admin_url) in enumerate(cases):
            if options.only and options.only not in name:
                continue
            queries = []

            def count(run, sql, *args, queries=queries):
                queries.append(sql)
                return run(sql, *args)

            with connection.execute_wrapper(count):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            _, rows = floor()
            functions = [
                lambda url=url: client.get(url),
                lambda n=n: client.get(f"/floor/{n}/"),
                floor,
            ]
            if admin_url:
                admin_response = client.get(admin_url)
                assert admin_response.status_code == 200, (admin_url, admin_response.status_code)
                functions.append(lambda admin_url=admin_url: client.get(admin_url))
            page_time, floor_time, bare_time, *admin_time = timed_in_turn(functions, options.repeat)
            line = (
                f"{name:<26}{len(queries):>8}{len(response.content) / 1000:>8.0f}{rows:>7}"
                f"{page_time * 1000:>8.0f}ms{floor_time * 1000:>7.0f}ms"
                f"{page_time / floor_time:>7.1f}x"
                f"{bare_time * 1000:>7.0f}ms{page_time / bare_time:>7.1f}x"
            )
            if admin_url:
                line += (
                    f"{admin_time[0] * 1000:>8.0f}ms{page_time / admin_time[0]:>7.1f}x"
                    f"{len(admin_response.content) / 1000:>10.0f}"
                )
            if other_kind:
                separate.append(line)
            else:
                print(line)
        print("\nnot HTML or CSV: compared with the floor of the same rows as HTML or CSV text")
        for line in separate:
            print(line)


if __name__ == "__main__":
    main()
