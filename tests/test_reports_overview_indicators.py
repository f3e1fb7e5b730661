"""The year's overview shows the plan's THL indicators: a table with the latest value, the
change and the direction against the target, a small chart each, and the sources."""

import pytest

from tests.reports_helpers import pdf_text, squash, visible_text
from tests.test_focus_area_indicators import add_indicators
from tests.test_reports_annual_indicators import SAMPLE_TARGET, SOURCES
from tests.workspace import small_plan


def test_the_overview_lists_the_plans_indicators_with_the_sources(board_client, kemi):
    response = board_client.get("/reports/overview/2023/")
    text = visible_text(response)

    assert "Painopisteiden indikaattorit (THL, Sotkanet)" in text
    assert (
        "1.1 Hyvinvoinnin ongelmien ennalta ehkäisyyn panostaminen Mielenterveyden häiriöihin "
        "sairaalahoitoa saaneet 0 - 17-vuotiaat / 1 000 vastaavan ikäistä (esimerkkiaineisto, "
        "ei THL:n tietoa) Terveyden ja hyvinvoinnin laitos (THL) 4,9 (2023) +0,3 (2022–2023) "
        f"laskeva vuoteen 2025 mennessä {SAMPLE_TARGET} vastoin tavoitetta" in text
    )
    assert SOURCES in text
    html = response.content.decode()
    assert html.count('<img class="trend-chart" src="data:image/svg+xml;base64,') == 3


def test_the_overview_pdf_has_the_indicators_and_the_sources(board_client, kemi, tmp_path):
    text = squash(
        pdf_text(board_client.get("/reports/overview/2023/pdf/").content, tmp_path, layout=False)
    )
    assert "Painopisteiden indikaattorit (THL, Sotkanet)" in text
    assert "4,9 (2023)" in text
    assert SOURCES in text


@pytest.mark.parametrize(("indicators", "years"), [(1, range(2022, 2024)), (8, range(2010, 2025))])
def test_the_overview_runs_the_same_queries_for_any_number_of_indicators_and_years(
    board_client, django_assert_num_queries, indicators, years
):
    small = small_plan()
    add_indicators(small.wellbeing, indicators, years)
    # The 15 of tests/test_reports_overview.py, whatever the indicators and years.
    with django_assert_num_queries(15):
        response = board_client.get("/reports/overview/2023/")
    assert response.status_code == 200
