import getpass
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kemi_hyte.municipality import (
    Municipality,
    SetupError,
    env_lines,
    set_up_municipality,
    write_env_file,
)


class Command(BaseCommand):
    help = (
        "Ottaa sovelluksen käyttöön uudessa kunnassa (README: Oma kunta): kirjoittaa kunnan "
        "nimen, kuntanumeron ja hyvinvointialueen ympäristötiedostoon, luo toimialat ja "
        "ensimmäisen pääkäyttäjän. Kysyy puuttuvat tiedot, ellei --no-input ole annettu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", default="", help="kunnan nimi, esim. Tornio")
        parser.add_argument("--genitive", default="", help="nimen genetiivi, esim. Tornion")
        parser.add_argument("--number", default="", help="kuntanumero, esim. 851")
        parser.add_argument("--county", default="", help="hyvinvointialue")
        parser.add_argument("--organization", default="", help="esim. Simon kunta")
        parser.add_argument("--name-sv", default="", help="ruotsinkielinen nimi, esim. Torneå")
        parser.add_argument("--genitive-sv", default="", help="esim. Torneås")
        parser.add_argument("--county-sv", default="", help="esim. Lapplands välfärdsområde")
        parser.add_argument(
            "--division",
            action="append",
            default=[],
            dest="divisions",
            help="toimiala; toista jokaiselle toimialalle",
        )
        parser.add_argument("--admin-username", default="", help="pääkäyttäjän tunnus")
        parser.add_argument("--admin-email", default="", help="pääkäyttäjän sähköposti")
        parser.add_argument(
            "--env-file",
            type=Path,
            help="ympäristötiedosto, johon kunnan asetukset kirjoitetaan (esim. "
            "/etc/kemi-hyte/env); ilman sitä rivit tulostetaan",
        )
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="älä kysy mitään; pääkäyttäjän salasana ympäristömuuttujasta "
            "DJANGO_SUPERUSER_PASSWORD (ilman sitä kirjautuminen kaupungin tunnuksella)",
        )

    def ask(self, interactive: bool, value: str, question: str) -> str:
        if value or not interactive:
            return value
        return input(f"{question}: ").strip()

    def handle(self, *args, interactive: bool, **options):
        interactive = interactive and sys.stdin.isatty()
        ask = self.ask
        name = ask(interactive, options["name"], _("Kunnan nimi (esim. Tornio)"))
        municipality = Municipality(
            name=name,
            genitive=ask(interactive, options["genitive"], _("Nimen genetiivi (Tornio: Tornion)")),
            number=ask(interactive, options["number"], _("Kuntanumero (Tornio: 851)")),
            county=ask(
                interactive, options["county"], _("Hyvinvointialue (esim. Lapin hyvinvointialue)")
            ),
            organization=options["organization"],
            name_sv=options["name_sv"],
            genitive_sv=options["genitive_sv"],
            county_sv=options["county_sv"],
        )
        divisions = options["divisions"]
        if not divisions and interactive:
            answer = input(_("Toimialat pilkuin eroteltuina") + ": ")
            divisions = [part.strip() for part in answer.split(",")]
        username = ask(interactive, options["admin_username"], _("Pääkäyttäjän tunnus"))
        email = ask(interactive, options["admin_email"], _("Pääkäyttäjän sähköposti"))
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or None
        if password is None and interactive:
            password = getpass.getpass(_("Pääkäyttäjän salasana") + ": ")
            if password != getpass.getpass(_("Salasana uudelleen") + ": "):
                raise CommandError(_("Salasanat eivät täsmää. Mitään ei tallennettu."))
        try:
            municipality.check()
            created, user = set_up_municipality(
                divisions=divisions, username=username, email=email, password=password
            )
        except SetupError as error:
            raise CommandError(_("%(error)s Mitään ei tallennettu.") % {"error": error}) from None

        values = municipality.settings()
        if options["env_file"]:
            write_env_file(options["env_file"], values)
            self.stdout.write(
                _("Kunnan asetukset kirjoitettu tiedostoon %(file)s.")
                % {"file": options["env_file"]}
            )
        else:
            self.stdout.write(_("Lisää nämä rivit sovelluksen ympäristötiedostoon:"))
            for line in env_lines(values):
                self.stdout.write(line)
        self.stdout.write(
            _(
                "%(city)s (%(number)s, %(county)s): %(divisions)s toimialaa, pääkäyttäjä "
                "%(username)s. Käynnistä sovellus uudelleen, jotta kunnan nimi tulee käyttöön."
            )
            % {
                "city": municipality.name,
                "number": municipality.number,
                "county": municipality.county,
                "divisions": len(created),
                "username": user.get_username(),
            }
        )
