"""`load_kemi_demo` links focus areas of the Kemi plan to real Sotkanet indicators, with a
marked sample of values that never passes for THL's figures."""

import pytest
from django.core.management import call_command

from indicators.models import FocusAreaIndicator, Indicator, IndicatorValue, Region
from kemi_hyte.demo import load_demo

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
