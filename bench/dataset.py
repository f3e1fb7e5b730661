"""A large, realistic synthetic dataset for benchmarks.

20 divisions × 10 years × 100 actions, 2 000 projects with funders, amounts with cents and a
division history, a fifth of the actions done in one of them, spread over three four-year
plans. Deterministic: the same seed gives the same rows. Used by the benchmark scripts in this
folder, never by the tests.

`build(actions_per_year=5000, projects=100_000)` makes the million-action dataset: the actions
and their links are written as plain rows (PostgreSQL's `COPY`, SQLite's `executemany`) with
their search documents folded in Python, and PostgreSQL's search indexes are built after the
rows, which is several times faster than keeping them up to date row by row.
"""

import datetime
import random
from array import array
from contextlib import contextmanager
from decimal import Decimal
from importlib import import_module

from django.db import connection, transaction

from plans.counts import refresh_counts
from plans.models import (
    Action,
    ActionFocusArea,
    Decision,
    Division,
    FocusArea,
    Objective,
    Plan,
    StrategicGoal,
)
from plans.search import fold
from projects.models import (
    DivisionPeriod,
    Funder,
    Project,
    refresh_project_years,
    runs_in_year,
)

ACTION_COLUMNS = [
    "id",
    "plan_id",
    "year",
    "division_id",
    "order",
    "title",
    "description",
    "status",
    "participants",
    "events",
    "feedback_score",
    "needs_review",
    "carried_from_id",
    "version",
    "created_at",
    "updated_at",
    "search_text",
    # The Finnish columns of django-modeltranslation, which the original ones mirror
    # (common/content.py); the Swedish ones stay NULL, untranslated.
    "title_fi",
    "description_fi",
]

FIRST_YEAR = 2016
WORDS = [
    "hyvinvointi",
    "liikunta",
    "käyttöönotto",
    "yhteistyö",
    "kirjasto",
    "nuoriso",
    "koulu",
    "päiväkoti",
    "museo",
    "osallisuus",
    "digituki",
    "ennaltaehkäisy",
    "kiusaaminen",
    "työllisyys",
    "turvallisuus",
    "esteettömyys",
    "palveluverkko",
    "järjestöt",
    "tapahtuma",
    "kysely",
    "koulutus",
    "perhekeskus",
    "harrastus",
    "ulkoilu",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


@transaction.atomic
def build(
    *,
    divisions: int = 20,
    years: int = 10,
    actions_per_year: int = 100,
    projects: int = 2000,
    seed: int = 1,
) -> dict[str, int]:
    rng = random.Random(seed)
    division_rows = Division.objects.bulk_create(
        Division(name=f"Toimiala {n:02d}", slug=f"toimiala-{n:02d}")
        for n in range(1, divisions + 1)
    )
    plans = []
    for start in range(FIRST_YEAR, FIRST_YEAR + years, 4):
        decision = Decision.objects.create(
            body="KV", date=datetime.date(start - 1, 10, 3), section=start % 100
        )
        plans.append(
            Plan.objects.create(
                name="Hyvinvointisuunnitelma",
                start_year=start,
                end_year=start + 3,
                strategy_name=f"Kaupunkistrategia {start}–{(start + 3) % 100:02d}",
                decision=decision,
            )
        )
    focus_areas: dict[int, list[FocusArea]] = {}
    for plan in plans:
        focus_areas[plan.pk] = []
        for goal_order in range(1, 4):
            goal = StrategicGoal.objects.create(
                plan=plan, order=goal_order, name=f"Päämäärä {goal_order}"
            )
            Objective.objects.bulk_create(
                Objective(goal=goal, order=n, text=sentence(rng, 12)) for n in range(1, 6)
            )
            focus_areas[plan.pk] += FocusArea.objects.bulk_create(
                FocusArea(goal=goal, order=n, text=sentence(rng, 6)) for n in range(1, 9)
            )

    def plan_of(year):
        return next(plan for plan in plans if plan.start_year <= year <= plan.end_year)

    texts = {area.pk: area.text for areas in focus_areas.values() for area in areas}
    # Each action's id, year and focus areas, kept compactly for the links below.
    action_ids, action_years = array("q"), array("h")
    link_actions, link_areas = array("q"), array("q")
    now = connection.ops.adapt_datetimefield_value(datetime.datetime.now(datetime.UTC))

    def action_rows():
        pk = 0
        for division in division_rows:
            for year in range(FIRST_YEAR, FIRST_YEAR + years):
                plan = plan_of(year)
                for n in range(1, actions_per_year + 1):
                    pk += 1
                    title = sentence(rng, 5)[:200]
                    description = " ".join(sentence(rng, 14) for _ in range(3))
                    status = rng.choice(Action.Status.values)
                    participants = rng.choice([None, rng.randint(5, 500)])
                    areas = [a.pk for a in rng.sample(focus_areas[plan.pk], rng.randint(1, 3))]
                    action_ids.append(pk)
                    action_years.append(year)
                    link_actions.extend([pk] * len(areas))
                    link_areas.extend(areas)
                    # As `plans.search.document` writes it: title, description, focus areas.
                    document = fold(" ".join([title, description, *(texts[a] for a in areas)]))
                    yield (
                        pk, plan.pk, year, division.pk, n, title, description, status,
                        participants, None, None, False, None, 1, now, now, document,
                        title, description,
                    )  # fmt: skip

    with _search_indexes_rebuilt():
        write_rows(Action, ACTION_COLUMNS, action_rows())
        # Every link is stated by the source: no interpretation, no source title.
        write_rows(
            ActionFocusArea,
            ["action_id", "focus_area_id", "interpretation", "source"],
            ((action, area, "", "") for action, area in zip(link_actions, link_areas, strict=True)),
        )
    # Rows written around the ORM send no signals: the actions are counted ahead here.
    refresh_counts()
    action_count = len(action_ids)

    funders = [
        Funder.objects.get_or_create(code=code, defaults={"name": code})[0]
        for code in ("ESR", "EAKR", "STM", "OKM", "YM")
    ]
    project_rows = []
    for n in range(projects):
        start = datetime.date(FIRST_YEAR + rng.randrange(years), rng.randint(1, 12), 1)
        total = Decimal(rng.randint(1_000_000, 150_000_000)) / 100
        share = (total * Decimal(rng.randint(20, 100)) / 100).quantize(Decimal("0.01"))
        own = (share * Decimal(rng.randint(0, 30)) / 100).quantize(Decimal("0.01"))
        project_rows.append(
            Project(
                name=f"Hanke {n:04d} {sentence(rng, 3)}",
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.randint(180, 1100)),
                total_budget=rng.choice([total, total, total, None]),
                city_share=share,
                self_financing=own,
                city_role=rng.choice(Project.Role.values),
            )
        )
    project_rows = Project.objects.bulk_create(project_rows, batch_size=1000)
    Project.funders.through.objects.bulk_create(
        Project.funders.through(project=project, funder=funder)
        for project in project_rows
        for funder in rng.sample(funders, rng.randint(1, 2))
    )
    periods = []
    for project in project_rows:
        first, second = rng.sample(division_rows, 2)
        if rng.random() < 0.3:
            moved = project.start_date + datetime.timedelta(days=200)
            periods += [
                DivisionPeriod(
                    project=project,
                    division=first,
                    valid_from=project.start_date,
                    valid_until=moved - datetime.timedelta(days=1),
                ),
                DivisionPeriod(project=project, division=second, valid_from=moved),
            ]
        else:
            periods.append(
                DivisionPeriod(project=project, division=first, valid_from=project.start_date)
            )
    DivisionPeriod.objects.bulk_create(periods, batch_size=2000)
    refresh_project_years()  # bulk writes send no signals
    # A fifth of the actions was done in a project running that year.
    running = {
        year: [p for p in project_rows if runs_in_year(p.start_date, p.end_date, year)]
        for year in range(FIRST_YEAR, FIRST_YEAR + years)
    }
    running_ids = {year: [p.pk for p in projects_of] for year, projects_of in running.items()}
    project_links = [
        (rng.choice(running_ids[year]), pk)
        for pk, year in zip(action_ids, action_years, strict=True)
        if running_ids[year] and rng.random() < 0.2
    ]
    write_rows(Project.actions.through, ["project_id", "action_id"], project_links)
    return {
        "divisions": len(division_rows),
        "actions": action_count,
        "projects": len(project_rows),
        "actions in projects": len(project_links),
    }


def write_rows(model, columns: list[str], rows) -> None:
    """Insert plain rows into the model's table: `COPY` on PostgreSQL, `executemany` in
    batches elsewhere. Ids given explicitly move PostgreSQL's id sequence past them."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            if "id" in columns:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == 10_000:
                    cursor.executemany(sql, batch)
                    batch = []
            cursor.executemany(sql, batch)


@contextmanager
def _search_indexes_rebuilt():
    """On PostgreSQL: the search indexes dropped while rows are written, then built again
    as the migration builds them."""
    if connection.vendor != "postgresql":
        yield
        return
    migration = import_module("plans.migrations.0009_action_search_document")
    with connection.cursor() as cursor:
        for name, _sql in migration.INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    yield
    with connection.cursor() as cursor:
        # The foreign keys are checked at commit; an index cannot be built while checks wait.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _name, sql in migration.INDEXES:
            cursor.execute(sql)
