"""A published year as open data: one JSON file and three CSV files, with stable field names.

The names below are a contract with whoever reads the files: add fields, never rename or drop
one (the copy's `schema` says which shape a file has). `FIELDS` documents each, and the public
index lays it out. The CSV files are as Finnish Excel opens them (`common.spreadsheets`):
UTF-8 with BOM, `;` between fields, decimal comma, dates `1.9.2021`, an unknown amount empty.
The JSON has ISO dates and decimals as strings (`"295600.00"`), unknown as `null`.
"""

import datetime
import json
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _lazy

from common.downloads import download_response
from common.spreadsheets import csv_response
from publication.pages import attribution, licence

FIELDS = {
    "toimenpiteet": [
        ("year", _lazy("vuosi")),
        ("division", _lazy("toimiala")),
        ("order", _lazy("järjestys vuoden taulukossa")),
        ("title", _lazy("otsikko (voi olla tyhjä)")),
        ("description", _lazy("kuvaus")),
        ("status", _lazy("tila: planned, ongoing, done tai not_realized")),
        ("focus_areas", _lazy("painopisteiden numerot välilyönnein, esim. 1.1 1.4")),
        ("interpreted_focus_areas", _lazy("ne painopisteet, joihin liitos on lähteen tulkinta")),
    ],
    "hankkeet": [
        ("year", _lazy("vuosi")),
        ("division", _lazy("toimiala, jolle hanke vuonna kuului")),
        ("name", _lazy("nimi")),
        ("short_name", _lazy("lyhyt nimi")),
        ("funders", _lazy("rahoittajat")),
        ("start_date", _lazy("alkaa")),
        ("end_date", _lazy("päättyy (tyhjä: ei tiedossa)")),
        ("total_budget", _lazy("kustannusarvio euroina (tyhjä: ei tiedossa)")),
        ("total_budget_approximate", _lazy("kustannusarvio on arvio (true/false)")),
        ("city_share", _lazy("kaupungin osuus euroina (tyhjä: ei tiedossa)")),
        ("self_financing", _lazy("omarahoitus euroina (tyhjä: ei tiedossa)")),
    ],
    "indikaattorit": [
        ("year", _lazy("julkaistu vuosi")),
        ("focus_area", _lazy("painopisteen numero")),
        ("sotkanet_id", _lazy("Sotkanetin indikaattorin tunniste")),
        ("title", _lazy("indikaattori")),
        ("title_sv", _lazy("indikaattori ruotsiksi")),
        ("unit", _lazy("yksikkö")),
        ("direction", _lazy("tavoitteen suunta: up, down tai steady")),
        ("target_value", _lazy("tavoitearvo")),
        ("target_year", _lazy("tavoitevuosi")),
        ("region", _lazy("alue: city, county tai country")),
        ("value_year", _lazy("arvon vuosi")),
        ("value", _lazy("arvo")),
        ("attribution", _lazy("lähde ja lisenssi")),
    ],
}
CONTACT_FIELDS = [
    ("contact_name", _lazy("yhteyshenkilö")),
    ("contact_title", _lazy("yhteyshenkilön tehtävä")),
]
DATASETS = tuple(FIELDS)


def decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def file_name(publication, extension: str, dataset: str = "") -> str:
    parts = ["hyvinvointisuunnitelma", str(publication.year), publication.division_slug]
    return "-".join([*parts, *([dataset] if dataset else [])]) + f".{extension}"


def json_response(publication) -> HttpResponse:
    snapshot = publication.snapshot
    document = {
        "publication": {
            "published_at": publication.published_at.isoformat(),
            "decision_reference": publication.decision_reference,
            "licence": licence(),
            "attribution": sorted({attribution(indicator) for indicator in snapshot["indicators"]}),
        },
        **snapshot,
    }
    content = json.dumps(document, ensure_ascii=False, indent=2).encode()
    return download_response(
        content, file_name(publication, "json"), "application/json; charset=utf-8", inline=True
    )


def csv_file(publication, dataset: str) -> HttpResponse:
    if dataset not in FIELDS:
        raise Http404(dataset)
    snapshot = publication.snapshot
    year, division = snapshot["year"], snapshot["division"]["name"]
    keys = [key for key, _label in FIELDS[dataset]]
    if dataset == "toimenpiteet":
        rows = [
            [
                year,
                division,
                action["order"],
                action["title"],
                action["description"],
                action["status"],
                " ".join(link["number"] for link in action["focus_areas"]),
                " ".join(
                    link["number"] for link in action["focus_areas"] if link["interpretation"]
                ),
            ]
            for action in snapshot["actions"]
        ]
    elif dataset == "hankkeet":
        contacts = any("contact_name" in project for project in snapshot["projects"])
        if contacts:
            keys += [key for key, _label in CONTACT_FIELDS]
        rows = [
            [
                year,
                division,
                project["name"],
                project["short_name"],
                ", ".join(funder["name"] or funder["code"] for funder in project["funders"]),
                date(project["start_date"]),
                date(project["end_date"]),
                decimal(project["total_budget"]),
                "true" if project["total_budget_approximate"] else "false",
                decimal(project["city_share"]),
                decimal(project["self_financing"]),
                *([project["contact_name"], project["contact_title"]] if contacts else []),
            ]
            for project in snapshot["projects"]
        ]
    else:
        rows = [
            [
                year,
                indicator["focus_area"],
                indicator["sotkanet_id"],
                indicator["title_fi"],
                indicator.get("title_sv", ""),
                indicator["unit"],
                indicator["direction"],
                decimal(indicator["target_value"]),
                indicator["target_year"],
                value["region"],
                value["year"],
                decimal(value["value"]),
                attribution(indicator),
            ]
            for indicator in snapshot["indicators"]
            for value in indicator["values"]
        ]
    return csv_response(file_name(publication, "csv", dataset), keys, rows)
