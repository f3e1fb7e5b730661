"""The annual wellbeing-plan table: the content of the city's `002_…` document, from the data."""

import pytest
from django.urls import reverse

from plans.models import Action, Plan
from tests.factories import (
    ActionFactory,
    DivisionFactory,
    FocusAreaFactory,
    ObjectiveFactory,
    PlanFactory,
    StrategicGoalFactory,
)
from tests.reports_helpers import kemi_data, squash, visible_text

ANNUAL_2023 = "/reports/annual/2023/hyvinvointitoimiala/"


def test_anonymous_user_is_sent_to_sign_in(client, kemi):
    response = client.get(ANNUAL_2023)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_board_member_reads_the_2023_table_with_the_title_and_headings_of_the_document(
    board_client, kemi
):
    response = board_client.get(ANNUAL_2023)

    assert response.status_code == 200
    text = visible_text(response)
    assert "Hyvinvointisuunnitelman 2022–25 toimenpiteet vuodelta 2023, hyvinvointitoimiala" in text
    assert text.count("Painopisteet (KV 3.10.2022 § 77)") == 3
    assert (
        text.count(
            "Hyvinvointi- ja terveystavoitteiden (painopisteiden) toteutuneet toimenpiteet 2023"
        )
        == 3
    )
    assert text.count("Kaupunkistrategia 2022–25:") == 3
    assert text.count("Hyvinvointisuunnitelma 2022–25:") == 3


def test_every_goal_objective_focus_area_and_action_stands_in_the_documents_order(
    board_client, kemi
):
    data = kemi_data()
    text = visible_text(board_client.get(ANNUAL_2023))

    expected = []
    actions = [row for row in data["actions"] if row["year"] == 2023]
    goal_action_counts = [15, 4, 7]  # paragraphs per goal in 002
    start = 0
    for goal, count in zip(data["plan"]["goals"], goal_action_counts, strict=True):
        expected.append(f"STRATEGINEN PÄÄMÄÄRÄ {goal['name'].upper()}")
        expected.extend(goal["objectives"])
        expected.extend(focus_area["text"] for focus_area in goal["focus_areas"])
        expected.extend(squash(row["description"]) for row in actions[start : start + count])
        start += count
    assert start == len(actions) == 26

    position = 0
    for item in expected:
        found = text.find(squash(item), position)
        assert found >= 0, f"missing or out of order: {item[:60]}"
        position = found


def test_a_year_outside_every_plan_is_not_found(board_client, kemi):
    assert board_client.get("/reports/annual/2030/hyvinvointitoimiala/").status_code == 404
    assert board_client.get("/reports/annual/2030/hyvinvointitoimiala/pdf/").status_code == 404


def test_an_unknown_division_is_not_found(board_client, kemi):
    assert board_client.get("/reports/annual/2023/tuntematon/").status_code == 404
    assert board_client.get("/reports/annual/2023/tuntematon/xlsx/").status_code == 404


def test_a_year_without_actions_says_so_under_every_goal(board_client, kemi):
    text = visible_text(board_client.get("/reports/annual/2024/hyvinvointitoimiala/"))

    assert "Hyvinvointitoimiala: vuodelta 2024 ei ole kirjattu yhtään toimenpidettä." in text
    assert text.count("Ei kirjattuja toimenpiteitä vuodelta 2024.") == 3
    assert text.count("STRATEGINEN PÄÄMÄÄRÄ") == 3


def test_a_goal_without_objectives_or_focus_areas_still_has_its_band_and_says_it_is_empty(
    board_client,
):
    plan = PlanFactory(name="Hyvinvointisuunnitelma", start_year=2026, end_year=2029)
    StrategicGoalFactory(plan=plan, order=1, name="Tyhjä päämäärä")
    division = DivisionFactory(slug="sivistystoimiala", name="Sivistystoimiala")

    text = visible_text(board_client.get(f"/reports/annual/2026/{division.slug}/"))

    assert "STRATEGINEN PÄÄMÄÄRÄ TYHJÄ PÄÄMÄÄRÄ" in text
    assert "Ei kirjattuja tavoitteita." in text
    assert "Ei kirjattuja painopisteitä." in text
    assert "Ei kirjattuja toimenpiteitä vuodelta 2026." in text


def test_an_action_without_focus_area_is_shown_in_a_section_of_its_own(board_client):
    plan = PlanFactory()
    goal = StrategicGoalFactory(plan=plan)
    FocusAreaFactory(goal=goal)
    action = ActionFactory(plan=plan, description="Irrallinen toimenpide.")

    text = visible_text(board_client.get(f"/reports/annual/2023/{action.division.slug}/"))

    assert "TOIMENPITEET ILMAN PAINOPISTETTÄ" in text
    assert "Irrallinen toimenpide." in text


def test_an_action_stands_once_under_each_goal_it_serves(board_client):
    plan = PlanFactory()
    first, second = (
        StrategicGoalFactory(plan=plan, order=1),
        StrategicGoalFactory(plan=plan, order=2),
    )
    areas = [FocusAreaFactory(goal=first, order=n) for n in (1, 2)] + [
        FocusAreaFactory(goal=second)
    ]
    action = ActionFactory(plan=plan, description="Yhteinen toimenpide.", focus_areas=areas)

    report = board_client.get(f"/reports/annual/2023/{action.division.slug}/").context["report"]

    assert [[row.text for row in goal.actions] for goal in report.goals] == [
        ["Yhteinen toimenpide."],
        ["Yhteinen toimenpide."],
    ]
    assert report.action_count == 1


def test_an_action_that_was_not_realized_is_marked_so(board_client):
    focus_area = FocusAreaFactory()
    ActionFactory(
        plan=focus_area.goal.plan,
        description="Peruttu kokeilu.",
        status=Action.Status.NOT_REALIZED,
        focus_areas=[focus_area],
    )
    division = Action.objects.get().division

    text = visible_text(board_client.get(f"/reports/annual/2023/{division.slug}/"))

    assert "Peruttu kokeilu. (ei toteutunut)" in text


def test_the_page_links_each_download(board_client, kemi):
    response = board_client.get(ANNUAL_2023)
    for name in ("annual_pdf", "annual_docx", "annual_xlsx"):
        url = reverse(f"reports:{name}", kwargs={"year": 2023, "division": "hyvinvointitoimiala"})
        assert f'href="{url}"' in response.content.decode()


def create_actions(count: int) -> tuple[Plan, str]:
    """A plan of three goals with two focus areas each and `count` actions spread over them."""
    plan = PlanFactory()
    division = DivisionFactory()
    focus_areas = []
    for order in (1, 2, 3):
        goal = StrategicGoalFactory(plan=plan, order=order)
        ObjectiveFactory(goal=goal)
        focus_areas += [FocusAreaFactory(goal=goal, order=1), FocusAreaFactory(goal=goal, order=2)]
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            year=2023,
            division=division,
            order=n,
            title=f"T{n}",
            description=f"Kuvaus {n}.",
        )
        for n in range(count)
    )
    Through = Action.focus_areas.through
    Through.objects.bulk_create(
        Through(action_id=action.pk, focus_area_id=focus_areas[n % len(focus_areas)].pk)
        for n, action in enumerate(actions)
    )
    return plan, division.slug


@pytest.mark.parametrize("count", [10, 5000])
def test_the_table_runs_the_same_queries_for_10_and_for_5000_actions(
    client, board_member, django_assert_num_queries, count
):
    _, slug = create_actions(count)
    client.force_login(board_member)
    # 1 session, 2 user, 3 the user's roles (the read check; the page and the navigation reuse
    # them), 4 plan of the year, 5 division, 6 goals with their objectives and focus areas,
    # 7 actions with the goals they serve, 8 closings, 9 the goals' followed THL indicators,
    # 10 the comparison regions, 11 the indicators' values
    with django_assert_num_queries(11):
        response = client.get(f"/reports/annual/2023/{slug}/")
    assert response.content.decode().count("Kuvaus ") == count
