import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import Division
from reports import pdf
from reports.prerender import render_closed_years, render_year


class Command(BaseCommand):
    help = gettext_lazy(
        "Taittaa raporttien PDF:t valmiiksi jaettuun välimuistiin (PDF_CACHE_DIR) jokaisella "
        "kielellä: lukittujen vuosien vuosiraportit, katsaukset ja hankeyhteenvedot, tai "
        "--year-valinnalla annettujen vuosien kaikkien toimialojen raportit. Poistaa ensin "
        "tiedostot, joita ei ole luettu --prune-days päivään. Valmiina olevat PDF:t jäävät "
        "ennalleen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            default=[],
            help=gettext_lazy("Vuosi, jonka jokaisen toimialan PDF:t taitetaan (voi toistaa)."),
        )
        parser.add_argument(
            "--prune-days",
            type=int,
            default=30,
            help=gettext_lazy("Poista PDF:t, joita ei ole luettu näin moneen päivään (oletus 30)."),
        )

    def handle(self, *args, year, prune_days, **options):
        started = time.perf_counter()
        removed = pdf.prune(days=prune_days)
        before = len(list(pdf.cache_directory().glob("*.pdf")))
        if year:
            places = 0
            for one_year in year:
                divisions = list(Division.objects.filter(actions__year=one_year).distinct())
                render_year(one_year, divisions)
                places += len(divisions)
        else:
            places = render_closed_years()
        laid_out = len(list(pdf.cache_directory().glob("*.pdf"))) - before
        self.stdout.write(
            _(
                "PDF:t valmiina %(places)s toimialan vuodelle: %(laid_out)s taitettu nyt, "
                "%(removed)s vanhaa tiedostoa poistettu, %(seconds)s s."
            )
            % {
                "places": places,
                "laid_out": laid_out,
                "removed": removed,
                "seconds": f"{time.perf_counter() - started:.1f}",
            }
        )
