"""gunicorn, started as systemd starts it, serves the app and logs each request as JSON."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

from tests.conftest import PRODUCTION_ENVIRONMENT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, headers: dict, seconds: float = 20.0):
    """The first answer from a server that is still starting."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=2)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_gunicorn_serves_the_health_check_and_logs_json_lines(tmp_path):
    port = free_port()
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
        **PRODUCTION_ENVIRONMENT,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn)],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        response = wait_for(
            f"http://127.0.0.1:{port}/healthz",
            {"Host": "hyte.example.fi", "X-Forwarded-For": "203.0.113.9"},
        )
        body = json.load(response)
    finally:
        server.terminate()
        stdout, _ = server.communicate(timeout=30)

    assert body == {"status": "ok", "database": "ok"}
    lines = [json.loads(line) for line in stdout.splitlines()]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert access[0]["message"].startswith("GET /healthz 200 ")
    assert "client=203.0.113.9" in access[0]["message"]
    assert server.returncode == 0
