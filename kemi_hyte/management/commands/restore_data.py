from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from kemi_hyte.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Palauttaa backup_data-komennon varmuuskopion tyhjään tietokantaan, kokonaan tai ei "
        "lainkaan. / Restores a backup into an empty database, all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="korvaa tietokannan nykyisen sisällön / replace what the database holds now",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file: Path, replace: bool, database: str, **options):
        try:
            restore_backup(file, connections[database], replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Palautettu / Restored: {file}. Aja seuraavaksi / Next run: manage.py migrate"
        )
