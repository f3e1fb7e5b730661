"""Build the benchmark dataset in a database of its own.

    .venv/bin/python bench/generate.py                      # SQLite file bench/var/bench.sqlite3
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/hyte_bench .venv/bin/python bench/generate.py

The database is emptied first: never point it at real data.
"""

import os
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
(BENCH_DIR / "var").mkdir(exist_ok=True)
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{BENCH_DIR / 'var' / 'bench.sqlite3'}"
)
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kemi_hyte.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench.dataset import build  # noqa: E402


def main():
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    counts = build()
    print(
        f"built {counts} in {time.perf_counter() - started:.1f} s into {os.environ['DATABASE_URL']}"
    )


if __name__ == "__main__":
    main()
