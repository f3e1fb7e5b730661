"""Forms a person can use: labels without a colon, a new action's status chosen rather than
preset, the year picked from the plans' years, and the carry forward's "Valitse kaikki"."""

import re

import pytest

from plans.models import Action
from tests.factories import ActionFactory, PlanFactory
from tests.workspace import action_post, small_plan


@pytest.fixture
def small(db):
    return small_plan()


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_action_forms_labels_end_without_a_colon(signed_in, small):
    html = signed_in.get("/actions/new/").content.decode()

    labels = re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    assert "Otsikko" in labels
    assert "Vuosi" in labels
    assert [label for label in labels if label.strip().endswith(":")] == []


def test_a_new_actions_status_starts_empty_and_must_be_chosen(signed_in, small):
    form = signed_in.get("/actions/new/").context["form"]
    assert form["status"].value() in ("", None)
    assert list(form.fields["status"].choices)[0] == ("", "– valitse –")

    response = signed_in.post("/actions/new/", action_post(small, status=""))

    assert Action.objects.count() == 0
    assert "Valitse tila." in response.content.decode()


def test_an_edited_action_keeps_its_status(signed_in, small):
    action = ActionFactory(plan=small.plan, status=Action.Status.ONGOING)

    form = signed_in.get(f"/actions/{action.pk}/edit/").context["form"]

    assert form["status"].value() == Action.Status.ONGOING
    assert "" not in dict(form.fields["status"].choices)


def test_the_year_is_chosen_from_the_plans_years(signed_in, small):
    PlanFactory(name="Seuraava suunnitelma", start_year=2026, end_year=2029)

    for url in ["/actions/new/", "/actions/carry-forward/", "/coverage/"]:
        html = signed_in.get(url).content.decode()
        select = re.search(r'<select name="year".*?</select>', html, re.S)
        assert select, url
        years = re.findall(r'<option value="(\d+)"', select.group())
        assert years == [str(year) for year in range(2022, 2030)], url


def test_carry_forward_offers_select_all_as_an_enhancement(signed_in, small):
    ActionFactory(plan=small.plan, status=Action.Status.ONGOING, focus_areas=[small.wellbeing])

    html = signed_in.get(
        "/actions/carry-forward/", {"plan": small.plan.pk, "year": 2023}
    ).content.decode()

    # Hidden until the script (a static file: the CSP allows no inline script) shows it.
    assert re.search(r"<button[^>]*data-select-all[^>]*hidden", html)
    assert 'aria-controls="id_actions"' in html
    assert "js/select-all.js" in html
    assert "onclick" not in html
