"""Benchmark (not a test): each report's time in HTML and PDF against a bare query of its rows.

    .venv/bin/python bench/reports.py [--actions 5000] [--projects 500] [--repeat 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hyte_bench .venv/bin/python bench/reports.py

Without DATABASE_URL the data goes into a throwaway SQLite file in a temporary directory; with
it, into that PostgreSQL database, which is emptied first (name one you can lose).
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure() -> None:
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    if "DATABASE_URL" not in os.environ:
        directory = tempfile.mkdtemp(prefix="hyte-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "kemi_hyte.settings"
    import django

    django.setup()


def build_dataset(actions: int, projects: int):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from plans.models import Action, Decision, Division, FocusArea, Objective, Plan, StrategicGoal
    from projects.models import DivisionPeriod, Funder, Project

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    rng = random.Random(2023)
    decision = Decision.objects.create(body="KV", date=datetime.date(2022, 10, 3), section=77)
    plan = Plan.objects.create(
        name="Hyvinvointisuunnitelma",
        start_year=2022,
        end_year=2025,
        strategy_name="Kaupunkistrategia 2022–25",
        decision=decision,
    )
    divisions = [
        Division.objects.create(name=f"Toimiala {n}", slug=f"toimiala-{n}") for n in range(3)
    ]
    focus_areas = []
    for order in (1, 2, 3):
        goal = StrategicGoal.objects.create(plan=plan, order=order, name=f"Päämäärä {order}")
        for n in range(1, 6):
            Objective.objects.create(
                goal=goal, order=n, text=f"Kaupunkistrategian tavoite {order}.{n}."
            )
        focus_areas += [
            FocusArea.objects.create(goal=goal, order=n, text=f"Painopiste {order}.{n}")
            for n in range(1, 9)
        ]
    words = [
        "liikunta",
        "kirjasto",
        "nuoriso",
        "koulu",
        "kulttuuri",
        "yhteistyö",
        "kysely",
        "tapahtuma",
    ]
    rows = Action.objects.bulk_create(
        Action(
            plan=plan,
            year=2023 - n % 2,
            division=divisions[0],
            order=n,
            title=f"Toimenpide {n}",
            description=" ".join(rng.choice(words) for _ in range(40)) + ".",
        )
        for n in range(actions)
    )
    Through = Action.focus_areas.through
    Through.objects.bulk_create(
        Through(action_id=action.pk, focus_area_id=rng.choice(focus_areas).pk) for action in rows
    )
    funders = [
        Funder.objects.create(code=code, name=code) for code in ("ESR", "EAKR", "STM", "YM", "OKM")
    ]
    for n in range(projects):
        total = Decimal(rng.randrange(10_000_00, 2_000_000_00)) / 100
        share = (total * Decimal(rng.random())).quantize(Decimal("0.01"))
        project = Project.objects.create(
            name=f"Hanke {n}",
            start_date=datetime.date(2021 + n % 3, 1 + n % 12, 1),
            end_date=datetime.date(2024 + n % 2, 12, 31),
            total_budget=total,
            kemi_share=share,
            self_financing=(share / 10).quantize(Decimal("0.01")),
        )
        project.funders.set([rng.choice(funders)])
        DivisionPeriod.objects.create(
            project=project, division=rng.choice(divisions), valid_from=project.start_date
        )
    user = User.objects.create_user("bench", password="bench-salasana-123")
    return user, divisions[0].slug


def timed(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    configure()

    from django.conf import settings
    from django.test import Client

    from plans.models import Action
    from projects.models import Project

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SECURE_SSL_REDIRECT = False
    user, slug = build_dataset(options.actions, options.projects)
    client = Client()
    client.force_login(user)

    def get(url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fetch

    annual_rows = Action.objects.filter(year=2023, division__slug=slug)
    cases = [
        (
            "annual table",
            f"/reports/annual/2023/{slug}/",
            lambda: list(annual_rows.values_list("description", "focus_areas__goal_id")),
        ),
        (
            "project summary",
            "/reports/projects/?year=2023",
            lambda: list(
                Project.objects.values_list("name", "total_budget", "kemi_share", "self_financing")
            ),
        ),
        (
            "overview",
            "/reports/overview/2023/",
            lambda: list(
                Action.objects.filter(year__in=[2022, 2023]).values_list(
                    "year", "focus_areas__goal_id"
                )
            ),
        ),
    ]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"{options.actions} actions ({annual_rows.count()} in the annual table), "
        f"{options.projects} projects, {engine}, median of {options.repeat}"
    )
    print(f"{'report':<18}{'bare query':>12}{'HTML':>10}{'PDF':>10}{'HTML/query':>12}")
    for name, url, bare_query in cases:
        query_time = timed(bare_query, options.repeat)
        html_time = timed(get(url), options.repeat)
        pdf_url = url.replace("?", "pdf/?") if "?" in url else f"{url}pdf/"
        pdf_time = timed(get(pdf_url), options.repeat)
        print(
            f"{name:<18}{query_time:>11.3f}s{html_time:>9.3f}s{pdf_time:>9.3f}s"
            f"{html_time / query_time:>11.1f}x"
        )


if __name__ == "__main__":
    main()
