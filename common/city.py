"""The municipality this deployment serves: its name, municipality number and wellbeing
services county, from the `HYTE_CITY_*` and `HYTE_COUNTY_*` settings (README "Oma kunta").

One deployment serves one municipality, so the city is configuration, read from settings on
every use: no query, nothing to cache. Each word comes in the active language; a Swedish form
not configured falls back to one derived from the Finnish settings.

Finnish forms of a name cannot be derived ("Kemi" → "Kemin", "Tornio" → "Tornion", "Ii" →
"Iin"), so the genitive is a setting of its own; Swedish adds an -s ("Kemis", "Torneås").
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language, gettext


@dataclass(frozen=True)
class City:
    name: str  # "Kemi"
    genitive: str  # "Kemin": "Kemin osuus", "Kemin hyvinvointisuunnitelma"
    organization: str  # "Kemin kaupunki", the page frame's name of the city as an organization
    number: str  # "240", the municipality number (Sotkanet's KUNTA code)
    county: str  # "Lapin hyvinvointialue"

    @property
    def plan_title(self) -> str:
        """The app's name in page titles: "Kemin hyvinvointisuunnitelma"."""
        return gettext("%(city)s hyvinvointisuunnitelma") % {"city": self.genitive}

    @property
    def share_label(self) -> str:
        """A project's share paid by the city: "Kemin osuus"."""
        return gettext("%(city)s osuus") % {"city": self.genitive}

    @property
    def role_label(self) -> str:
        """The city's role in a project: "Kemin rooli"."""
        return gettext("%(city)s rooli") % {"city": self.genitive}

    @property
    def latest_value_label(self) -> str:
        """An indicator's latest value in the city: "Kemin viimeisin arvo"."""
        return gettext("%(city)s viimeisin arvo") % {"city": self.genitive}


def swedish_genitive(name: str) -> str:
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


def current_city() -> City:
    """The configured city, its words in the active language (Finnish unless Swedish)."""
    name = settings.HYTE_CITY_NAME
    genitive = settings.HYTE_CITY_GENITIVE
    if (get_language() or "").startswith("sv"):
        name_sv = settings.HYTE_CITY_NAME_SV or name
        genitive_sv = settings.HYTE_CITY_GENITIVE_SV or swedish_genitive(name_sv)
        return City(
            name=name_sv,
            genitive=genitive_sv,
            organization=settings.HYTE_CITY_ORGANIZATION_SV or f"{name_sv} stad",
            number=settings.HYTE_CITY_NUMBER,
            county=settings.HYTE_COUNTY_NAME_SV or settings.HYTE_COUNTY_NAME,
        )
    return City(
        name=name,
        genitive=genitive,
        organization=settings.HYTE_CITY_ORGANIZATION or f"{genitive} kaupunki",
        number=settings.HYTE_CITY_NUMBER,
        county=settings.HYTE_COUNTY_NAME,
    )


def share_label() -> str:
    return current_city().share_label


def finnish_share_label() -> str:
    """The city's share as a file's column: "Kemin osuus" whatever the page's language."""
    return f"{settings.HYTE_CITY_GENITIVE} osuus"


def finnish_role_label() -> str:
    return f"{settings.HYTE_CITY_GENITIVE} rooli"


def role_label() -> str:
    return current_city().role_label
