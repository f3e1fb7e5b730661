from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from kemi_hyte.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Kirjoittaa koko tietokannan varmuuskopioksi tiedostoon (PostgreSQL: pg_dump, SQLite: "
        "online backup). Palautus: restore_data. / Writes a consistent backup of the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="uusi tiedosto / a new file")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file: Path, database: str, **options):
        try:
            write_backup(file, connections[database])
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = file.stat().st_size / 1_000_000
        self.stdout.write(f"Varmuuskopio kirjoitettu / Backup written: {file} ({size:.1f} MB)")
