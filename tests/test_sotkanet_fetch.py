"""`manage.py sotkanet_fetch` against a local HTTP server that answers as Sotkanet does
(`tests/sotkanet/`): the rows it writes, a second run, the failures, and `--from-dir`."""

import json
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import FocusAreaIndicator, Indicator, IndicatorValue, Region
from kemi_hyte.demo import load_demo
from tests.factories import FocusAreaFactory

pytestmark = pytest.mark.django_db

ANSWERS = Path(__file__).parent / "sotkanet"
YEARS = ["2021-2023"]


def answer(name: str):
    return json.loads((ANSWERS / name).read_text(encoding="utf-8"))


def serve(httpserver, *, data_5=None, meta_5=None):
    """Sotkanet's four answers for indicators 5 and 3090 (the latter's data is `[]`)."""
    httpserver.expect_request("/rest/1.1/indicators").respond_with_json(answer("indicators.json"))
    httpserver.expect_request("/rest/1.1/regions").respond_with_json(answer("regions.json"))
    for sotkanet_id in (5, 3090):
        meta = meta_5 if sotkanet_id == 5 and meta_5 else None
        if meta is None:
            httpserver.expect_request(f"/rest/1.1/indicators/{sotkanet_id}").respond_with_json(
                answer(f"indicator-{sotkanet_id}.json")
            )
        else:
            meta(httpserver.expect_request(f"/rest/1.1/indicators/{sotkanet_id}"))
    data = httpserver.expect_request(
        "/rest/1.1/json",
        query_string="indicator=5&years=2021&years=2022&years=2023&genders=total",
    )
    if data_5 is None:
        data.respond_with_json(answer("data-5.json"))
    else:
        data_5(data)
    httpserver.expect_request(
        "/rest/1.1/json",
        query_string="indicator=3090&years=2021&years=2022&years=2023&genders=total",
    ).respond_with_json([])


@pytest.fixture
def sotkanet(httpserver, settings):
    settings.SOTKANET_BASE_URL = httpserver.url_for("/rest/1.1/")
    # Long enough for a machine busy with other tests; the timeout's case waits longer.
    settings.SOTKANET_TIMEOUT = 5
    return httpserver


@pytest.fixture
def linked(db):
    """Two focus areas following indicators 5 and 3090 (their catalogue rows)."""
    for sotkanet_id in (5, 3090):
        indicator = Indicator.objects.create(sotkanet_id=sotkanet_id, title_fi=f"I {sotkanet_id}")
        FocusAreaIndicator.objects.create(focus_area=FocusAreaFactory(), indicator=indicator)


def stored_values() -> set:
    return set(
        IndicatorValue.objects.values_list(
            "indicator__sotkanet_id", "region__role", "year", "value", "absolute_value"
        )
    )


def everything() -> dict:
    return {
        "indicators": sorted(Indicator.objects.values_list()),
        "regions": sorted(Region.objects.values_list()),
        "values": sorted(IndicatorValue.objects.values_list()),
    }


def fetch(*args):
    call_command("sotkanet_fetch", "--years", *YEARS, *args)


def test_fetch_stores_the_comparison_regions_values_and_metadata(sotkanet, linked):
    serve(sotkanet)
    fetch()

    assert dict(Region.objects.values_list("role", "sotkanet_id")) == {
        "city": 310,
        "county": 981,
        "country": 658,
    }
    # Kemijärvi (311) and a region Sotkanet did not list (99999) are not compared with.
    assert stored_values() == {
        (5, "city", 2021, Decimal("8.1"), Decimal("820")),
        (5, "city", 2022, Decimal("7.6"), Decimal("760")),
        (5, "city", 2023, Decimal("7.9"), Decimal("781")),
        (5, "county", 2021, Decimal("6.2"), Decimal("5636")),
        (5, "county", 2022, Decimal("5.8"), Decimal("5301")),
        (5, "county", 2023, Decimal("6.0"), Decimal("5420")),
        (5, "country", 2022, Decimal("5.1"), Decimal("143210")),
        (5, "country", 2023, Decimal("5.3"), Decimal("148002")),
    }
    indicator = Indicator.objects.get(sotkanet_id=5)
    assert indicator.title_fi.startswith("Toimeentulotukea saaneet 25 - 64-vuotiaat")
    assert indicator.title_sv.startswith("25–64-åringar")
    assert indicator.unit == "prosenttia"
    assert indicator.decimals == 1
    assert indicator.producer == "Terveyden ja hyvinvoinnin laitos (THL)"
    assert indicator.data_updated.isoformat() == "2024-09-17"
    assert not indicator.sample
    # The whole catalogue is there to search, the unlinked indicators too.
    assert set(Indicator.objects.values_list("sotkanet_id", flat=True)) == {4, 5, 127, 3090}


def test_every_request_names_the_app_in_its_user_agent(sotkanet, linked):
    serve(sotkanet)
    fetch()
    agents = {request.headers["User-Agent"] for request, _response in sotkanet.log}
    assert len(sotkanet.log) == 6
    assert agents == {"kemi-hyte (hyvinvointisuunnitelman seuranta: Kemi, kunta 240)"}


def test_an_empty_answer_stores_the_indicator_without_values(sotkanet, linked):
    serve(sotkanet)
    fetch()
    indicator = Indicator.objects.get(sotkanet_id=3090)
    assert indicator.producer == "Tilastokeskus"
    assert not indicator.values.exists()


def test_fetching_again_changes_nothing(sotkanet, linked, capsys):
    serve(sotkanet)
    fetch()
    before = everything()
    capsys.readouterr()
    fetch()
    assert everything() == before
    assert (
        "0 muutosta indikaattoriluetteloon, 0 vertailualueisiin, 2 indikaattoria haettu, 0 arvoa"
        in (capsys.readouterr().out)
    )


def test_a_year_no_longer_in_the_answer_is_deleted_not_kept(sotkanet, linked):
    serve(sotkanet)
    fetch()
    sotkanet.clear()
    without_2021 = [row for row in answer("data-5.json") if row["year"] != 2021]
    serve(sotkanet, data_5=lambda request: request.respond_with_json(without_2021))
    fetch()
    assert not IndicatorValue.objects.filter(year=2021).exists()
    assert IndicatorValue.objects.filter(year=2022).count() == 3


@pytest.mark.parametrize(
    ("respond", "message"),
    [
        (
            lambda request: request.respond_with_data("", status=503),
            "Sotkanet ei ole nyt käytettävissä (HTTP 503).",
        ),
        (
            lambda request: request.respond_with_data("Forbidden", status=403),
            "Sotkanet kieltäytyi pyynnöstä (HTTP 403).",
        ),
        (
            lambda request: request.respond_with_data(
                '[{"indicator": 5, "region": 310,', content_type="application/json"
            ),
            "Sotkanetin vastaus ei ollut JSON-muotoa",
        ),
        (
            lambda request: request.respond_with_json({"error": "unknown"}),
            "Sotkanetin vastaus oli odottamaton: json?indicator=5 ei ollut luettelo.",
        ),
        (
            lambda request: request.respond_with_json(
                [{"indicator": 5, "region": 310, "year": "2023", "gender": "total", "value": 1}]
            ),
            "Sotkanetin vastaus oli odottamaton: json?indicator=5: kenttä year puuttuu.",
        ),
        (
            lambda request: request.respond_with_handler(
                lambda _request: time.sleep(6) or answer("data-5.json")
            ),
            "Sotkanet ei vastannut 5 sekunnissa.",
        ),
    ],
    ids=["503", "403", "malformed-json", "not-a-list", "wrong-field", "timeout"],
)
def test_a_bad_answer_halfway_writes_nothing_and_says_why_in_finnish(
    sotkanet, linked, respond, message
):
    """The catalogue, the regions and indicator 3090 answered well; indicator 5's values did
    not. Nothing at all is written."""
    serve(sotkanet, data_5=respond)
    before = everything()
    with pytest.raises(CommandError) as refusal:
        fetch()
    assert str(refusal.value).startswith("Sotkanetin tietoja ei haettu loppuun: ")
    assert message in str(refusal.value)
    assert everything() == before


def test_metadata_of_another_indicator_is_refused(sotkanet, linked):
    other = answer("indicator-3090.json")
    serve(sotkanet, meta_5=lambda request: request.respond_with_json(other))
    with pytest.raises(CommandError, match="indicators/5 kertoi toisen indikaattorin tiedot"):
        fetch()
    assert not IndicatorValue.objects.exists()


def test_a_city_missing_from_the_regions_is_a_clear_error(sotkanet, linked, settings):
    settings.HYTE_CITY_NUMBER = "999"
    serve(sotkanet)
    with pytest.raises(CommandError, match="ei löytynyt kuntaa, jonka koodi on 999"):
        fetch()
    assert not Region.objects.exists()


def test_a_county_code_is_found_with_or_without_its_leading_zero(sotkanet, linked, settings):
    """Sotkanet writes the wellbeing services counties' codes with two digits ("02")."""
    settings.SOTKANET_COUNTY_CODE = "2"
    serve(sotkanet)
    fetch()
    county = Region.objects.get(role="county")
    assert (county.sotkanet_id, county.code, county.title_fi) == (
        966,
        "02",
        "Keski-Uudenmaan hyvinvointialue",
    )


def test_from_dir_reads_the_same_files_and_stores_the_same_rows(sotkanet, linked):
    serve(sotkanet)
    fetch()
    fetched = stored_values()
    IndicatorValue.objects.all().delete()
    Region.objects.all().delete()

    fetch("--from-dir", str(ANSWERS))

    assert stored_values() == fetched
    assert Indicator.objects.get(sotkanet_id=3090).producer == "Tilastokeskus"


def test_from_dir_without_a_file_says_which(linked, tmp_path):
    with pytest.raises(CommandError, match="regions.json ei voitu lukea"):
        call_command("sotkanet_fetch", "--from-dir", str(tmp_path), "--no-catalogue")


def test_named_indicators_are_fetched_even_when_no_focus_area_follows_them(sotkanet):
    serve(sotkanet)
    fetch("--indicator", "5")
    assert Indicator.objects.get(sotkanet_id=5).values.count() == 8


def test_fetch_replaces_the_demo_sample_entirely(sotkanet):
    load_demo()
    assert Indicator.objects.get(sotkanet_id=5).sample
    serve(sotkanet)

    fetch("--indicator", "5")

    indicator = Indicator.objects.get(sotkanet_id=5)
    assert not indicator.sample
    # The sample's 2019 and 2020 are gone although only 2021–2023 were fetched: no mix.
    assert sorted(set(indicator.values.values_list("year", flat=True))) == [2021, 2022, 2023]
    # Running the demo loader again leaves THL's figures alone.
    load_demo()
    assert not Indicator.objects.get(sotkanet_id=5).sample
    assert Indicator.objects.get(sotkanet_id=5).values.count() == 8


def test_years_are_checked(linked):
    with pytest.raises(CommandError, match="muodossa 2023 tai 2019-2023"):
        call_command("sotkanet_fetch", "--years", "viime vuosi")


@pytest.mark.parametrize("decimals", [2, "2"])
def test_the_metadatas_decimals_are_read_as_a_number_or_a_string_of_digits(decimals):
    from indicators.sotkanet import parse_indicator

    meta = answer("indicator-5.json") | {"decimals": decimals}
    assert parse_indicator(meta, 5).decimals == 2


def test_an_indicator_without_a_finnish_title_is_left_out_of_the_list():
    from indicators.sotkanet import parse_catalogue

    entries = parse_catalogue(
        [
            {"id": 10012, "title": {"en": "(EU) GDP per capita in PPS"}},
            {"id": 5, "title": {"fi": "Toimeentulotukea saaneet", "sv": "Utkomststöd"}},
        ]
    )
    assert [(e.sotkanet_id, e.title_fi, e.title_sv) for e in entries] == [
        (5, "Toimeentulotukea saaneet", "Utkomststöd")
    ]
