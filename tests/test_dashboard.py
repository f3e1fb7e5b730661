"""The dashboard and the coverage checklist: what is done, what is missing, what changed."""

import pytest

from plans.models import Action
from tests.factories import ActionFactory
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


def test_dashboard_queries_do_not_grow_with_actions(
    client, board_member, small, django_assert_num_queries
):
    for _ in range(30):
        ActionFactory(plan=small.plan, division=small.division, focus_areas=[small.wellbeing])
    client.force_login(board_member)

    # 1 session, 2 user, 3 roles (the view check, kept for the navigation), 4 plan years,
    # 5-6 the default year, 7 goals, 8 the plans' focus areas, 9 the year's actions with their
    # focus areas, 10 their divisions, 11 latest changes, 12 which of them still exist.
    with django_assert_num_queries(12):
        client.get("/")


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
