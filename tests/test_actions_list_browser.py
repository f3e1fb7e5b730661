"""The project fields in a real browser, the actions list's filter and the action form's
"Lisää hanke": suggestions while typing, a choice among several projects, axe-core on both;
screenshots at both widths."""

import pytest

from plans.models import FocusArea
from tests.browser_pages import WIDTHS, new_context, screenshot, sign_in
from tests.conftest import assert_no_serious_axe_violations
from tests.factories import ActionFactory, ProjectFactory
from tests.workspace import small_plan

# serialized_rollback keeps the roles that a migration created across the live-server flushes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def projects(db):
    small = small_plan()
    linked = []
    for name, short_name in [
        ("Liikkuva koulu", "Liikkis"),
        ("Liikkuva varhaiskasvatus", ""),
        ("Someturva-hanke", "Someturva"),
    ]:
        project = ProjectFactory(name=name, short_name=short_name)
        project.actions.add(ActionFactory(plan=small.plan, title=f"Toimenpide: {name}"))
        linked.append(project)
    return linked


def test_typing_a_project_suggests_names_and_the_chosen_one_filters(
    browser, live_server, coordinator, projects
):
    context = new_context(browser)
    try:
        sign_in(context, live_server, coordinator)
        page = context.new_page()
        page.goto(f"{live_server.url}/actions/")
        field = page.get_by_label("Hanke", exact=True)

        field.press_sequentially("liikku")
        options = page.locator("#id_project_suggestions option")
        options.first.wait_for(state="attached")

        assert options.evaluate_all("all => all.map(o => o.value)") == [
            "Liikkis",
            "Liikkuva varhaiskasvatus",
        ]
        field.fill("Liikkis")
        with page.expect_navigation():
            page.get_by_role("button", name="Hae").click()
        assert page.locator("table.data-table tbody th").all_inner_texts() == [
            "Toimenpide: Liikkuva koulu"
        ]
        assert field.input_value() == "Liikkis"
        assert_no_serious_axe_violations(page)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_text_that_fits_several_projects_offers_them_as_links(
    browser, live_server, coordinator, projects, width
):
    context = new_context(browser, width)
    try:
        sign_in(context, live_server, coordinator)
        page = context.new_page()
        page.goto(f"{live_server.url}/actions/?project=liikkuva")

        assert page.locator("#id_project_error").inner_text() == (
            "Useampi hanke vastaa hakua ”liikkuva”. Valitse hanke alta tai tarkenna hakua."
        )
        choices = page.get_by_role("list", name="Hakua vastaavat hankkeet").get_by_role("link")
        assert choices.all_inner_texts() == ["Liikkuva koulu (Liikkis)", "Liikkuva varhaiskasvatus"]
        assert_no_serious_axe_violations(page)
        screenshot(page, width, "actions_list--projects_to_choose_from")

        with page.expect_navigation():
            choices.last.click()
        assert page.locator("table.data-table tbody th").all_inner_texts() == [
            "Toimenpide: Liikkuva varhaiskasvatus"
        ]
    finally:
        context.close()


def test_the_action_form_links_a_project_no_action_has_yet_by_its_suggested_name(
    browser, live_server, coordinator, projects
):
    plan = projects[0].actions.get().plan
    area = FocusArea.objects.filter(goal__plan=plan).first()
    action = ActionFactory(plan=plan, title="Kävelykoulu", focus_areas=[area])
    new = ProjectFactory(name="Vahvempi yhdessä", short_name="Vahvax")
    context = new_context(browser)
    try:
        sign_in(context, live_server, coordinator)
        page = context.new_page()
        page.goto(f"{live_server.url}/actions/{action.pk}/edit/")
        field = page.get_by_label("Lisää hanke")

        field.press_sequentially("vahvem")
        options = page.locator("#id_add_project_suggestions option")
        options.first.wait_for(state="attached")
        assert options.evaluate_all("all => all.map(o => o.value)") == ["Vahvax"]
        assert_no_serious_axe_violations(page)
        field.fill("Vahvax")
        with page.expect_navigation():
            page.get_by_role("button", name="Tallenna").click()

        assert page.url == f"{live_server.url}/actions/{action.pk}/"
        assert list(action.projects.all()) == [new]
    finally:
        context.close()
