"""Build the benchmark dataset (`bench/dataset.py`) into a database of its own.

    .venv/bin/python bench/generate.py [--database-url URL]

Default: the SQLite file bench/var/bench.sqlite3. The database is emptied first, and its
name must contain "bench": never point it at real data. `pages.py` and `load.py` build the
dataset themselves when it is missing; this rebuilds it on purpose.
"""

import argparse
import os
import time

from database import DEFAULT_SQLITE_URL, configure, create_database, ensure_dataset


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SQLITE_URL)
    )
    options = parser.parse_args()
    create_database(options.database_url)
    configure(options.database_url)
    started = time.perf_counter()
    ensure_dataset(rebuild=True)
    print(f"done in {time.perf_counter() - started:.1f} s: {options.database_url}")


if __name__ == "__main__":
    main()
