"""Settings come from the environment and fail loudly when production is misconfigured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def load_settings(show="s.DEBUG, s.DATABASES['default']['ENGINE']", **env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", f"import kemi_hyte.settings as s; print({show})"],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_mistyped_boolean_is_an_error_not_a_guess():
    result = load_settings(DJANGO_DEBUG="maybe")
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_database_url_switches_to_postgresql():
    result = load_settings(
        DJANGO_DEBUG="true", DATABASE_URL="postgres://hyte:salainen@db.example.fi:5432/hyte"
    )
    assert result.stdout.split() == ["True", "django.db.backends.postgresql"]


def test_postgresql_binds_parameters_on_the_server_and_keeps_the_urls_options():
    result = load_settings(
        "sorted(s.DATABASES['default']['OPTIONS'].items())",
        DJANGO_DEBUG="true",
        DATABASE_URL="postgres://hyte:salainen@db.example.fi:5432/hyte?sslmode=require",
    )
    # JIT off: the planner compiled the project summary's UNION ALL for seconds.
    assert result.stdout.strip() == (
        "[('options', '-c jit=off'), ('server_side_binding', True), ('sslmode', 'require')]"
    )


def test_sqlite_is_the_default_database():
    result = load_settings(DJANGO_DEBUG="true", DATABASE_URL="")
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


@pytest.mark.django_db
def test_every_model_change_has_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
