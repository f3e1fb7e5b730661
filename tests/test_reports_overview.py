"""The year's overview: charts drawn on the server, each with its numbers in a table."""

import re

import pytest

from tests.factories import ActionFactory, FocusAreaFactory
from tests.reports_helpers import pdf_text, squash, visible_text


@pytest.fixture
def board_client(client, board_member):
    client.force_login(board_member)
    return client


def test_the_overview_counts_actions_per_goal_this_year_against_last_year(board_client, kemi):
    text = visible_text(board_client.get("/reports/overview/2023/"))

    assert (
        "Strateginen päämäärä 2022 2023 Hyvinvoivat kuntalaiset 0 15 Sujuva arki 0 4 "
        "Elinvoimainen kaupunki 0 7" in text
    )
    assert "1.6 Kuntalaisten digitaitojen edistäminen 0 1" in text
    # ESR projects running in 2023: Vahvax, Irtisanomisesta selviytymiseen, Töitä tarjolla.
    assert "ESR 3 1 334 159 € 539 305 € 71 960 €" in text


def test_every_chart_is_an_image_with_a_text_alternative_and_the_page_has_no_script(
    board_client, kemi
):
    html = board_client.get("/reports/overview/2023/").content.decode()

    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', html)
    assert [src for src, _ in images] == [
        "/reports/overview/2023/goals.svg",
        "/reports/overview/2023/focus-areas.svg",
        "/reports/overview/2023/funders.svg",
        "/reports/overview/2023/self-financing.svg",
    ]
    assert all("taulukossa" in alt for _, alt in images)
    # The one script is the print button's (static/js/print.js); the charts need none.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/print.js" defer>']
    assert "<svg" not in html


def test_a_chart_is_served_as_svg_drawn_from_the_data(board_client, kemi):
    response = board_client.get("/reports/overview/2023/goals.svg")

    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "Hyvinvoivat kuntalaiset" in svg
    assert "Toimenpiteet strategisten päämäärien mukaan" in svg


def test_an_unknown_chart_or_year_is_not_found(board_client, kemi):
    assert board_client.get("/reports/overview/2023/piirakka.svg").status_code == 404
    assert board_client.get("/reports/overview/2040/").status_code == 404
    assert board_client.get("/reports/overview/2040/goals.svg").status_code == 404


def test_the_pdf_carries_the_charts_and_their_tables(board_client, kemi, tmp_path):
    response = board_client.get("/reports/overview/2023/pdf/")

    assert response["Content-Type"] == "application/pdf"
    text = squash(pdf_text(response.content, tmp_path, layout=False))
    # The chart titles are text inside the SVG drawn into the PDF, beside the tables' captions.
    assert text.count("Toimenpiteet strategisten päämäärien mukaan") >= 2
    assert "Omarahoitus vuosittain (€)" in text
    assert "Toimenpiteiden määrä strategisen päämäärän mukaan" in text


@pytest.mark.parametrize("count", [10, 300])
def test_the_overview_runs_the_same_queries_for_few_and_many_actions(
    board_client, django_assert_num_queries, count
):
    focus_area = FocusAreaFactory()
    for n in range(count):
        ActionFactory(plan=focus_area.goal.plan, year=2022 + n % 2, focus_areas=[focus_area])
    # 1 session, 2 user, 3 the user's roles (the read check, kept for the navigation), 4 plan,
    # 5 goals with counts, 6 focus areas with counts, then the project summary: 7 divisions,
    # 8 plan years, 9 projects, 10 their division periods, 11 their funders
    with django_assert_num_queries(11):
        response = board_client.get("/reports/overview/2023/")
    assert response.status_code == 200
