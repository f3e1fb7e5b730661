"""Load test: gunicorn on PostgreSQL under a board member's and a coordinator's mix (not a test).

    .venv/bin/pip install -e '.[bench]'      # once: locust
    .venv/bin/python bench/load.py [--database-url URL] [--seconds 60] [--users 20] [--workers 2]

Builds the dataset into the PostgreSQL database (default hyte_bench, created if missing;
its name must contain "bench"), collects the static files into a temporary directory,
lays out every PDF the board's mix may ask for (`render_report_pdfs`, into bench/var/pdf-cache;
minutes the first time, then only what changed), starts gunicorn with production settings on a
free port of 127.0.0.1, runs locust headless for each mix in turn and prints requests per
second, percentiles and errors. gunicorn is stopped whatever happens; its log and locust's CSV
files are kept in bench/results/.
"""

import argparse
import csv
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from database import (
    BENCH_DIR,
    BOARD_MEMBER,
    COORDINATOR,
    DEFAULT_POSTGRES_URL,
    PASSWORD,
    PRODUCTION_ENVIRONMENT,
    ROOT,
    configure,
    create_database,
    ensure_dataset,
)

BIN = os.path.dirname(sys.executable)
RESULTS = BENCH_DIR / "results"
MIXES = {"board": "BoardMember", "coordinator": "Coordinator"}
# The years of the dataset, whose annual PDFs the board's mix asks for (locustfile.YEARS).
PDF_YEARS = range(2016, 2026)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_sample(path: str, users: int) -> None:
    """Divisions to read and actions to edit, with form data that saves as it is."""
    from plans.models import Action, Division

    rng = random.Random(1)
    ids = sorted(Action.objects.filter(year__gte=2024).values_list("pk", flat=True))
    actions = []
    for action in Action.objects.filter(pk__in=rng.sample(ids, 400)).prefetch_related(
        "focus_areas"
    ):
        actions.append(
            {
                "id": action.pk,
                "fields": {
                    "plan": action.plan_id,
                    "year": action.year,
                    "division": action.division_id,
                    "title": action.title,
                    "description": action.description,
                    "status": action.status,
                    "focus_areas": [area.pk for area in action.focus_areas.all()],
                    "participants": action.participants or "",
                },
            }
        )
    divisions = list(Division.objects.values("id", "slug"))
    with open(path, "w", encoding="utf-8") as file:
        json.dump({"users": users, "actions": actions, "divisions": divisions}, file)


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}: see {RESULTS / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not answer /healthz in 20 seconds")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# The sign-ins and the queue they leave, before the figures start (locustfile.SETTLE_SECONDS).
WARM_UP_SECONDS = 30


def run_mix(mix: str, url: str, options, environment: dict) -> dict:
    prefix = RESULTS / mix
    subprocess.run(
        [
            f"{BIN}/locust",
            "-f",
            str(BENCH_DIR / "locustfile.py"),
            MIXES[mix],
            "--headless",
            "--host",
            url,
            "--users",
            str(options.users),
            "--spawn-rate",
            "10",
            # The figures start SETTLE_SECONDS after the last sign-in (locustfile.py); the
            # sign-ins take some 10-20 s, so the run is longer by WARM_UP_SECONDS.
            "--run-time",
            f"{options.seconds + WARM_UP_SECONDS}s",
            "--reset-stats",
            "--stop-timeout",
            "10",
            "--only-summary",
            "--csv",
            str(prefix),
            "--loglevel",
            "WARNING",
        ],
        env=environment,
        check=False,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return next(row for row in rows if row["Name"] == "Aggregated")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES_URL)
    )
    parser.add_argument("--seconds", type=int, default=60, help="per mix")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--mix", choices=[*MIXES, "both"], default="both")
    options = parser.parse_args()
    if not options.database_url.startswith("postgres"):
        sys.exit("The load test runs on PostgreSQL: give a postgres:// URL.")
    if shutil.which("locust", path=BIN) is None:
        sys.exit(f"locust is missing: {BIN}/pip install -e '.[bench]'")

    create_database(options.database_url)
    configure(options.database_url)
    ensure_dataset()
    RESULTS.mkdir(exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="hyte-load-")
    sample = os.path.join(scratch, "sample.json")
    write_sample(sample, options.users)
    from django.db import connections

    connections.close_all()

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        **PRODUCTION_ENVIRONMENT,
        "DATABASE_URL": options.database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STATIC_ROOT": os.path.join(scratch, "static"),
        "PYTHONPATH": str(ROOT),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(options.workers),
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_BOARD_MEMBER": BOARD_MEMBER,
        "BENCH_COORDINATOR": COORDINATOR,
        "BENCH_SAMPLE": sample,
        "HYTE_PDF_CACHE_DIR": str(BENCH_DIR / "var" / "pdf-cache"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    # As on a server after the board's decisions: the PDFs are laid out before anyone asks
    # (docs/deploy.md). What is already laid out costs only its HTML.
    print("laying out the PDFs the board's mix reads …", flush=True)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "render_report_pdfs",
            *[f"--year={year}" for year in PDF_YEARS],
        ],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    results = {}
    with open(RESULTS / "gunicorn.log", "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [f"{BIN}/gunicorn"], cwd=ROOT, env=environment, stdout=log, stderr=log
        )
        try:
            wait_until_up(url, server)
            for mix in MIXES if options.mix == "both" else [options.mix]:
                print(f"{mix} mix: {options.users} users for {options.seconds} s …", flush=True)
                results[mix] = run_mix(mix, url, options, environment)
        finally:
            stop(server)
            shutil.rmtree(scratch, ignore_errors=True)

    print(
        f"\n{options.users} users, {options.workers} gunicorn workers, PostgreSQL, "
        f"{options.seconds} s per mix, {time.strftime('%Y-%m-%d')}"
    )
    print(f"{'mix':<13}{'requests':>9}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'errors':>8}")
    for mix, row in results.items():
        print(
            f"{mix:<13}{row['Request Count']:>9}{float(row['Requests/s']):>8.1f}"
            f"{row['50%']:>6}ms{row['95%']:>6}ms{row['99%']:>6}ms{row['Failure Count']:>8}"
        )
    print(f"per page: {RESULTS}/<mix>_stats.csv")


if __name__ == "__main__":
    main()
