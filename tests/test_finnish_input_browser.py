"""What a Finn types into the forms in Chromium is what gets stored."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Action
from projects.models import Project
from tests.browser_pages import new_context, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TEXT = "Äiti, isä ja öinen Åland: å Å ä ö 🙂"


def retype(page, label, text, *, exact=False):
    field = page.get_by_label(label, exact=exact)
    field.fill("")
    field.press_sequentially(text)


def errors_on(page) -> list[str]:
    return [
        " ".join(text.split())
        for text in page.locator(".errorlist, .errornote, .error-summary").all_inner_texts()
    ]


@pytest.mark.parametrize("typed", ["4,5", "4.5"])
def test_action_edit_stores_the_typed_score_and_text(
    browser, live_server, kemi, coordinator, typed
):
    action = Action.objects.filter(division__slug="hyvinvointitoimiala").order_by("pk").first()
    context = new_context(browser)
    try:
        sign_in(context, live_server, coordinator)
        page = context.new_page()
        page.goto(live_server.url + reverse("actions:edit", args=[action.pk]))
        retype(page, "Palautteen keskiarvo (1–5)", typed)
        retype(page, "Kuvaus", TEXT, exact=True)
        shown = page.get_by_label("Palautteen keskiarvo (1–5)").input_value()
        with page.expect_navigation():
            page.get_by_role("button", name="Tallenna").click()
        errors = errors_on(page)
    finally:
        context.close()
    action.refresh_from_db()
    assert not errors, (
        f"actions:edit with feedback score typed {typed!r} (the field's value in the browser: "
        f"{shown!r}) shows errors: {errors}"
    )
    assert action.feedback_score == Decimal("4.5"), (
        f"feedback score typed {typed!r} in actions:edit (the field's value in the browser: "
        f"{shown!r}) was stored as {action.feedback_score!r}"
    )
    assert action.description == TEXT


def test_admin_project_stores_euros_and_a_date_typed_the_finnish_way(
    browser, live_server, kemi, admin_user
):
    project = Project.objects.get(short_name="Vahvax")
    Project.objects.filter(pk=project.pk).update(start_date=datetime.date(2021, 8, 15))
    context = new_context(browser)
    try:
        sign_in(context, live_server, admin_user)
        page = context.new_page()
        page.goto(live_server.url + reverse("admin:projects_project_change", args=[project.pk]))
        retype(page, "Kustannusarvio", "295 600,50", exact=True)
        budget_shown = page.locator("[name=total_budget]").input_value()
        retype(page, "Alkaa", "1.9.2021", exact=True)
        with page.expect_navigation():
            page.locator('[name="_continue"]').click()
        errors = errors_on(page)
    finally:
        context.close()
    project.refresh_from_db()
    assert not errors, f"admin project change shows errors: {errors}"
    assert project.total_budget == Decimal("295600.50"), (
        f"total_budget typed '295 600,50' in the admin (the field's value in the browser: "
        f"{budget_shown!r}) was stored as {project.total_budget!r}"
    )
    assert project.start_date == datetime.date(2021, 9, 1)
