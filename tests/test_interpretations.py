"""What the source states and what was read into it: the demo data carries its interpretations
to the pages the board reads, titles are optional, and unreviewed carried text is listed and
confirmed before a year closes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.closing import close_year
from plans.models import Action, ActionFocusArea, Division, FocusArea, InterpretationMark, Plan
from plans.services import carry_forward
from projects.models import CostSplit, DivisionPeriod, Project
from tests.factories import ActionFactory
from tests.reports_helpers import visible_text
from tests.test_action_versions import admin_form
from tests.workspace import small_plan

SOURCE_002 = "Hyvinvointisuunnitelman 2022–25 toimenpiteet vuodelta 2023, hyvinvointitoimiala"
ANNUAL = "/reports/annual/2023/hyvinvointitoimiala/"


def action_starting(text: str) -> Action:
    return Action.objects.get(description__startswith=text)


def coverage_url() -> str:
    plan = Plan.objects.get()
    division = Division.objects.get(slug="hyvinvointitoimiala")
    return f"/coverage/?plan={plan.pk}&year=2023&division={division.pk}"


def test_the_demo_invents_no_title_and_every_action_of_2023_is_done(kemi):
    actions = Action.objects.for_year(2023)
    assert actions.count() == 26
    assert not actions.exclude(title="").exists()
    assert set(actions.values_list("status", flat=True)) == {Action.Status.DONE}


def test_every_demo_focus_area_link_is_an_interpretation_of_002(kemi):
    links = ActionFocusArea.objects.filter(action__year=2023)
    assert links.exists()
    assert links.count() == links.interpretations().count()
    assert set(links.values_list("source", flat=True)) == {SOURCE_002}


def test_both_bullying_paragraphs_serve_focus_area_2_2(kemi):
    bullying = FocusArea.objects.get(text="Kiusaamisen ehkäiseminen")
    served = Action.objects.filter(focus_areas=bullying)
    assert {action.description.split()[0] for action in served} == {
        "Varhaiskasvatuksessa",
        "Sovittelulla",
    }
    assert all("kiusaami" in action.description.casefold() for action in served)


def test_the_action_page_shows_each_interpretation_with_its_reason_and_source(
    client, board_member, kemi
):
    action = action_starting("Etsivä nuorisotyö")
    client.force_login(board_member)

    text = visible_text(client.get(action.get_absolute_url()))

    assert "1.2 Syrjäytymisen ehkäisy tulkinta Etsivä nuorisotyö tavoittaa nuoria" in text
    assert f"Lähde: {SOURCE_002}" in text
    # The status is the document's ("toteutuneet toimenpiteet 2023"); that the work goes on
    # is a note on it.
    assert "Tila toteutunut tulkinta Asiakirja luettelee kappaleen" in text


def test_the_action_page_runs_a_fixed_number_of_queries(
    client, board_member, kemi, django_assert_num_queries
):
    client.force_login(board_member)
    few = action_starting("Liikkuminen on Makiaa")  # one link, no marked figure
    many = action_starting("Varhaiskasvatuksessa")  # three links
    # 1 session, 2 user, 3 roles, 4 the action, 5 its focus-area links, 6 marks on its
    # figures (and their content type, cached after the first page), 7 its projects,
    # 8 its history, 9 the history's users and focus areas ...: the same for both.
    client.get(few.get_absolute_url())
    with django_assert_num_queries(queries_of(client, few)):
        client.get(many.get_absolute_url())


def queries_of(client, action) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(action.get_absolute_url())
    return len(context.captured_queries)


def test_coverage_shows_2_2_served_only_by_interpretations(client, board_member, kemi):
    client.force_login(board_member)

    response = client.get(coverage_url())

    coverage = response.context["result"]
    bullying = FocusArea.objects.get(text="Kiusaamisen ehkäiseminen")
    assert bullying not in coverage.uncovered
    assert bullying in coverage.only_interpreted
    text = visible_text(response)
    assert "2.2 Kiusaamisen ehkäiseminen – vain tulkintoja" in text
    section = text.split("2.2 Kiusaamisen ehkäiseminen – vain tulkintoja")[1].split("2.5 ")[0]
    assert section.count("tulkinta") == 2
    assert "Kiusaamiseen puuttumisen mallit ja häirintäyhdysopettajat" in section
    assert f"Lähde: {SOURCE_002}" in section


def test_coverage_runs_the_same_queries_however_many_actions(
    client, board_member, kemi, django_assert_num_queries
):
    client.force_login(board_member)
    url = coverage_url()
    # 1 session, 2 user, 3 roles; the form's defaults: 4-5 the default year, 6 its plan,
    # 7 the first division; 8 the plans' years, 9 the chosen plan, 10 the chosen division;
    # the coverage: 11 the year's links with their actions, 12 the plan's focus areas,
    # 13 the count, 14 actions without a focus area, 15 unreviewed actions; the form's
    # selects: 16 plans, 17 divisions.
    before = len(queries(client, url))
    assert before == 17
    plan = Plan.objects.get()
    area = FocusArea.objects.get(text="Kiusaamisen ehkäiseminen")
    division = Division.objects.get(slug="hyvinvointitoimiala")
    for number in range(5):
        ActionFactory(
            plan=plan,
            year=2023,
            division=division,
            title="",
            focus_areas=[area],
            description=f"Lisätty toimenpide {number}",
            needs_review=True,
        )
    with django_assert_num_queries(17):
        client.get(url)


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return context.captured_queries


def test_coverage_lists_unreviewed_carried_text_with_links(client, board_member, kemi):
    action = action_starting("Etsivä nuorisotyö")
    (copy,) = carry_forward(actions=[action], to_year=2024)
    client.force_login(board_member)
    plan = Plan.objects.get()
    division = Division.objects.get(slug="hyvinvointitoimiala")

    html = client.get(
        f"/coverage/?plan={plan.pk}&year=2024&division={division.pk}"
    ).content.decode()

    unreviewed = html.split("Tarkistamattomat siirretyt tekstit")[1].split("<h3")[0]
    assert f'<a href="{copy.get_absolute_url()}">{copy.label}</a>' in unreviewed
    # The copy keeps the reading of its links.
    assert copy.focus_area_links().get().interpretation


def test_interpretation_counts_for_the_report_builders(kemi):
    counted = Action.objects.with_interpretation_counts()
    first = counted.get(pk=action_starting("Varhaiskasvatuksessa").pk)
    assert (first.interpreted_links, first.interpreted_figures) == (3, 0)
    continuing = counted.get(pk=action_starting("Etsivä nuorisotyö").pk)
    assert (continuing.interpreted_links, continuing.interpreted_figures) == (1, 1)


def test_the_demo_marks_figures_and_division_periods_with_their_sources(kemi):
    split = CostSplit.objects.get(name="Someturva-palvelu")
    (limit,) = InterpretationMark.objects.for_object(split)
    assert limit.field_name == "approval_limit"
    assert limit.source == "Hyvinvointilautakunta: Someturva-palvelun käyttöönotto"
    budget = InterpretationMark.objects.for_object(
        Project.objects.get(name__startswith="Ikääntyneiden asumisen")
    ).get()
    assert (budget.field_name, budget.field_label) == ("total_budget", "kustannusarvio")
    moved = DivisionPeriod.objects.filter(project__short_name="Vahvax").order_by("valid_from")
    assert [period.is_interpretation for period in moved] == [True, False]


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (ActionFocusArea, {"interpretation": "Tulkittu.", "source": ""}),
        (InterpretationMark, {"interpretation": "", "source": SOURCE_002}),
        (Action, {"title": "", "description": ""}),
    ],
)
def test_the_database_refuses_a_reason_without_source_and_an_action_without_name(
    kemi, model, values
):
    action = action_starting("Etsivä nuorisotyö")
    rows = {
        ActionFocusArea: ActionFocusArea.objects.filter(action=action),
        InterpretationMark: InterpretationMark.objects.for_object(action),
        Action: Action.objects.filter(pk=action.pk),
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        # `update()` of a QuerySet skips the model's checks: the database's own guard.
        super(type(rows[model]), rows[model]).update(**values)


def test_closing_a_year_with_unreviewed_text_needs_the_tick(client, coordinator, kemi):
    action = action_starting("Etsivä nuorisotyö")
    Action.objects.filter(pk=action.pk).update(needs_review=True)
    client.force_login(coordinator)
    decision = {"body": "Hyvinvointilautakunta", "date": "12.3.2024", "section": "25"}

    page = client.get(ANNUAL).content.decode()
    assert "Vuodessa on 1 tarkistamaton siirretty teksti; sulje silti" in page
    refused = client.post(f"{ANNUAL}close/", decision)

    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'id="id_confirm_unreviewed_error"' in html or "id_confirm_unreviewed" in html
    assert "Vuodessa on 1 tarkistamaton siirretty teksti. Tarkista se" in html
    from plans.models import YearClosing

    assert not YearClosing.objects.exists()

    confirmed = client.post(f"{ANNUAL}close/", decision | {"confirm_unreviewed": "on"})

    assert confirmed.status_code == 302
    assert YearClosing.objects.get().unreviewed_count == 1
    history = visible_text(client.get(ANNUAL)).split("Käsittelyhistoria")[1]
    assert "Tarkistamattomia tekstejä" in history


# --- The admin ------------------------------------------------------------------------------


@pytest.fixture
def small_action(db):
    small = small_plan()
    action = ActionFactory(
        plan=small.plan,
        division=small.division,
        title="Someturvan käyttöönotto",
        description="Koulujen some-neuvontapalvelu.",
        focus_areas=[small.cooperation],
    )
    return small, action


def test_the_coordinator_marks_a_link_in_the_admin_through_the_services(
    client, coordinator, small_action
):
    small, action = small_action
    client.force_login(coordinator)
    url = f"/admin/plans/action/{action.pk}/change/"
    data = admin_form(client, url) | {
        "actionfocusarea_set-0-interpretation": "Teksti ei mainitse hyvinvointialuetta.",
        "actionfocusarea_set-0-source": "Hyvinvointilautakunnan pöytäkirja",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    link = action.focus_area_links().get()
    assert (link.interpretation, link.source) == (
        "Teksti ei mainitse hyvinvointialuetta.",
        "Hyvinvointilautakunnan pöytäkirja",
    )
    action.refresh_from_db()
    assert action.version == 2  # a change of the action, kept in its history
    assert action.history.first().focus_areas.get().interpretation


def test_the_admin_refuses_a_reason_without_source_beside_the_source(
    client, coordinator, small_action
):
    small, action = small_action
    client.force_login(coordinator)
    url = f"/admin/plans/action/{action.pk}/change/"
    data = admin_form(client, url) | {"actionfocusarea_set-0-interpretation": "Tulkittu."}

    response = client.post(url, data)

    assert response.status_code == 200
    (errors,) = [
        form.errors for form in response.context["inline_admin_formsets"][0].formset.forms[:1]
    ]
    assert errors == {"source": ["Kerro tulkinnan lähde: asiakirja, josta tieto on tulkittu."]}
    assert not action.focus_area_links().get().interpretation


def test_the_admin_refuses_an_action_without_title_or_text_beside_the_title(
    client, coordinator, small_action
):
    small, action = small_action
    client.force_login(coordinator)
    url = f"/admin/plans/action/{action.pk}/change/"
    data = admin_form(client, url) | {"title": "", "description": ""}

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title"] == [
        "Anna toimenpiteelle otsikko tai kuvaus."
    ]
    action.refresh_from_db()
    assert action.title == "Someturvan käyttöönotto"


def test_a_mark_on_a_figure_of_a_closed_years_action_is_refused(coordinator, small_action):
    small, action = small_action
    close_year(
        plan=small.plan,
        year=action.year,
        division=small.division,
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=25,
        closed_by=coordinator,
    )
    mark = InterpretationMark(
        content_object=action, field_name="status", interpretation="Tulkittu.", source="002"
    )
    with pytest.raises(ValidationError, match="on lukittu"):
        mark.full_clean()
    unknown = InterpretationMark(
        content_object=action, field_name="colour", interpretation="Tulkittu.", source="002"
    )
    with pytest.raises(ValidationError, match="Tietueella ei ole tietoa ”colour”"):
        unknown.full_clean()
