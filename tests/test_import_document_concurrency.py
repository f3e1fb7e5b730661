"""The annual table confirmed by several people at the same moment: one plan, each paragraph
once, and a Finnish refusal (409) for everyone else; never a 500. PostgreSQL only, as in
tests/test_concurrency.py."""

from collections import Counter

import pytest
from django.db import connection

from imports.models import DocumentImport
from plans.models import Action, FocusArea, Plan, StrategicGoal
from tests.document_files import seed_text
from tests.test_concurrency import at_once, client_for
from tests.test_import_document import first_area_where_none_chosen, form_data, uploaded

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writer at a time (set DATABASE_URL=postgres://…)",
    ),
]


def confirm_form(client, batch) -> dict:
    preview = client.get(f"/imports/document/{batch.pk}/")
    return form_data(preview, op="confirm", **first_area_where_none_chosen(preview))


def test_ten_confirms_of_one_table_write_it_once(coordinator):
    client = client_for(coordinator)
    batch = uploaded(client, seed_text())
    data = confirm_form(client, batch)
    clients = [client_for(coordinator) for _ in range(10)]

    results = at_once(lambda i: clients[i].post(f"/imports/document/{batch.pk}/", data).status_code)
    assert Counter(results) == {302: 1, 409: 9}
    assert Plan.objects.count() == 1
    assert Action.objects.count() == 26


def test_four_tables_of_a_new_plan_confirmed_together_create_it_once(coordinator):
    client = client_for(coordinator)
    batches = [uploaded(client, seed_text()) for _ in range(4)]
    forms = [confirm_form(client, batch) for batch in batches]
    clients = [client_for(coordinator) for _ in range(4)]

    results = at_once(
        lambda i: clients[i].post(f"/imports/document/{batches[i].pk}/", forms[i]).status_code,
        count=4,
    )
    # The first writes; the others either meet its new plan in the unique index (IntegrityError,
    # "Toinen tuonti tallensi …") or find every paragraph stored already.
    assert Counter(results) == {302: 1, 409: 3}
    assert Plan.objects.count() == 1
    assert StrategicGoal.objects.count() == 3
    assert FocusArea.objects.count() == 24
    assert Action.objects.count() == 26
    assert DocumentImport.objects.filter(status=DocumentImport.Status.DONE).count() == 1
