"""Starting year N+1 from year N: the coordinator picks the continuing actions to copy."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import Action
from plans.services import carry_forward
from tests.factories import ActionFactory, ProjectFactory
from tests.workspace import small_plan


@pytest.fixture
def small(db):
    return small_plan()


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_continuing_actions_are_offered_preselected(signed_in, small):
    ongoing = ActionFactory(
        plan=small.plan, status=Action.Status.ONGOING, focus_areas=[small.wellbeing]
    )
    done = ActionFactory(plan=small.plan, status=Action.Status.DONE, focus_areas=[small.wellbeing])

    response = signed_in.get("/actions/carry-forward/", {"plan": small.plan.pk, "year": 2023})

    form = response.context["form"]
    assert set(form.fields["actions"].queryset) == {ongoing, done}
    assert form.initial["actions"] == [ongoing]
    assert "Siirrä valitut vuodelle 2024" in response.content.decode()


def test_chosen_actions_are_copied_with_status_links_and_text_marked_for_review(signed_in, small):
    project = ProjectFactory()
    source = ActionFactory(
        plan=small.plan,
        division=small.division,
        title="Liikuntaviikko",
        status=Action.Status.ONGOING,
        participants=120,
        feedback_score=Decimal("4.5"),
        focus_areas=[small.wellbeing, small.housing],
    )
    project.actions.add(source)
    skipped = ActionFactory(plan=small.plan, focus_areas=[small.wellbeing])

    response = signed_in.post(
        f"/actions/carry-forward/?plan={small.plan.pk}&year=2023", {"actions": [source.pk]}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/actions/?plan={small.plan.pk}&year=2024"
    copy = Action.objects.get(year=2024)
    assert (copy.title, copy.status, copy.division) == ("Liikuntaviikko", "ongoing", small.division)
    assert copy.needs_review and copy.carried_from == source
    assert (copy.participants, copy.feedback_score) == (None, None)
    assert set(copy.focus_areas.all()) == {small.wellbeing, small.housing}
    assert list(copy.projects.all()) == [project]
    assert not skipped.carried_to.exists()
    assert copy.history.get().history_type == "+"


def test_an_action_is_not_carried_twice_into_the_same_year(signed_in, small):
    source = ActionFactory(plan=small.plan, focus_areas=[small.wellbeing])
    url = f"/actions/carry-forward/?plan={small.plan.pk}&year=2023"
    signed_in.post(url, {"actions": [source.pk]})

    response = signed_in.post(url, {"actions": [source.pk]})

    assert "Toimenpide ei kuulu valittuun vuoteen." in response.content.decode()
    assert Action.objects.filter(year=2024).count() == 1


def test_the_copy_is_all_or_nothing(signed_in, small):
    # The last plan year cannot be carried forward: the year after is outside the plan.
    fine = ActionFactory(plan=small.plan, year=2025, focus_areas=[small.wellbeing])

    response = signed_in.post(
        f"/actions/carry-forward/?plan={small.plan.pk}&year=2025", {"actions": [fine.pk]}
    )

    assert "Vuosi 2026 ei kuulu suunnitelmakauteen 2022–25." in response.content.decode()
    assert not Action.objects.filter(year=2026).exists()


def test_the_database_holds_one_copy_of_an_action_per_year(small):
    source = ActionFactory(plan=small.plan, focus_areas=[small.wellbeing])
    (copy,) = carry_forward(actions=[source], to_year=2024)
    second = Action(plan=small.plan, year=2024, division=copy.division, title="Toinen kopio")
    second.carried_from = source

    with pytest.raises(ValidationError, match="on jo siirretty tälle vuodelle"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert list(source.carried_to.all()) == [copy]
