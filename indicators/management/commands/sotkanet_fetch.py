from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.services import fetch
from indicators.sotkanet import DirectorySource, HttpSource, Sotkanet, SotkanetError


def years_argument(text: str) -> list[int]:
    """`2020`, `2019-2023` or `2019–2023`."""
    start, _dash, end = text.replace("–", "-").partition("-")
    try:
        first, last = int(start), int(end or start)
    except ValueError:
        raise CommandError(_("Vuosi on annettava muodossa 2023 tai 2019-2023.")) from None
    if not 1990 <= first <= last <= 2100:
        raise CommandError(_("Vuosien on oltava väliltä 1990–2100, alku ensin."))
    return list(range(first, last + 1))


class Command(BaseCommand):
    help = (
        "Hakee THL:n Sotkanetista indikaattoriluettelon, vertailualueet sekä painopisteisiin "
        "liitettyjen (tai --indicator-valitsimella nimettyjen) indikaattorien tiedot ja arvot. "
        "Ajon voi toistaa: sama vastaus ei muuta mitään. Kukin indikaattori tallennetaan "
        "kokonaan tai ei lainkaan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--indicator",
            type=int,
            nargs="+",
            metavar="ID",
            help="Sotkanetin indikaattoritunnisteet (oletus: painopisteisiin liitetyt).",
        )
        parser.add_argument(
            "--years",
            nargs="+",
            metavar="VUOSI",
            help="Vuodet, esim. 2023 tai 2019-2023 (oletus: SOTKANET_FIRST_YEAR–tämä vuosi).",
        )
        parser.add_argument(
            "--from-dir",
            metavar="HAKEMISTO",
            help="Lue vastaukset tiedostoista (indicators.json, regions.json, "
            "indicator-ID.json, data-ID.json) palvelimella, jolta ei ole yhteyttä internetiin.",
        )
        parser.add_argument(
            "--no-catalogue",
            action="store_true",
            help="Älä päivitä koko indikaattoriluetteloa.",
        )

    def handle(self, *args, indicator=None, years=None, from_dir=None, no_catalogue=False, **kw):
        chosen_years = None
        if years:
            chosen_years = sorted({year for text in years for year in years_argument(text)})
        source = DirectorySource(from_dir) if from_dir else HttpSource()
        try:
            result = fetch(
                client=Sotkanet(source),
                indicator_ids=indicator,
                years=chosen_years,
                catalogue=not no_catalogue,
            )
        except SotkanetError as error:
            raise CommandError(
                _("Sotkanetin tietoja ei haettu loppuun: %(error)s") % {"error": error}
            ) from None
        except ValidationError as error:
            raise CommandError(
                _("Sotkanetin vastausta ei voitu tallentaa: %(error)s")
                % {"error": " ".join(error.messages)}
            ) from None
        values = sum(
            counts["values_created"] + counts["values_updated"] + counts["values_deleted"]
            for counts in result.indicators.values()
        )
        self.stdout.write(
            _(
                "Sotkanet: %(catalogue)s muutosta indikaattoriluetteloon, %(regions)s "
                "vertailualueisiin, %(indicators)s indikaattoria haettu, %(values)s arvoa "
                "muuttui."
            )
            % {
                "catalogue": sum(result.catalogue.values()),
                "regions": sum(result.regions.values()),
                "indicators": len(result.indicators),
                "values": values,
            }
        )
