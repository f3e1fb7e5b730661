"""Build the benchmark dataset (`bench/dataset.py`) into a database of its own.

    .venv/bin/python bench/generate.py [--database-url URL] [--actions 1000000]

Default: the SQLite file bench/var/bench.sqlite3, 20 000 actions. The database is emptied first, and its
name must contain "bench": never point it at real data. `pages.py` and `load.py` build the
dataset themselves when it is missing; this rebuilds it on purpose.
"""

import argparse
import os
import time

from database import ACTIONS, DEFAULT_SQLITE_URL, configure, create_database, ensure_dataset


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SQLITE_URL)
    )
    parser.add_argument(
        "--actions",
        type=int,
        default=ACTIONS,
        help="how many actions, a multiple of 200 (20 divisions × 10 years); default 20 000",
    )
    options = parser.parse_args()
    create_database(options.database_url)
    configure(options.database_url)
    started = time.perf_counter()
    ensure_dataset(rebuild=True, actions=options.actions)
    print(f"done in {time.perf_counter() - started:.1f} s: {options.database_url}")


if __name__ == "__main__":
    main()
