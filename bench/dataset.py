"""A large, realistic synthetic dataset for benchmarks.

20 divisions × 10 years × 100 actions, 2 000 projects with funders, amounts with cents and a
division history, a fifth of the actions done in one of them, spread over three four-year
plans. Deterministic: the same seed gives the same rows. Used by the benchmark scripts in this folder, never by the tests.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

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
from projects.models import DivisionPeriod, Funder, Project, runs_in_year

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

    actions = []
    for division in division_rows:
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            plan = plan_of(year)
            actions += [
                Action(
                    plan=plan,
                    year=year,
                    division=division,
                    order=n,
                    title=sentence(rng, 5)[:200],
                    description=" ".join(sentence(rng, 14) for _ in range(3)),
                    status=rng.choice(Action.Status.values),
                    participants=rng.choice([None, rng.randint(5, 500)]),
                )
                for n in range(1, actions_per_year + 1)
            ]
    actions = Action.objects.bulk_create(actions, batch_size=2000)
    ActionFocusArea.objects.bulk_create(
        (
            ActionFocusArea(action=action, focus_area=focus_area)
            for action in actions
            for focus_area in rng.sample(focus_areas[action.plan_id], rng.randint(1, 3))
        ),
        batch_size=5000,
    )

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
                kemi_share=share,
                self_financing=own,
                kemi_role=rng.choice(Project.Role.values),
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
    # A fifth of the actions was done in a project running that year.
    running = {
        year: [p for p in project_rows if runs_in_year(p.start_date, p.end_date, year)]
        for year in range(FIRST_YEAR, FIRST_YEAR + years)
    }
    links = Project.actions.through.objects.bulk_create(
        (
            Project.actions.through(project=rng.choice(running[action.year]), action=action)
            for action in actions
            if running[action.year] and rng.random() < 0.2
        ),
        batch_size=5000,
    )
    return {
        "divisions": len(division_rows),
        "actions": len(actions),
        "projects": len(project_rows),
        "actions in projects": len(links),
    }
