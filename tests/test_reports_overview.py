"""The year's overview: charts drawn on the server, each with its numbers in a table."""

import re

import pytest

from tests.factories import ActionFactory, FocusAreaFactory
from tests.reports_helpers import pdf_text, squash, visible_text
from tests.test_reports_browser import sign_in


def test_the_overview_counts_actions_per_goal_this_year_against_last_year(board_client, kemi):
    text = visible_text(board_client.get("/reports/overview/2023/"))

    # No action of 2022 has been entered: unknown, not zero. Every focus-area link of the demo
    # is read from the text, so every count rests on an interpretation. Two paragraphs that the
    # document lists under other goals are also linked to the anti-bullying focus area of
    # "Sujuva arki": 4 + 2.
    assert (
        "Strateginen päämäärä 2022 2023 joista tulkinnan varassa 2023 "
        "Hyvinvoivat kuntalaiset ei tietoa 15 15 Sujuva arki ei tietoa 6 6 "
        "Elinvoimainen kaupunki ei tietoa 7 7" in text
    )
    assert "Vuodelta 2022 ei ole kirjattu toimenpiteitä" in text
    assert "1.6 Kuntalaisten digitaitojen edistäminen ei tietoa 1 1" in text
    assert "tulkinta 38 vuoden 2023 kytkentää toimenpiteistä painopisteisiin on tulkintoja" in text
    # ESR projects running in 2023: Vahvax, Irtisanomisesta selviytymiseen, Töitä tarjolla.
    assert "ESR 3 1 334 159 € 539 305 € + 1 ei tiedossa 71 960 €" in text


def test_unknown_amounts_are_not_zero_in_the_overview_tables(board_client, kemi):
    text = visible_text(board_client.get("/reports/overview/2023/"))

    # STM's and YM's only project of 2023 has no known Kemi's share: unknown, not 0 €.
    assert "STM 1 1 149 000 € ei tiedossa 0 € –" in text
    assert "YM 1 133 200 € ei tiedossa 53 200 € –" in text
    # The rate beside ESR's sums is taken over two of its three projects, and says so.
    assert "7,9 % 2 / 3 hankkeesta" in text
    # No project runs in 2024 or 2025: no data, not a zero.
    assert "2024 ei tietoa: vuonna ei ollut käynnissä hankkeita" in text
    assert "2022 9 n. 4 232 966 € + 1 ei tiedossa 582 845 € + 6 ei tiedossa 145 885 €" in text


def test_the_overview_marks_the_money_in_its_sums_that_is_an_interpretation(board_client, kemi):
    text = visible_text(board_client.get("/reports/overview/2023/"))

    # YM's 133 200 € is printed in the source without a name; read as the budget, and marked.
    assert (
        "Summissa on mukana lukuja, jotka on tulkittu lähteestä: Ikääntyneiden asumisen "
        "kehittäminen Lapin hyvinvointialueella, kustannusarvio: tulkinta Summa ”133 200 €”" in text
    )
    assert "Lähde: Perusturvatoimialalla käynnissä olevat hankkeet" in text


def test_every_chart_is_an_image_with_a_text_alternative_and_the_page_has_no_script(
    board_client, kemi
):
    html = board_client.get("/reports/overview/2023/").content.decode()

    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', html)
    assert [src for src, _ in images] == [
        "/reports/overview/2023/goals.svg",
        # one chart of focus areas per goal, so that each fits an A4 page
        "/reports/overview/2023/focus-areas-1.svg",
        "/reports/overview/2023/focus-areas-2.svg",
        "/reports/overview/2023/focus-areas-3.svg",
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
    assert '<title id="title">Toimenpiteet strategisten päämäärien mukaan</title>' in svg
    assert 'role="img" aria-labelledby="title desc"' in svg
    assert "<script" not in svg and "<style" not in svg


def test_money_charts_print_finnish_amounts_and_draw_no_bar_for_an_unknown_one(board_client, kemi):
    funders = board_client.get("/reports/overview/2023/funders.svg").content.decode()

    assert ">1\u00a0334\u00a0159\u00a0€<" in funders
    assert "1334159" not in funders
    # Kemi's share of STM and YM is unknown: said in words, with no bar of that series.
    assert funders.count(">ei tiedossa<") == 2
    assert "Kemin osuus: ei tiedossa" not in funders
    assert "Kemin osuus: 539\u00a0305\u00a0€ + 1 ei tiedossa" in funders

    years = board_client.get("/reports/overview/2023/self-financing.svg").content.decode()
    # Two years of data are bars; 2024 and 2025 have no running project: "ei tietoa", no bar.
    assert years.count("<title>Omarahoitus:") == 2
    assert years.count(">ei tietoa<") == 2


def test_an_unknown_chart_or_year_is_not_found(board_client, kemi):
    assert board_client.get("/reports/overview/2023/piirakka.svg").status_code == 404
    assert board_client.get("/reports/overview/2023/focus-areas-9.svg").status_code == 404
    assert board_client.get("/reports/overview/2040/").status_code == 404
    assert board_client.get("/reports/overview/2040/goals.svg").status_code == 404


def test_the_pdf_carries_the_charts_and_their_tables(board_client, kemi, tmp_path):
    response = board_client.get("/reports/overview/2023/pdf/")

    assert response["Content-Type"] == "application/pdf"
    raw = pdf_text(response.content, tmp_path, layout=False)
    text = squash(raw)
    assert "Toimenpiteet strategisten päämäärien mukaan" in text
    assert "Toimenpiteiden määrä strategisen päämäärän mukaan" in text
    # The charts' labels and values are text inside the SVG drawn into the PDF.
    assert "1.6 Kuntalaisten digitaitojen edistäminen" in text
    assert "1 334 159 €" in text
    assert "1334159" not in text
    pages = raw.split("\f")[:-1]
    # Every page has more than a heading: no page is left blank but for a title.
    for number, page in enumerate(pages, start=1):
        assert len(squash(page).split()) > 20, f"page {number} is nearly blank: {squash(page)}"
    for goal in ("1 Hyvinvoivat kuntalaiset", "2 Sujuva arki", "3 Elinvoimainen kaupunki"):
        heading = f"Toimenpiteet painopisteittäin: {goal}"
        # The chart's heading and its bars' labels share a page.
        page = next(squash(page) for page in pages if heading in squash(page))
        assert f"{goal[0]}.1 " in page
        # ...and so does the table of its numbers.
        assert f"Toimenpiteiden määrä painopisteen mukaan: {goal}" in page


def test_the_overview_tells_stated_links_from_interpreted_ones(board_client):
    stated, interpreted, other = FocusAreaFactory.create_batch(3)
    plan = stated.goal.plan
    interpreted.goal, other.goal = stated.goal, stated.goal
    interpreted.save()
    other.save()
    ActionFactory(plan=plan, year=2022, focus_areas=[stated])
    # Counted under the goal through a stated link, though its other link is an interpretation.
    both = ActionFactory(plan=plan, year=2023, focus_areas=[stated, interpreted])
    only_read = ActionFactory(plan=plan, year=2023, focus_areas=[interpreted, other])
    for action, area in ((both, interpreted), (only_read, interpreted), (only_read, other)):
        link = action.actionfocusarea_set.get(focus_area=area)
        link.interpretation, link.source = "Luettu tekstistä.", "002"
        link.save()

    text = visible_text(board_client.get("/reports/overview/2023/"))

    goal = stated.goal.name
    assert f"{goal} 1 2 1" in text
    assert f"{stated.numbered} 1 1 0" in text
    assert f"{interpreted.numbered} 0 2 2" in text
    assert f"{other.numbered} 0 1 1" in text
    assert "3 vuoden 2023 kytkentää toimenpiteistä painopisteisiin on tulkintoja" in text
    assert "Vuodelta 2022 ei ole kirjattu" not in text


@pytest.mark.parametrize("count", [10, 300])
def test_the_overview_runs_the_same_queries_for_few_and_many_actions(
    board_client, django_assert_num_queries, count
):
    focus_area = FocusAreaFactory()
    for n in range(count):
        ActionFactory(plan=focus_area.goal.plan, year=2022 + n % 2, focus_areas=[focus_area])
    # 1 session, 2 user, 3 the user's roles (the read check, kept for the navigation), 4 plan,
    # 5 focus areas, 6–7 the two years' actions counted per goal and per focus area, 8 goals,
    # then the projects' money summed by the database: 9 plan years, 10 the year's totals by
    # funder, 11 the totals of every plan year (one UNION ALL), 12 the interpretation marks
    # on the money of the year's projects; then THL's indicators: 13 the plan's followed
    # indicators, 14 the comparison regions, 15 the values
    with django_assert_num_queries(15):
        response = board_client.get("/reports/overview/2023/")
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_the_browser_every_chart_has_its_bars_at_a_readable_size(
    page, live_server, board_member, kemi
):
    sign_in(page, live_server, board_member.username)
    bars = {}
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/reports/overview/2023/")
        images = page.locator(".chart-figure img")
        sizes = images.evaluate_all(
            "images => images.map(i => [i.src, i.naturalWidth, i.naturalHeight, "
            "i.getBoundingClientRect().width])"
        )
        assert len(sizes) == 6
        for source, natural_width, natural_height, shown_width in sizes:
            # Drawn at its width, no taller than a landscape page holds, and never squeezed
            # on a phone below the width at which its labels stay readable (it scrolls).
            assert natural_width == 900, source
            assert 100 < natural_height < 620, (source, natural_height)
            assert shown_width >= 560, (width, source, shown_width)
        sources = [size[0] for size in sizes]
    for source in sources:
        page.goto(source)
        # Each bar is a rectangle with a title naming its series and value.
        boxes = page.locator("svg rect:has(title)").evaluate_all(
            "rects => rects.map(r => [r.getBBox().width, r.getBBox().height])"
        )
        bars[source.rsplit("/", 1)[1]] = boxes
        assert all(height == 16 for _, height in boxes)
    # 3 goals of 2023; 2022, a year nobody has entered, draws no bar at all.
    assert len(bars["goals.svg"]) == 3
    assert all(width > 10 for width, _ in bars["goals.svg"])
    # ESR's three amounts, STM's and YM's two known each: their unknown shares have no bar.
    assert len(bars["funders.svg"]) == 7
    # 2022 and 2023 have data; 2024 and 2025 none, and so no bar.
    assert len(bars["self-financing.svg"]) == 2
    assert all(width > 100 for width, _ in bars["self-financing.svg"])
