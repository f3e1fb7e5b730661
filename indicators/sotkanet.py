"""THL's Sotkanet REST API 1.1: the four answers the app reads, fetched and checked.

- `indicators`: the catalogue, `[{"id": 5, "title": {"fi": …, "sv": …, "en": …}, …}, …]`;
- `indicators/{id}`: one indicator's metadata (`title`, `description`, `primaryValueType`,
  `decimals`, `organization`, `range`, `data-updated`);
- `regions`: `[{"id": …, "title": {…}, "code": "240", "category": "KUNTA", …}, …]`;
- `json?indicator=ID&years=…&genders=total`: one indicator's values in every region,
  `[{"indicator": 5, "region": 833, "year": 2023, "gender": "total", "value": 5.8,
  "absValue": 5636}, …]`.

Two sources give the same answers: `HttpSource` asks the service (`settings.SOTKANET_BASE_URL`,
a User-Agent, a timeout) and `DirectorySource` reads files saved elsewhere, for a server
without internet (`docs/deploy.md`). Everything that can go wrong, a refusal, a timeout, a
broken or unexpected answer, raises `SotkanetError` with a Finnish message; nothing here
writes to the database.

`urllib` rather than a HTTP library: four GET requests a day need nothing more.
"""

import datetime
import json
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

CITY_CATEGORY = "KUNTA"
COUNTY_CATEGORY = "HYVINVOINTIALUE"
COUNTRY_CATEGORY = "MAA"
# The longest texts the models keep (a longer one is cut rather than refused).
TITLE, UNIT, PRODUCER = 500, 200, 300


def user_agent() -> str:
    """Names the app and the city to THL, in ASCII (a header is no place for "ä")."""
    city = unicodedata.normalize("NFKD", settings.HYTE_CITY_NAME).encode("ascii", "ignore")
    return (
        f"kemi-hyte (hyvinvointisuunnitelman seuranta: {city.decode()}, "
        f"kunta {settings.HYTE_CITY_NUMBER})"
    )


class SotkanetError(Exception):
    """The service or the files did not give a usable answer; the message is Finnish."""


@dataclass(frozen=True)
class CatalogueEntry:
    sotkanet_id: int
    title_fi: str
    title_sv: str


@dataclass(frozen=True)
class IndicatorMeta:
    sotkanet_id: int
    title_fi: str
    title_sv: str
    unit: str
    decimals: int | None
    producer: str
    description: str
    data_updated: datetime.date | None


@dataclass(frozen=True)
class RegionEntry:
    sotkanet_id: int
    category: str
    code: str
    title_fi: str


@dataclass(frozen=True)
class ValueEntry:
    region: int
    year: int
    gender: str
    value: Decimal
    absolute_value: Decimal | None


# --- the two sources ------------------------------------------------------------------------


class HttpSource:
    """Asks Sotkanet over HTTPS."""

    def __init__(self, base_url: str | None = None, timeout: float | None = None):
        self.base_url = (base_url or settings.SOTKANET_BASE_URL).rstrip("/") + "/"
        self.timeout = timeout if timeout is not None else settings.SOTKANET_TIMEOUT

    def get(self, path: str, params: list[tuple[str, str]] | None = None):
        url = self.base_url + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(
            url, headers={"User-Agent": user_agent(), "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            if error.code == 403:
                message = _("Sotkanet kieltäytyi pyynnöstä (HTTP 403).")
            elif error.code >= 500:
                message = _("Sotkanet ei ole nyt käytettävissä (HTTP %(status)s).") % {
                    "status": error.code
                }
            else:
                message = _("Sotkanet vastasi virheellä (HTTP %(status)s).") % {
                    "status": error.code
                }
            raise SotkanetError(f"{message} {url}") from None
        except TimeoutError:
            raise SotkanetError(self.timeout_message(url)) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise SotkanetError(self.timeout_message(url)) from None
            raise SotkanetError(
                _("Sotkanetiin ei saatu yhteyttä (%(reason)s).") % {"reason": error.reason}
                + f" {url}"
            ) from None
        return decode(body, url)

    def timeout_message(self, url: str) -> str:
        return (
            _("Sotkanet ei vastannut %(seconds)s sekunnissa.") % {"seconds": f"{self.timeout:g}"}
            + f" {url}"
        )


class DirectorySource:
    """Reads the answers from files saved elsewhere (`docs/deploy.md` shows how):
    `indicators.json`, `regions.json`, `indicator-ID.json` (metadata) and `data-ID.json`
    (values). The years asked for are taken from the file, whatever it holds."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def file_for(self, path: str, params) -> Path:
        if path in ("indicators", "regions"):
            return self.directory / f"{path}.json"
        if path.startswith("indicators/"):
            return self.directory / f"indicator-{path.removeprefix('indicators/')}.json"
        indicator = dict(params or [])["indicator"]
        return self.directory / f"data-{indicator}.json"

    def get(self, path: str, params: list[tuple[str, str]] | None = None):
        file = self.file_for(path, params)
        try:
            body = file.read_bytes()
        except OSError as error:
            raise SotkanetError(
                _("Tiedostoa %(file)s ei voitu lukea (%(reason)s).")
                % {"file": file, "reason": error.strerror}
            ) from None
        return decode(body, str(file))


def decode(body: bytes, where: str):
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise SotkanetError(
            _("Sotkanetin vastaus ei ollut JSON-muotoa: %(where)s") % {"where": where}
        ) from None


# --- the answers, checked ---------------------------------------------------------------------


def unexpected(what: str) -> SotkanetError:
    return SotkanetError(_("Sotkanetin vastaus oli odottamaton: %(what)s.") % {"what": what})


def field(row: dict, name: str, kind, what: str):
    value = row.get(name) if isinstance(row, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise unexpected(_("%(what)s: kenttä %(name)s puuttuu") % {"what": what, "name": name})
    return value


def title(row: dict, language: str) -> str:
    titles = row.get("title")
    if not isinstance(titles, dict):
        return ""
    text = titles.get(language)
    return text.strip() if isinstance(text, str) else ""


def fi_text(value) -> str:
    """A `{"fi": …}` text of the metadata, or "" when there is none."""
    if isinstance(value, dict):
        text = value.get("fi")
        if isinstance(text, str):
            return text.strip()
        if isinstance(value.get("title"), dict):
            return fi_text(value["title"])
    return ""


def as_list(answer, what: str) -> list:
    if not isinstance(answer, list):
        raise unexpected(_("%(what)s ei ollut luettelo") % {"what": what})
    return answer


def parse_catalogue(answer) -> list[CatalogueEntry]:
    """The indicators with a Finnish title: the coordinator picks them by it, so one without
    (a few of Eurostat's, say) is left out rather than stopping the whole fetch."""
    entries = []
    for row in as_list(answer, "indicators"):
        sotkanet_id = field(row, "id", int, "indicators")
        name = title(row, "fi")
        if name:
            entries.append(CatalogueEntry(sotkanet_id, name[:TITLE], title(row, "sv")[:TITLE]))
    return entries


def parse_date(value) -> datetime.date | None:
    """`data-updated` as Sotkanet writes it: `2024-03-20` or a time stamp beginning so."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_indicator(answer, sotkanet_id: int) -> IndicatorMeta:
    what = f"indicators/{sotkanet_id}"
    if field(answer, "id", int, what) != sotkanet_id:
        raise unexpected(_("%(what)s kertoi toisen indikaattorin tiedot") % {"what": what})
    name = title(answer, "fi")
    if not name:
        raise unexpected(_("%(what)s: suomenkielinen nimi puuttuu") % {"what": what})
    decimals = answer.get("decimals")
    if isinstance(decimals, str) and decimals.strip().isdigit():
        # Described as a string in some accounts of the API, given as a number in the answers
        # seen: either is taken.
        decimals = int(decimals)
    return IndicatorMeta(
        sotkanet_id=sotkanet_id,
        title_fi=name[:TITLE],
        title_sv=title(answer, "sv")[:TITLE],
        unit=fi_text(answer.get("primaryValueType"))[:UNIT],
        decimals=decimals if isinstance(decimals, int) and 0 <= decimals <= 10 else None,
        producer=fi_text(answer.get("organization"))[:PRODUCER],
        description=fi_text(answer.get("description")),
        data_updated=parse_date(answer.get("data-updated")),
    )


def parse_regions(answer) -> list[RegionEntry]:
    regions = []
    for row in as_list(answer, "regions"):
        regions.append(
            RegionEntry(
                sotkanet_id=field(row, "id", int, "regions"),
                category=field(row, "category", str, "regions"),
                code=str(row.get("code", "")),
                title_fi=title(row, "fi"),
            )
        )
    return regions


def number(value, what: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise unexpected(_("%(what)s: arvo ei ole luku") % {"what": what})
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise unexpected(_("%(what)s: arvo ei ole luku") % {"what": what}) from None
    if not result.is_finite():
        raise unexpected(_("%(what)s: arvo ei ole luku") % {"what": what})
    return result


def parse_values(answer, sotkanet_id: int) -> list[ValueEntry]:
    """Every value of the answer; a row without a value (Sotkanet leaves it out when the
    figure is hidden or missing) is no row."""
    what = f"json?indicator={sotkanet_id}"
    values = []
    for row in as_list(answer, what):
        if field(row, "indicator", int, what) != sotkanet_id:
            raise unexpected(_("%(what)s kertoi toisen indikaattorin arvoja") % {"what": what})
        value = number(row.get("value"), what)
        if value is None:
            continue
        values.append(
            ValueEntry(
                region=field(row, "region", int, what),
                year=field(row, "year", int, what),
                gender=field(row, "gender", str, what),
                value=value,
                absolute_value=number(row.get("absValue"), what),
            )
        )
    return values


# --- the client -----------------------------------------------------------------------------


class Sotkanet:
    """The four questions, against either source."""

    def __init__(self, source=None):
        self.source = source or HttpSource()

    def catalogue(self) -> list[CatalogueEntry]:
        return parse_catalogue(self.source.get("indicators"))

    def indicator(self, sotkanet_id: int) -> IndicatorMeta:
        return parse_indicator(self.source.get(f"indicators/{sotkanet_id}"), sotkanet_id)

    def regions(self) -> list[RegionEntry]:
        return parse_regions(self.source.get("regions"))

    def values(self, sotkanet_id: int, years: list[int]) -> list[ValueEntry]:
        params = [("indicator", str(sotkanet_id))]
        params += [("years", str(year)) for year in years]
        params.append(("genders", "total"))
        return parse_values(self.source.get("json", params), sotkanet_id)


def same_code(given: str, configured: str) -> bool:
    """Sotkanet writes a county's code with two digits ("02", "21") and a municipality's with
    three ("240"): "2" in the settings must still find "02"."""
    return given.strip().lstrip("0") == str(configured).strip().lstrip("0")


def comparison_regions(
    regions: list[RegionEntry], city_code: str, county_code: str
) -> dict[str, RegionEntry]:
    """The city (category KUNTA and its municipality code), its wellbeing services county
    (HYVINVOINTIALUE and the county's code) and the whole country (MAA), by role. Sotkanet's
    region ids are its own, not these codes: they are looked up here. The city must be there;
    a county or country missing from the answer is left out."""

    def find(category: str, code: str | None) -> RegionEntry | None:
        return next(
            (
                r
                for r in regions
                if r.category == category and (code is None or same_code(r.code, code))
            ),
            None,
        )

    city = find(CITY_CATEGORY, str(city_code))
    if city is None:
        raise SotkanetError(
            _("Sotkanetin alueista ei löytynyt kuntaa, jonka koodi on %(code)s.")
            % {"code": city_code}
        )
    found = {"city": city}
    county = find(COUNTY_CATEGORY, str(county_code))
    if county:
        found["county"] = county
    country = find(COUNTRY_CATEGORY, None)
    if country:
        found["country"] = country
    return found
