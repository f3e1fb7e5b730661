"""The same submit made by many people at the same moment ends in one winner and, for everyone
else, a Finnish refusal: never a duplicate, never a 500.

Real concurrency needs a real database server: these tests run on PostgreSQL only
(DATABASE_URL=postgres://…). Each thread has its own connection, started together by a
barrier, and closes it at the end.
"""

import datetime
import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from imports.models import ImportBatch
from imports.services import start_import
from plans.models import Action, YearClosing
from plans.services import carry_forward
from tests.factories import ActionFactory
from tests.spreadsheet_files import xlsx_bytes
from tests.test_import_actions import COLUMNS, action_row
from tests.workspace import small_plan

# serialized_rollback brings back the roles a migration created, after each flush.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writer at a time, so nothing here could race "
        "(set DATABASE_URL=postgres://… to run these)",
    ),
]

THREADS = 10


def at_once(work: Callable[[int], object], count: int = THREADS) -> list:
    """Run `work(i)` in `count` threads started together; their results (or exceptions)."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - the test reads what each thread ended with
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting"
    return results


def client_for(user) -> Client:
    # A 500 is returned as a response to count, not raised in the thread.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def small():
    return small_plan()


def test_ten_carry_forwards_of_the_same_actions_copy_each_once(small):
    sources = [
        ActionFactory(
            plan=small.plan, division=small.division, year=2023, focus_areas=[small.wellbeing]
        )
        for _ in range(5)
    ]
    ids = [source.pk for source in sources]

    def carry(index):
        chosen = list(Action.objects.filter(pk__in=ids).order_by("pk"))
        return len(carry_forward(actions=chosen, to_year=2024))

    results = at_once(carry)

    assert results.count(5) == 1, results
    refusals = [result for result in results if isinstance(result, ValidationError)]
    assert len(refusals) == THREADS - 1, results
    assert all("on jo siirretty vuodelle 2024" in " ".join(r.messages) for r in refusals)
    copies = Counter(Action.objects.filter(year=2024).values_list("carried_from", flat=True))
    assert copies == Counter(dict.fromkeys(ids, 1))


def test_ten_carry_forward_posts_copy_each_once_and_answer_every_post(small, coordinator):
    sources = [
        ActionFactory(
            plan=small.plan, division=small.division, year=2023, focus_areas=[small.wellbeing]
        )
        for _ in range(5)
    ]
    url = f"/actions/carry-forward/?plan={small.plan.pk}&year=2023"
    clients = [client_for(coordinator) for _ in range(THREADS)]

    responses = at_once(lambda i: clients[i].post(url, {"actions": [s.pk for s in sources]}))

    statuses = Counter(response.status_code for response in responses)
    assert statuses == {302: 1, 200: THREADS - 1}, statuses
    for response in responses:
        if response.status_code == 200:
            # Refused on the form: checked after the winner (already carried) or by the
            # service while it waited for the winner.
            text = response.content.decode()
            assert "Toimenpide ei kuulu valittuun vuoteen" in text or "on jo siirretty" in text
    assert Action.objects.filter(year=2024).count() == 5


def test_ten_closings_of_one_year_record_one(small, coordinator):
    ActionFactory(
        plan=small.plan, division=small.division, year=2023, focus_areas=[small.wellbeing]
    )
    url = f"/reports/annual/2023/{small.division.slug}/close/"
    decision = {"body": "Hyvinvointilautakunta", "date": "12.3.2024", "section": "25"}
    clients = [client_for(coordinator) for _ in range(THREADS)]

    responses = at_once(lambda i: clients[i].post(url, decision))

    statuses = Counter(response.status_code for response in responses)
    assert statuses == {302: 1, 400: THREADS - 1}, statuses
    for response in responses:
        if response.status_code == 400:
            assert "Vuosi on jo käsitelty" in response.content.decode()
    closing = YearClosing.objects.get()
    assert (closing.year, closing.decision.date) == (2023, datetime.date(2024, 3, 12))


def new_action_file(small, title: str, rows: int = 1) -> SimpleUploadedFile:
    content = xlsx_bytes(
        [COLUMNS]
        + [
            action_row(
                Suunnitelma=str(small.plan),
                Vuosi=2023,
                Toimiala=small.division.name,
                Otsikko=title if rows == 1 else f"{title} {number}",
                Hankkeet=None,
            )
            for number in range(rows)
        ]
    )
    return SimpleUploadedFile("toimenpiteet.xlsx", content)


def confirm_url(batch: ImportBatch) -> str:
    return f"/imports/actions/{batch.pk}/confirm/"


def test_ten_confirms_of_one_file_write_it_once(small, coordinator):
    batch = start_import(
        kind="actions", uploaded_file=new_action_file(small, "Uusi toimenpide", 3), user=coordinator
    )
    clients = [client_for(coordinator) for _ in range(THREADS)]

    responses = at_once(lambda i: clients[i].post(confirm_url(batch)))

    statuses = Counter(response.status_code for response in responses)
    assert statuses == {302: 1, 409: THREADS - 1}, statuses
    for response in responses:
        if response.status_code == 409:
            assert "Tämä tiedosto on jo tuotu" in response.content.decode()
    assert Action.objects.filter(year=2023).count() == 3
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == (ImportBatch.Status.DONE, 3)


def test_six_files_creating_the_same_action_confirmed_together_create_it_once(small, coordinator):
    batches = [
        start_import(
            kind="actions",
            uploaded_file=new_action_file(small, "Digituen vertaisohjaajat"),
            user=coordinator,
        )
        for _ in range(6)
    ]
    clients = [client_for(coordinator) for _ in batches]

    responses = at_once(lambda i: clients[i].post(confirm_url(batches[i])), count=6)

    statuses = Counter(response.status_code for response in responses)
    assert statuses == {302: 1, 409: 5}, statuses
    (action,) = Action.objects.filter(title="Digituen vertaisohjaajat")
    for response in responses:
        if response.status_code == 409:
            assert f"Toimenpide on jo olemassa tunnisteella {action.pk}" in (
                response.content.decode()
            )
    statuses = Counter(ImportBatch.objects.values_list("status", flat=True))
    assert statuses == {ImportBatch.Status.DONE: 1, ImportBatch.Status.PENDING: 5}
