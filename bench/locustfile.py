"""The two reading and editing mixes of the load test; `load.py` runs them (see README.md).

Each simulated user signs in once, through the real sign-in form with its CSRF token, and
then follows its mix with 1–3 seconds of reading between requests. The sample of actions
to open and edit comes from `load.py` (BENCH_SAMPLE), so every user edits its own actions
and no two users save the same one at once.
"""

import itertools
import json
import os
import random
import re

import gevent
from locust import HttpUser, between, task

PASSWORD = os.environ["BENCH_PASSWORD"]
with open(os.environ["BENCH_SAMPLE"], encoding="utf-8") as sample_file:
    SAMPLE = json.load(sample_file)
YEARS = list(range(2016, 2026))
WORDS = ["kirjasto", "nuoriso", "liikunta", "kayttoonotto", "koulu", "museo"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
user_numbers = itertools.count()
signed_in = itertools.count(1)
SETTLE_SECONDS = 10


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        self.number = next(user_numbers)
        page = self.client.get("/accounts/login/", name="sign-in page")
        response = self.client.post(
            "/accounts/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
            },
            name="sign in",
            allow_redirects=False,
        )
        assert response.status_code == 302, f"sign-in failed: {response.status_code}"
        # The figures are of the mix: counted from SETTLE_SECONDS after the last user has
        # signed in. Each sign-in is a deliberately slow password hash, and 20 of them at once
        # queue every request behind them for seconds; a reset at the last sign-in still
        # counted the requests in that queue when they ended (5 s each, 5 % of the figures).
        # locust's --reset-stats comes earlier still, when the users have been started.
        if next(signed_in) == SAMPLE["users"]:
            gevent.spawn_later(SETTLE_SECONDS, self.environment.stats.reset_all)

    def actions_list(self):
        division = random.choice(SAMPLE["divisions"])
        self.client.get(
            f"/actions/?year={random.choice(YEARS)}&division={division['id']}",
            name="/actions/?year&division",
        )

    def search(self):
        self.client.get(f"/actions/?q={random.choice(WORDS)}", name="/actions/?q")


class BoardMember(SignedIn):
    username = os.environ["BENCH_BOARD_MEMBER"]

    @task(4)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(2)
    def first_page(self):
        self.client.get("/actions/", name="/actions/")

    @task(3)
    def filtered(self):
        self.actions_list()

    @task(2)
    def searched(self):
        self.search()

    @task(4)
    def annual(self):
        division = random.choice(SAMPLE["divisions"])["slug"]
        self.client.get(
            f"/reports/annual/{random.choice(YEARS)}/{division}/", name="/reports/annual/"
        )

    @task(2)
    def project_summary(self):
        division = random.choice(SAMPLE["divisions"])["slug"]
        self.client.get(
            f"/reports/projects/?division={division}&year={random.choice(YEARS)}",
            name="/reports/projects/",
        )

    @task(2)
    def overview(self):
        self.client.get(f"/reports/overview/{random.choice(YEARS)}/", name="/reports/overview/")

    @task(1)
    def annual_pdf(self):
        division = random.choice(SAMPLE["divisions"])["slug"]
        self.client.get(
            f"/reports/annual/{random.choice(YEARS)}/{division}/pdf/",
            name="/reports/annual/ pdf",
        )


class Coordinator(SignedIn):
    username = os.environ["BENCH_COORDINATOR"]

    def own_action(self) -> dict:
        """Actions are dealt out by user number: user n of u edits every u-th action."""
        return random.choice(SAMPLE["actions"][self.number :: SAMPLE["users"]])

    @task(3)
    def first_page(self):
        self.client.get("/actions/", name="/actions/")

    @task(2)
    def filtered(self):
        self.actions_list()

    @task(3)
    def open_action(self):
        self.client.get(f"/actions/{self.own_action()['id']}/", name="/actions/<id>/")

    @task(2)
    def edit_action(self):
        action = self.own_action()
        url = f"/actions/{action['id']}/edit/"
        page = self.client.get(url, name="/actions/<id>/edit/")
        fields = {
            **action["fields"],
            "title": f"{action['fields']['title'][:180]} (muokattu)"[:200],
            "version": VERSION.search(page.text).group(1),
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
        }
        with self.client.post(
            url, fields, name="/actions/<id>/edit/ save", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"not saved: {response.status_code}")

    @task(1)
    def create_action(self):
        page = self.client.get("/actions/new/", name="/actions/new/")
        fields = {
            **random.choice(SAMPLE["actions"])["fields"],
            "title": f"Uusi toimenpide {random.randrange(10**6)}",
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
        }
        with self.client.post(
            "/actions/new/",
            fields,
            name="/actions/new/ save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"not saved: {response.status_code}")

    @task(2)
    def searched(self):
        self.search()
