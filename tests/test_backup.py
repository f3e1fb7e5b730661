"""One command writes a backup and one restores it into an empty database, as the city's IT
runs them: every row of every model and every euro to the cent come back, and a restore is
all or nothing. The same tests run on SQLite and on PostgreSQL, each where CI runs them."""

import contextlib
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from projects.fields import MoneyField
from projects.models import EarmarkedPart, Project
from tests.conftest import PRODUCTION_ENVIRONMENT
from tests.factories import CostSplitFactory, OrganizationFactory, ProjectFactory

# Committed data, so that pg_dump (another connection) sees it.
# serialized_rollback brings back the roles a migration created, after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: set DATABASE_URL=postgres://…"
)


def figures(cursor) -> dict[str, int]:
    """The row count of every model (many-to-many tables included) and the sum of every
    money column, in cents."""
    result = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        result[model._meta.label] = cursor.fetchone()[0]
        for field in model._meta.concrete_fields:
            if isinstance(field, MoneyField):
                cursor.execute(f'SELECT COALESCE(SUM("{field.column}"), 0) FROM "{table}"')
                result[f"{model._meta.label}.{field.name} (cents)"] = int(cursor.fetchone()[0])
    return result


def table_count(cursor) -> int:
    if connection.vendor == "sqlite":
        cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
    else:
        cursor.execute(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
    return cursor.fetchone()[0]


class EmptyDatabase:
    """A second, empty database of the same kind as the test database."""

    def __init__(self, tmp_path):
        source = connection.settings_dict
        if connection.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"{source['NAME']}_restore"
            credentials = source["USER"] + (f":{source['PASSWORD']}" if source["PASSWORD"] else "")
            self.url = f"postgres://{credentials}@{source['HOST']}:{source['PORT']}/{self.name}"
            self.drop()
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name}"')

    def connect(self):
        if connection.vendor == "sqlite":
            return contextlib.closing(sqlite3.connect(self.path))
        import psycopg

        return psycopg.connect(self.url)

    def figures(self) -> dict[str, int]:
        with self.connect() as target:
            return figures(target.cursor())

    def table_count(self) -> int:
        with self.connect() as target:
            return table_count(target.cursor())

    def drop(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def restore(self, backup, *options):
        """manage.py restore_data in its own process, as on the server."""
        environment = {
            **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
            **PRODUCTION_ENVIRONMENT,
            "DATABASE_URL": self.url,
        }
        return subprocess.run(
            [sys.executable, "manage.py", "restore_data", str(backup), *options],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )


@pytest.fixture
def empty_database(tmp_path):
    database = EmptyDatabase(tmp_path)
    yield database
    database.drop()


@pytest.fixture
def kemi_with_cents(kemi, coordinator):
    """The real Kemi data, a user in a role, and amounts with cents that a float would round."""
    project = ProjectFactory(
        total_budget=Decimal("1149000.07"),
        city_share=Decimal("295600.55"),
        self_financing=Decimal("0.01"),
    )
    EarmarkedPart.objects.create(
        project=project, recipient=OrganizationFactory(), amount=Decimal("25000.99")
    )
    CostSplitFactory(approval_limit=Decimal("9999.99"))


def test_backup_and_restore_keep_every_row_and_every_cent(
    kemi_with_cents, empty_database, tmp_path
):
    backup = tmp_path / "hyte.backup"
    call_command("backup_data", str(backup))

    restored = empty_database.restore(backup)

    assert restored.returncode == 0, restored.stderr
    with connection.cursor() as cursor:
        original = figures(cursor)
    assert empty_database.figures() == original
    assert original["projects.Project"] == Project.objects.count() > 9
    assert original["projects.Project.total_budget (cents)"] % 100 != 0
    assert original["plans.Action"] > 0
    assert original["auth.Group_permissions"] > 0
    assert original["auth.User_groups"] == 1


def test_restore_refuses_a_database_that_is_not_empty(kemi, tmp_path):
    backup = tmp_path / "hyte.backup"
    call_command("backup_data", str(backup))
    with connection.cursor() as cursor:
        before = figures(cursor)

    with pytest.raises(CommandError, match="Tietokannassa on jo .* taulua"):
        call_command("restore_data", str(backup))

    with connection.cursor() as cursor:
        assert figures(cursor) == before


def test_restore_with_replace_swaps_the_contents_instead_of_adding(
    kemi_with_cents, empty_database, tmp_path
):
    backup = tmp_path / "hyte.backup"
    call_command("backup_data", str(backup))
    assert empty_database.restore(backup).returncode == 0

    refused = empty_database.restore(backup)
    replaced = empty_database.restore(backup, "--replace")

    assert refused.returncode != 0
    assert "--replace" in refused.stderr
    assert replaced.returncode == 0, replaced.stderr
    with connection.cursor() as cursor:
        assert empty_database.figures() == figures(cursor)


def test_a_damaged_backup_is_refused_and_the_database_stays_empty(kemi, empty_database, tmp_path):
    backup = tmp_path / "hyte.backup"
    call_command("backup_data", str(backup))
    whole = backup.read_bytes()
    backup.write_bytes(whole[: len(whole) // 2])

    restored = empty_database.restore(backup)

    assert restored.returncode != 0
    assert "ei ole ehjä" in restored.stderr
    assert empty_database.table_count() == 0


def test_backup_never_overwrites_an_earlier_backup(kemi, tmp_path):
    backup = tmp_path / "hyte.backup"
    backup.write_text("eilinen varmuuskopio")

    with pytest.raises(CommandError, match="on jo olemassa"):
        call_command("backup_data", str(backup))

    assert backup.read_text() == "eilinen varmuuskopio"
    assert list(tmp_path.iterdir()) == [backup]


@on_postgresql
def test_the_database_password_is_never_on_a_command_line(db, monkeypatch, tmp_path):
    """Other users of the server can read command lines (ps); libpq reads PGPASSWORD."""
    calls = []

    def record(command, env, **kwargs):
        calls.append((command, env))
        (tmp_path / "hyte.backup.partial").write_bytes(b"PGDMP")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "salainen-tietokantasana")
    monkeypatch.setattr("kemi_hyte.backup.subprocess.run", record)
    call_command("backup_data", str(tmp_path / "hyte.backup"))

    ((command, environment),) = calls
    assert command[0] == "pg_dump"
    assert not any("salainen" in part for part in command)
    assert environment["PGPASSWORD"] == "salainen-tietokantasana"
