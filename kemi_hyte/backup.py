"""Backups of the whole database, and restoring one into an empty database.

PostgreSQL: `pg_dump --format=custom`, one consistent snapshot even while the app runs, and
`pg_restore` in a single transaction. SQLite: the online backup API, which copies a consistent
snapshot page by page, and copies back in one step. Either way a restore that fails leaves the
database as it was: never half a restore.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper


class BackupError(Exception):
    pass


def write_backup(path: Path, connection: BaseDatabaseWrapper) -> None:
    """Write the database to `path`. The file appears only once it is complete."""
    if path.exists():
        raise BackupError(
            f"{path} on jo olemassa: anna uusi tiedostonimi. / {path} exists: give a new file name."
        )
    partial = path.with_name(path.name + ".partial")
    try:
        if connection.vendor == "postgresql":
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={partial}",
                ],
                connection,
            )
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            raise BackupError(f"Tietokantaa {connection.vendor} ei tueta. / Unsupported database.")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def restore_backup(path: Path, connection: BaseDatabaseWrapper, *, replace: bool = False) -> None:
    """Restore `path` into the database, which must be empty unless `replace` is given."""
    if not path.is_file():
        raise BackupError(f"Tiedostoa {path} ei löydy. / {path} not found.")
    _check_backup_file(path, connection)
    tables = connection.introspection.table_names()
    if tables and not replace:
        raise BackupError(
            f"Tietokannassa on jo {len(tables)} taulua. Palauta tyhjään tietokantaan, tai korvaa "
            "nykyinen sisältö valinnalla --replace. / The database is not empty: restore into an "
            "empty database, or replace its contents with --replace."
        )
    if connection.vendor == "postgresql":
        clean = ["--clean", "--if-exists"] if tables else []
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *clean,
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ],
            connection,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            # All pages in one step: the copy is a single write transaction on the target.
            source.backup(connection.connection, pages=-1)
        finally:
            source.close()
    connection.close()


def _check_backup_file(path: Path, connection: BaseDatabaseWrapper) -> None:
    """Refuse a file that is not a whole backup for this kind of database, before any change."""
    if connection.vendor == "postgresql":
        try:
            _run(["pg_restore", "--list", str(path)], connection)
        except BackupError:
            raise BackupError(
                f"{path} ei ole ehjä PostgreSQL-varmuuskopio. / {path} is not a complete "
                "PostgreSQL backup."
            ) from None
        return
    try:
        backup = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            healthy = backup.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            migrated = backup.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
        finally:
            backup.close()
    except sqlite3.DatabaseError:
        healthy = migrated = False
    if not (healthy and migrated):
        raise BackupError(
            f"{path} ei ole ehjä SQLite-varmuuskopio. / {path} is not a complete SQLite backup."
        )


def _run(command: list[str], connection: BaseDatabaseWrapper) -> None:
    """Run a PostgreSQL client with the connection in PG* variables: the password never
    appears on a command line, where other users of the server could see it."""
    database = connection.settings_dict
    environment = {**os.environ, "PGDATABASE": database["NAME"]}
    for variable, value in [
        ("PGHOST", database["HOST"]),
        ("PGPORT", str(database["PORT"] or "")),
        ("PGUSER", database["USER"]),
        ("PGPASSWORD", database["PASSWORD"]),
        ("PGSSLMODE", database["OPTIONS"].get("sslmode", "")),
    ]:
        if value:
            environment[variable] = value
    try:
        result = subprocess.run(
            command, env=environment, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(
            f"Ohjelmaa {command[0]} ei löydy: asenna postgresql-client. / {command[0]} not found: "
            "install postgresql-client."
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]}: {result.stderr.strip()}")
