"""The dashboard and the coverage checklist: what is done, what is missing, what changed."""

import datetime
from decimal import Decimal
from random import Random

import pytest

from indicators.models import FocusAreaIndicator
from plans.models import Action
from projects.models import Project
from tests.factories import ActionFactory, DivisionFactory, ProjectFactory
from tests.test_focus_area_indicators import add_indicators
from tests.workspace import action_post, small_plan


@pytest.fixture
def small(db):
    return small_plan()


def test_dashboard_counts_actions_per_goal_and_status(client, board_member, small):
    ActionFactory(plan=small.plan, focus_areas=[small.wellbeing, small.cooperation])
    ActionFactory(plan=small.plan, status=Action.Status.ONGOING, focus_areas=[small.housing])
    ActionFactory(plan=small.plan, year=2022, focus_areas=[small.housing])
    client.force_login(board_member)

    response = client.get("/", {"year": 2023})

    rows = {goal.name: counts for goal, counts in response.context["dashboard"].goal_rows}
    # planned, ongoing, done, not realized; the action under two focus areas counts once.
    assert rows == {"Hyvinvoivat kuntalaiset": [0, 0, 1, 0], "Sujuva arki": [0, 1, 0, 0]}


def test_dashboard_offers_every_year_of_the_plan_even_before_its_actions(
    client, board_member, small
):
    ActionFactory(plan=small.plan, focus_areas=[small.wellbeing])
    client.force_login(board_member)

    response = client.get("/", {"year": 2025})

    assert response.context["years"] == [2025, 2024, 2023, 2022]
    assert response.context["year"] == 2025
    assert all(counts == [0, 0, 0, 0] for _, counts in response.context["dashboard"].goal_rows)
    assert client.get("/", {"year": 2030}).context["year"] == 2023


def test_dashboard_warns_of_coverage_gaps_and_links_to_the_checklist(client, board_member, small):
    ActionFactory(plan=small.plan, division=small.division, focus_areas=[small.wellbeing])
    ActionFactory(plan=small.plan, division=small.division)  # no focus area
    client.force_login(board_member)

    html = client.get("/").content.decode()

    assert "2 painopistettä ilman toimenpidettä, 1 toimenpidettä ilman painopistettä" in html
    assert f"/coverage/?year=2023&amp;division={small.division.pk}&amp;plan={small.plan.pk}" in html


def test_dashboard_shows_the_latest_changes_and_links_to_the_reports(client, coordinator, small):
    client.force_login(coordinator)
    client.post("/actions/new/", action_post(small, title="Someturvan käyttöönotto"))

    html = client.get("/").content.decode()

    assert "koordinaattori" in html and "lisäsi" in html
    assert "Someturvan käyttöönotto" in html
    assert 'href="/reports/annual/2023/hyvinvointitoimiala/"' in html
    assert 'href="/reports/"' in html


def populate(small, *, actions: int, seed: int):
    """Actions of 2023 and 2024 in three divisions with every status and 0–3 focus areas, and
    projects running in 2023 or not, with amounts in cents, some unknown."""
    random = Random(seed)
    divisions = [small.division, DivisionFactory(), DivisionFactory()]
    areas = [small.wellbeing, small.cooperation, small.housing]
    for _ in range(actions):
        ActionFactory(
            plan=small.plan,
            year=random.choice([2023, 2023, 2024]),
            division=random.choice(divisions),
            status=random.choice(list(Action.Status)),
            focus_areas=random.sample(areas, random.randint(0, 3)),
        )
    for number in range(actions // 3):
        known = random.random() < 0.7
        share = Decimal(random.randint(0, 5_000_000)) / 100 if known else None
        ProjectFactory(
            start_date=datetime.date(random.choice([2021, 2023, 2024]), 3, 1),
            end_date=random.choice([None, datetime.date(2024, 6, 30), datetime.date(2025, 1, 1)]),
            total_budget=share * 2 + Decimal("0.01") if known else None,
            city_share=share,
            self_financing=(share / 3).quantize(Decimal("0.01")) if known and number % 2 else None,
        )


def recomputed(small, year: int):
    """The dashboard's figures worked out in plain Python from every object."""
    actions = list(Action.objects.filter(year=year).prefetch_related("focus_areas"))
    goals = [small.wellbeing.goal, small.housing.goal]
    counts = {
        goal.name: [
            sum(
                1
                for action in actions
                if action.status == status
                and any(area.goal_id == goal.pk for area in action.focus_areas.all())
            )
            for status in Action.Status
        ]
        for goal in goals
    }
    plan_areas = {small.wellbeing.pk, small.cooperation.pk, small.housing.pk}
    warnings = {}
    for division in {action.division for action in actions}:
        own = [action for action in actions if action.division == division]
        covered = {area.pk for action in own for area in action.focus_areas.all()}
        without = sum(1 for action in own if not action.focus_areas.all())
        if plan_areas - covered or without:
            warnings[division.name] = (len(plan_areas - covered), without)
    projects = [
        project
        for project in Project.objects.all()
        if project.start_date.year <= year
        and (project.end_date is None or project.end_date.year >= year)
    ]
    money = {}
    for name in ("total_budget", "city_share", "self_financing"):
        amounts = [getattr(project, name) for project in projects]
        known = [amount for amount in amounts if amount is not None]
        money[name] = (sum(known) if known else None, len(amounts) - len(known))
    return counts, warnings, len(projects), money


@pytest.mark.parametrize("year", [2023, 2024])
def test_dashboard_figures_equal_a_recount_of_every_action_and_project(
    client, board_member, small, year
):
    populate(small, actions=60, seed=year)
    client.force_login(board_member)

    dashboard = client.get("/", {"year": year}).context["dashboard"]

    counts, warnings, projects, money = recomputed(small, year)
    assert {goal.name: row for goal, row in dashboard.goal_rows} == counts
    assert {
        warning.division.name: (warning.uncovered, warning.without_area)
        for warning in dashboard.warnings
    } == warnings
    assert dashboard.money.projects == projects
    assert {
        name: (getattr(dashboard.money, name).amount, getattr(dashboard.money, name).unknown)
        for name in money
    } == money
    # The sums keep their cents exactly, as Decimals.
    assert all(
        isinstance(total.amount, Decimal)
        for _, total in dashboard.money.rows
        if total.amount is not None
    )


def test_dashboard_prints_unknown_amounts_as_unknown_not_as_zero(client, board_member, small):
    ProjectFactory(total_budget=Decimal("295600.50"), city_share=None, self_financing=None)
    ProjectFactory(total_budget=None, city_share=None, self_financing=None)
    client.force_login(board_member)

    html = client.get("/", {"year": 2023}).content.decode()

    assert "Vuonna 2023 käynnissä 2 hanketta" in html
    assert "295\xa0600,50\xa0€" in html
    assert "1 hanke" in html  # the total budget of one project is unknown
    assert html.count("ei tiedossa") == 2  # Kemi's share and self-financing: none known
    assert ">0\xa0€<" not in html


def test_dashboard_queries_do_not_grow_with_actions(
    client, board_member, small, django_assert_num_queries
):
    populate(small, actions=3, seed=1)
    client.force_login(board_member)
    # 1 session, 2 user, 3 roles (the view check, kept for the navigation), 4 plan years,
    # 5-6 the default year, 7 goals, 8 the plans' focus areas, 9 actions by goal and status,
    # 10 actions by division and focus area, 11 those divisions, 12 latest changes, 13 which
    # of them still exist, 14 the year's project money, 15 the plan's followed THL indicators,
    # 16 the comparison regions, 17 the indicators' values.
    with django_assert_num_queries(17):
        client.get("/")
    populate(small, actions=60, seed=2)
    with django_assert_num_queries(17):
        client.get("/")


@pytest.mark.parametrize(("indicators", "years"), [(1, range(2022, 2024)), (8, range(2010, 2025))])
def test_dashboard_queries_do_not_grow_with_indicators_and_years(
    board_client, small, django_assert_num_queries, indicators, years
):
    populate(small, actions=3, seed=1)
    add_indicators(small.wellbeing, indicators, years)
    # Every value is `year % 7`: 2023 (0) and 2024 (1) are below 2022 (6), so every rising
    # target is missed and every indicator listed.
    FocusAreaIndicator.objects.update(direction="up")
    # As in the test above less the default year's two (the year is named): the last three
    # are the links, the regions and the values, whatever their number.
    with django_assert_num_queries(15):
        response = board_client.get("/?year=2023")
    text = response.content.decode()
    assert text.count(", tavoite nouseva.") == indicators


def test_coverage_lists_focus_areas_without_actions_and_actions_without_focus_areas(
    client, board_member, small
):
    ActionFactory(plan=small.plan, division=small.division, focus_areas=[small.wellbeing])
    ActionFactory(plan=small.plan, division=small.division, title="Irrallinen")
    ActionFactory(plan=small.plan, division=small.division, year=2024, focus_areas=[small.housing])
    client.force_login(board_member)

    response = client.get(
        "/coverage/", {"plan": small.plan.pk, "year": 2023, "division": small.division.pk}
    )

    result = response.context["result"]
    assert list(result.uncovered) == [small.cooperation, small.housing]
    assert [action.title for action in result.without_area] == ["Irrallinen"]
    html = response.content.decode()
    uncovered = html.split("Painopisteet ilman toimenpidettä")[1].split("<h3")[0]
    assert "2.1 Asumisen turvallisuus" in uncovered
    assert "1.1 Liikunnallinen elämäntapa" not in uncovered


def test_coverage_refuses_a_year_outside_the_plan(client, board_member, small):
    client.force_login(board_member)

    response = client.get(
        "/coverage/", {"plan": small.plan.pk, "year": 2030, "division": small.division.pk}
    )

    assert "Vuosi 2030 ei kuulu suunnitelmakauteen 2022–25." in response.content.decode()
    assert response.context["result"] is None
