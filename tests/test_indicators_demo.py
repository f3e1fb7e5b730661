"""`load_kemi_demo` links focus areas of the Kemi plan to real Sotkanet indicators, with a
marked sample of values that never passes for THL's figures."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from indicators.models import FocusAreaIndicator, Indicator, IndicatorValue, Region
from kemi_hyte.demo import load_demo
from tests.reports_helpers import visible_text

pytestmark = pytest.mark.django_db


def test_the_demo_links_three_focus_areas_to_real_sotkanet_indicators(kemi):
    links = {
        (link.focus_area.text, link.indicator.sotkanet_id, link.direction)
        for link in FocusAreaIndicator.objects.select_related("focus_area", "indicator")
    }
    assert links == {
        ("Syrjäytymisen ehkäisy", 5, "down"),
        ("Hyvinvoinnin ongelmien ennalta ehkäisyyn panostaminen", 4, "down"),
        ("Turvallisuuden parantaminen ja rikosten ennalta ehkäisyyn panostaminen", 3090, "down"),
    }
    assert set(Region.objects.values_list("role", "title_fi")) == {
        ("city", "Kemi"),
        ("county", "Lapin hyvinvointialue"),
        ("country", "Koko maa"),
    }


def test_every_demo_value_is_marked_as_a_sample(kemi):
    assert IndicatorValue.objects.count() == 44  # 45 values less one missing year
    assert set(Indicator.objects.values_list("sample", flat=True)) == {True}
    indicator = Indicator.objects.get(sotkanet_id=5)
    assert "esimerkkiaineisto, ei THL:n tietoa" in indicator.attribution
    assert "Lähde: THL, Sotkanet.fi (CC BY 4.0)." in indicator.attribution


def test_the_demos_targets_are_marked_as_examples_until_the_coordinator_saves_one(
    kemi, client, coordinator
):
    """The city's documents set no indicator targets: the demo's are examples, said so on the
    page, and the coordinator's first save makes the target the city's own."""
    assert set(FocusAreaIndicator.objects.values_list("sample_target", flat=True)) == {True}
    link = FocusAreaIndicator.objects.get(indicator__sotkanet_id=5)
    client.force_login(coordinator)
    page = f"/focus-areas/{link.focus_area_id}/"
    assert "laskeva vuoteen 2025 mennessä (esimerkkitavoite, ei kaupungin asettama)" in (
        visible_text(client.get(page))
    )
    editor = visible_text(client.get(f"{page}indicators/"))
    assert "Tämä tavoite on esimerkkitavoite, ei kaupungin asettama." in editor

    response = client.post(
        f"{page}indicators/{link.pk}/",
        {
            f"link-{link.pk}-direction": "down",
            f"link-{link.pk}-target_value": "8,0",
            f"link-{link.pk}-target_year": "2025",
        },
    )

    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.sample_target, link.target_value) == (False, Decimal("8.0"))
    text = visible_text(client.get(page))
    assert "laskeva, tavoite 8,0 vuoteen 2025 mennessä" in text
    assert "esimerkkitavoite" not in text


def test_loading_the_demo_again_changes_nothing(kemi):
    before = sorted(IndicatorValue.objects.values_list())
    counts = load_demo()
    assert (counts["created"], counts["updated"], counts["linked"]) == (0, 0, 0)
    assert sorted(IndicatorValue.objects.values_list()) == before


def test_the_command_loads_the_indicators_too(db, capsys):
    call_command("load_kemi_demo")
    assert FocusAreaIndicator.objects.count() == 3
    call_command("load_kemi_demo")
    assert "0 uutta ja 0 muutettua riviä, 0 uutta linkitystä" in capsys.readouterr().out
