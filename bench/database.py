"""The benchmark database: Django pointed at it, the dataset of `bench.dataset` built once.

The benchmark scripts call `configure()` before anything imports a model, then
`ensure_dataset()`, which builds the dataset only when the database does not hold it yet:
a second run starts measuring at once.
"""

import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_SQLITE_URL = f"sqlite:///{BENCH_DIR / 'var' / 'bench.sqlite3'}"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/hyte_bench"

# Users the benchmarks sign in as; they exist only in the benchmark database.
PASSWORD = "bench-salasana-2025"
COORDINATOR = "bench-koordinaattori"
BOARD_MEMBER = "bench-lautakunta"

# Production settings, except plain http on loopback; the secret only signs benchmark sessions.
PRODUCTION_ENVIRONMENT = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-never-used-in-production-0123456789",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_LOG_LEVEL": "WARNING",
}


def check_url(database_url: str) -> None:
    """The dataset replaces whatever the database holds: refuse a name without "bench" in it."""
    name = database_url.rsplit("/", 1)[-1].split("?")[0]
    if "bench" not in name:
        sys.exit(f"Refusing {database_url}: the benchmark database's name must contain 'bench'.")


def configure(database_url: str) -> None:
    check_url(database_url)
    (BENCH_DIR / "var").mkdir(exist_ok=True)
    sys.path.insert(0, str(ROOT))
    os.environ.update(PRODUCTION_ENVIRONMENT)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "kemi_hyte.settings"
    import django

    django.setup()


def create_database(database_url: str) -> None:
    """Create a missing PostgreSQL database (SQLite creates its file by itself)."""
    if not database_url.startswith("postgres"):
        return
    import psycopg
    from psycopg import sql

    server, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# The default dataset: 20 divisions × 10 years × 100 actions.
ACTIONS = 20_000


def ensure_dataset(*, rebuild: bool = False, actions: int = ACTIONS) -> None:
    """Build the dataset unless the database holds one; `actions` (a multiple of 200, the
    divisions times the years) sets its size, and the projects grow with it (one project
    for every ten actions, at least 2 000)."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection

    from bench.dataset import build
    from plans.models import Action

    call_command("migrate", verbosity=0)
    # The coordinator's mix of the load test adds actions: more than 20 000 is still the dataset.
    if rebuild or Action.objects.count() < ACTIONS:
        print(f"building the dataset of {actions} actions …", flush=True)
        # flush empties the role groups; its post_migrate makes them again from common.roles.
        call_command("flush", interactive=False, verbosity=0)
        counts = build(actions_per_year=actions // 200, projects=max(2000, actions // 10))
        print(f"built {counts}", flush=True)
        # Statistics for the query planner, as autovacuum would gather them in a while: without
        # them PostgreSQL plans the first minutes' queries for empty tables. VACUUM also marks
        # the freshly written pages all-visible, as autovacuum would, so that a count can be
        # read from an index alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    for username, role in ((COORDINATOR, "coordinator"), (BOARD_MEMBER, "board")):
        user, _ = User.objects.get_or_create(username=username)
        user.is_staff = True  # the admin's changelist is timed beside the actions list
        user.set_password(PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
