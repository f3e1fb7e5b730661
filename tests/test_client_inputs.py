"""Anything a client can send: generated text, numbers, ids and searches through every form and
filter the coordinator and the admin reach. No answer is a 500, and an answer that refuses the
input has written nothing."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.formatting import format_date
from common.inputs import has_control_characters
from plans.models import Action, ActionFocusArea, Plan
from projects.models import Project
from tests.factories import ActionFactory, FunderFactory, ProjectFactory
from tests.spreadsheet_files import csv_bytes
from tests.workspace import action_post, small_plan

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# What broke the app before, and what is near it.
SPECIAL = [
    "²",
    "①",
    "١٢",
    "\x0b",
    "rivi\x0brivi",
    "\x00",
    "a\x00b",
    "\x0c\x1b\x7f\x85",
    "-1",
    "0",
    "1",
    "2023",
    "99999",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    "9" * 5000,
    "1e30",
    "1e999999999",
    "NaN",
    "Infinity",
    "-Infinity",
    "4,11",
    " ",
    "",
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
    "a" * 60_000,
    " ".join(["sana"] * 2000),
    "ä" * 1000,
]
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
VALUES = st.one_of(
    st.sampled_from(SPECIAL),
    TEXT,
    st.integers().map(str),
    st.integers(min_value=2**62, max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
# A multiple choice: one value or several.
CHOICES = st.one_of(VALUES, st.lists(VALUES, min_size=1, max_size=3))


def overrides(fields: list[str], values=VALUES):
    return st.dictionaries(st.sampled_from(fields), values, min_size=1, max_size=len(fields))


@pytest.fixture
def world(db):
    small = small_plan()
    action = ActionFactory(
        plan=small.plan, division=small.division, year=2023, focus_areas=[small.wellbeing]
    )
    project = ProjectFactory(name="Vahvempi yhdessä", short_name="Vahvax")
    project.funders.add(FunderFactory())
    project.actions.add(action)
    return small, action, project


@pytest.fixture
def coordinator_client(client, coordinator, world):
    client.force_login(coordinator)
    return client


@pytest.fixture
def admin_client(client, admin_user, world):
    client.force_login(admin_user)
    return client


@pytest.fixture
def superuser_client(client, world):
    client.force_login(User.objects.create_superuser("ylla", password="salasana-testi-123"))
    return client


def stored() -> dict:
    """Everything the forms could write, to compare before and after a refused input."""
    return {
        "actions": list(Action.objects.order_by("pk").values()),
        "action_history": Action.history.count(),
        "focus_areas": sorted(ActionFocusArea.objects.values_list("action", "focus_area")),
        "projects": list(Project.objects.order_by("pk").values()),
        "project_history": Project.history.count(),
        "project_links": sorted(Project.actions.through.objects.values_list("pk", flat=True)),
        "funders": sorted(Project.funders.through.objects.values_list("pk", flat=True)),
        "plans": list(Plan.objects.order_by("pk").values()),
    }


def no_control_characters_stored():
    for row in stored()["actions"] + stored()["projects"]:
        for name, value in row.items():
            assert not (isinstance(value, str) and has_control_characters(value)), name


def assert_read_only(response, before):
    assert response.status_code < 500
    assert stored() == before


def assert_refused_or_saved(response, before):
    """A form answers 302 when it saved; any other answer must have written nothing."""
    assert response.status_code < 500
    if response.status_code == 302:
        no_control_characters_stored()
    else:
        assert stored() == before


# The coordinator's pages


@EXAMPLES
@given(data=overrides(["plan", "year", "division", "title", "description", "status",
                       "participants", "events", "feedback_score"]),
       areas=CHOICES, projects=CHOICES)  # fmt: skip
def test_new_action(coordinator_client, world, data, areas, projects):
    small, _, _ = world
    before = stored()
    post = action_post(small, **data, focus_areas=areas, projects=projects)
    assert_refused_or_saved(coordinator_client.post("/actions/new/", post), before)


@EXAMPLES
@given(data=overrides(["plan", "year", "division", "title", "description", "status",
                       "participants", "events", "feedback_score", "version"]),
       areas=CHOICES, projects=CHOICES)  # fmt: skip
def test_action_edit(coordinator_client, world, data, areas, projects):
    small, action, _ = world
    before = stored()
    post = action_post(small, version=Action.objects.get(pk=action.pk).version)
    post.update(data, focus_areas=areas, projects=projects)
    response = coordinator_client.post(f"/actions/{action.pk}/edit/", post)
    assert_refused_or_saved(response, before)


@EXAMPLES
@given(data=overrides(["plan", "year", "division"]), actions=CHOICES)
def test_carry_forward(coordinator_client, world, data, actions):
    small, _, _ = world
    before = stored()
    assert_read_only(coordinator_client.get("/actions/carry-forward/", data), before)
    query = f"?plan={small.plan.pk}&year=2023&division={small.division.pk}"
    response = coordinator_client.post(f"/actions/carry-forward/{query}", {"actions": actions})
    assert_refused_or_saved(response, before)


@EXAMPLES
@given(data=overrides(["plan", "year", "division"]))
def test_coverage(coordinator_client, data):
    before = stored()
    assert_read_only(coordinator_client.get("/coverage/", data), before)


@EXAMPLES
@given(data=overrides(["q", "plan", "year", "division", "goal", "focus_area", "status",
                       "project"]))  # fmt: skip
def test_actions_list_and_both_downloads(coordinator_client, data):
    before = stored()
    for url in ("/actions/", "/actions/export.xlsx", "/actions/export.csv"):
        assert_read_only(coordinator_client.get(url, data), before)


@EXAMPLES
@given(year=VALUES)
def test_dashboard_year(coordinator_client, year):
    before = stored()
    assert_read_only(coordinator_client.get("/", {"year": year}), before)


@EXAMPLES
@given(version=VALUES)
def test_restore_version(coordinator_client, world, version):
    _, action, _ = world
    action = Action.objects.get(pk=action.pk)
    record = action.history.earliest()
    before = stored()
    url = f"/actions/{action.pk}/history/{record.history_id}/restore/"
    response = coordinator_client.post(url, {"version": version})
    assert response.status_code < 500
    if version != str(action.version):
        assert stored() == before


@EXAMPLES
@given(rows=st.lists(overrides(["Tunniste", "Vuosi", "Otsikko", "Osallistujia"]), max_size=3))
def test_actions_import(coordinator_client, world, rows):
    small, _, _ = world
    columns = ["Tunniste", "Suunnitelma", "Vuosi", "Toimiala", "Painopisteet", "Otsikko",
               "Kuvaus", "Tila", "Osallistujia", "Tapahtumia", "Palautteen keskiarvo",
               "Hankkeet"]  # fmt: skip
    valid = {
        "Suunnitelma": str(small.plan),
        "Vuosi": "2024",
        "Toimiala": small.division.name,
        "Painopisteet": small.cooperation.numbered,
        "Otsikko": "Digituki",
        "Tila": "käynnissä",
    }
    table = [columns, *([{**valid, **row}.get(column, "") for column in columns] for row in rows)]
    before = stored()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("toimenpiteet.csv", csv_bytes(table))
    response = coordinator_client.post("/imports/actions/", {"file": upload})
    assert_read_only(response, before)
    if response.status_code == 302:
        assert_read_only(coordinator_client.get(response.url), before)
        assert_refused_or_saved(coordinator_client.post(response.url + "confirm/"), before)


# The admin


@EXAMPLES
@given(data=overrides(["q", "year", "division__id__exact", "status__exact", "plan__id__exact",
                       "focus_areas__goal__id__exact"]),
       chosen=CHOICES)  # fmt: skip
def test_admin_action_list(admin_client, data, chosen):
    before = stored()
    assert_read_only(admin_client.get("/admin/plans/action/", data), before)
    post = {"action": "delete_selected", "_selected_action": chosen}
    assert_read_only(admin_client.post("/admin/plans/action/", post), before)


@EXAMPLES
@given(data=overrides(["q", "year", "funders__id__exact", "division_periods__division__id__exact",
                       "city_role__exact"]),
       chosen=CHOICES)  # fmt: skip
def test_admin_project_list(admin_client, data, chosen):
    before = stored()
    assert_read_only(admin_client.get("/admin/projects/project/", data), before)
    post = {"action": "delete_selected", "_selected_action": chosen}
    assert_read_only(admin_client.post("/admin/projects/project/", post), before)


@EXAMPLES
@given(data=overrides(["q"]))
def test_admin_searches(admin_client, data):
    before = stored()
    for url in ("/admin/plans/decision/", "/admin/plans/focusarea/", "/admin/projects/funder/",
                "/admin/projects/organization/"):  # fmt: skip
        assert_read_only(admin_client.get(url, data), before)


def change_form_data(client, url: str) -> dict:
    """What the admin's change form posts unchanged, read from the form itself."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data[name] = [str(each) for each in value]
        elif isinstance(value, datetime.date):
            data[name] = format_date(value)
        elif isinstance(value, Decimal):
            data[name] = str(value).replace(".", ",")
        elif value is not None:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
    return data


@EXAMPLES
@given(data=overrides(["name", "short_name", "description", "start_date", "end_date",
                       "total_budget", "city_share", "self_financing", "contact_name"]),
       many=overrides(["funders", "focus_areas", "actions", "decisions"], CHOICES))  # fmt: skip
def test_admin_project_change_form(admin_client, world, data, many):
    _, _, project = world
    url = f"/admin/projects/project/{project.pk}/change/"
    post = change_form_data(admin_client, url) | data | many
    before = stored()
    assert_refused_or_saved(admin_client.post(url, post), before)


@EXAMPLES
@given(data=overrides(["plan", "year", "division", "title", "description", "status",
                       "participants", "events", "feedback_score", "order"]),
       decisions=CHOICES)  # fmt: skip
def test_admin_action_change_form(superuser_client, world, data, decisions):
    _, action, _ = world
    url = f"/admin/plans/action/{action.pk}/change/"
    post = change_form_data(superuser_client, url) | data | {"decisions": decisions}
    before = stored()
    assert_refused_or_saved(superuser_client.post(url, post), before)
