"""A small year, closed by the board and published, and the public URLs that show it."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from indicators.models import FocusAreaIndicator, Indicator, IndicatorValue, Region
from plans.closing import close_year
from plans.models import ActionFocusArea, YearClosing
from publication.models import Publication
from publication.services import publish_year
from tests.factories import (
    ActionFactory,
    DivisionPeriodFactory,
    FunderFactory,
    ObjectiveFactory,
    ProjectFactory,
    UserFactory,
)
from tests.workspace import SmallPlan, small_plan

DECISION = "Hyvinvointilautakunta 19.3.2024 § 20"


@dataclass
class World:
    small: SmallPlan
    actions: list
    project: object
    coordinator: object


def year_world(actions: int = 2) -> World:
    """The small plan with actions of 2023, an objective, a project running in 2023 and a
    followed THL indicator with values."""
    small = small_plan()
    ObjectiveFactory(goal=small.wellbeing.goal, order=1, text="Tuemme kuntalaisten terveyttä.")
    made = [
        ActionFactory(
            plan=small.plan,
            division=small.division,
            order=number,
            title=f"Uimakoulu {number}",
            description=f"Uimakoulu kaikille ekaluokkalaisille {number}.",
            focus_areas=[small.wellbeing],
        )
        for number in range(1, actions + 1)
    ]
    if made:
        ActionFocusArea.objects.filter(action=made[0]).update(
            interpretation="Lähde ei sano painopistettä.", source="002"
        )
    project = ProjectFactory(
        name="Vahvax - digiosaamista",
        short_name="Vahvax",
        total_budget=Decimal("295600.00"),
        city_share=None,
        self_financing=Decimal("29560.00"),
        contact_name="Maija Meikäläinen",
        contact_title="projektipäällikkö",
        funders=[FunderFactory()],
    )
    DivisionPeriodFactory(project=project, division=small.division)
    region = Region.objects.create(
        sotkanet_id=310, role="city", category="KUNTA", code="240", title_fi="Kemi"
    )
    indicator = Indicator.objects.create(
        sotkanet_id=5, title_fi="Toimeentulotukea saaneet", unit="%", decimals=1, producer="THL"
    )
    IndicatorValue.objects.create(indicator=indicator, region=region, year=2022, value=8)
    IndicatorValue.objects.create(
        indicator=indicator, region=region, year=2023, value=Decimal("7.5")
    )
    FocusAreaIndicator.objects.create(
        focus_area=small.wellbeing, indicator=indicator, direction="down", target_value=7
    )
    coordinator = UserFactory(username="koordinaattori", role="coordinator")
    return World(small, made, project, coordinator)


def close(world: World) -> YearClosing:
    return close_year(
        plan=world.small.plan,
        year=2023,
        division=world.small.division,
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=15,
        closed_by=world.coordinator,
    )


def publish(world: World) -> Publication:
    return publish_year(
        plan=world.small.plan,
        year=2023,
        division=world.small.division,
        decision_reference=DECISION,
        published_by=world.coordinator,
    )


YEAR_URL = "/julkinen/2023/hyvinvointitoimiala/"


def public_urls() -> list[str]:
    """Every public page and file of the published year."""
    return [
        "/julkinen/",
        "/julkinen/saavutettavuusseloste/",
        "/julkinen/suunnitelma/2022-2025/",
        YEAR_URL,
        YEAR_URL + "aineisto.json",
        YEAR_URL + "toimenpiteet.csv",
        YEAR_URL + "hankkeet.csv",
        YEAR_URL + "indikaattorit.csv",
    ]
