from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kemi_hyte.demo import load_demo


class Command(BaseCommand):
    help = (
        "Lataa Kemin oikeat esimerkkitiedot (hyvinvointisuunnitelma 2022–25, vuoden 2023 "
        "toimenpiteet, hankkeet) sekä painopisteiden Sotkanet-indikaattorit esimerkkiarvoin "
        "(esimerkkiaineisto, ei THL:n tietoa). Ajon voi toistaa: toinen ajo ei muuta mitään."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            help="Luo myös kokeilukäyttäjät hyte, lautakunta ja admin (salasana demo). "
            "Vain kehityskäytössä (DJANGO_DEBUG=true).",
        )

    def handle(self, *args, with_demo_users=False, **options):
        if with_demo_users and not settings.DEBUG:
            raise CommandError(
                _(
                    "Kokeilukäyttäjiä ei luoda, kun DJANGO_DEBUG on pois päältä: niiden salasana "
                    "on julkinen."
                )
            )
        counts = load_demo(with_demo_users=with_demo_users)
        self.stdout.write(
            f"Kemin tiedot ladattu: {counts['created']} uutta ja {counts['updated']} muutettua riviä, "
            f"{counts['linked']} uutta linkitystä"
            + (f", {counts['users']} uutta käyttäjää" if with_demo_users else "")
            + "."
        )
