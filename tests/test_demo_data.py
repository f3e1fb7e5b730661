"""`load_kemi_demo` loads the real Kemi documents faithfully, once, and all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plans.models import Action, Division, FocusArea, Objective, Plan, StrategicGoal
from projects.demo import DATA_FILE, load_kemi_demo
from projects.models import CostSplit, Project, ProjectResult

pytestmark = pytest.mark.django_db

# From 004_…: name prefix → (start, end, total, Kemi's share, self-financing, approximate)
PROJECT_FIGURES = {
    "Vahvax": ("1.9.2021", "31.7.2023", "295600", None, "29560", False),
    "Irtisanomisesta selviytymiseen": (
        "1.11.2021",
        "30.6.2023",
        "502419",
        "345955",
        "23065",
        False,
    ),
    "Kehittäjäkuraattoritoiminta": ("7.10.2021", "31.12.2022", "54571", None, "16371", False),
    "Living Lab Pruntsi": ("1.11.2021", "30.6.2022", "262036", "43540", "4354", False),
    "Töitä tarjolla": ("1.1.2022", "31.12.2023", "536140", "193350", "19335", False),
    "Lapin Tulevaisuuden SOTE": ("1.8.2020", "31.12.2022", None, None, "0", False),
    "Ikäystävällinen Lappi": ("1.1.2022", "31.12.2023", "1149000", None, "0", False),
    "VASA": ("1.5.2022", "31.12.2022", "1300000", None, "0", True),
    "Ikääntyneiden asumisen": ("1.5.2022", "30.4.2023", "133200", None, "53200", False),
}


def money(text):
    return None if text is None else Decimal(text)


def finnish_date(text):
    day, month, year = (int(part) for part in text.split("."))
    return datetime.date(year, month, day)


def test_plan_has_the_three_goals_of_the_document_in_order(kemi):
    plan = Plan.objects.get()
    assert str(plan) == "Hyvinvointisuunnitelma 2022–25"
    assert str(plan.decision) == "KV 3.10.2022 § 77"
    assert list(plan.goals.values_list("name", flat=True)) == [
        "Hyvinvoivat kuntalaiset",
        "Sujuva arki",
        "Elinvoimainen kaupunki",
    ]


def test_every_objective_and_focus_area_is_there_in_the_documents_order(kemi):
    goals = list(StrategicGoal.objects.order_by("order"))
    assert [goal.objectives.count() for goal in goals] == [4, 5, 6]
    assert [goal.focus_areas.count() for goal in goals] == [9, 8, 7]
    assert Objective.objects.count() == 15
    assert FocusArea.objects.count() == 24

    first_goal_objectives = list(goals[0].objectives.values_list("text", flat=True))
    assert first_goal_objectives[0].startswith("Tuemme ja edistämme kuntalaisten terveyttä")
    assert (
        first_goal_objectives[-1] == "Rakennamme vahvoja kumppanuuksia järjestötoimijoiden kanssa."
    )
    last_goal_focus_areas = list(goals[2].focus_areas.values_list("text", flat=True))
    assert last_goal_focus_areas[0] == "Työllisyyden parantaminen"
    assert last_goal_focus_areas[-1] == "Yhteistyö hyvinvointialueen yhdyspinnoilla"
    # The same focus area stands under all three goals, as in the document.
    assert FocusArea.objects.filter(text="Yhteistyö hyvinvointialueen yhdyspinnoilla").count() == 3


def test_every_realized_action_of_2023_is_tied_to_its_goals_focus_areas(kemi):
    division = Division.objects.get(slug="hyvinvointitoimiala")
    actions = Action.objects.for_year(2023).in_division(division).order_by("order")
    assert actions.count() == 26
    assert actions.first().description.startswith("Liikkuminen on Makiaa-avustuksella")
    assert actions.last().description.startswith("Palveluverkkopäätös linjaa")
    counts_per_goal = [
        actions.filter(focus_areas__goal__order=order).distinct().count() for order in (1, 2, 3)
    ]
    # 15, 4 and 7 paragraphs stand under the three goals; the two that speak of bullying
    # (kiusaaminen), under goals 1 and 3, serve focus area 2.2 too.
    assert counts_per_goal == [15, 4 + 2, 7]
    assert not actions.filter(focus_areas__isnull=True).exists()


def test_the_nine_projects_have_the_documents_figures(kemi):
    assert Project.objects.count() == 9
    for prefix, (start, end, total, share, own, approximate) in PROJECT_FIGURES.items():
        project = Project.objects.get(name__startswith=prefix)
        assert project.start_date == finnish_date(start), prefix
        assert project.end_date == finnish_date(end), prefix
        assert project.total_budget == money(total), prefix
        assert project.city_share == money(share), prefix
        assert project.self_financing == money(own), prefix
        assert project.total_budget_approximate is approximate, prefix


def test_vahvax_moves_to_the_welfare_division_and_keeps_its_results(kemi):
    vahvax = Project.objects.get(short_name="Vahvax")
    periods = [(p.division.slug, p.valid_from) for p in vahvax.division_periods.all()]
    assert periods == [
        ("perusturvatoimiala", datetime.date(2021, 9, 1)),
        ("hyvinvointitoimiala", datetime.date(2023, 1, 1)),
    ]
    assert vahvax.contact_name == "Saara Kaarnalinna"
    assert list(vahvax.funders.values_list("code", flat=True)) == ["ESR"]

    welfare = Division.objects.get(slug="hyvinvointitoimiala")
    basic = Division.objects.get(slug="perusturvatoimiala")
    assert vahvax in Project.objects.in_division(welfare, 2023)
    assert vahvax not in Project.objects.in_division(welfare, 2022)
    assert vahvax in Project.objects.in_division(basic, 2022)

    training = ProjectResult.objects.get(project=vahvax, year=2022, month=9)
    assert (training.participants_on_site, training.participants_remote) == (38, 22)
    assert training.participants == 60
    assert training.feedback_score == Decimal("4.11")
    event = ProjectResult.objects.get(project=vahvax, kind="event")
    assert (event.participants_on_site, event.participants_at_least) == (200, True)


def test_vasa_keeps_its_earmarked_part_for_kemi(kemi):
    vasa = Project.objects.get(short_name="VASA")
    part = vasa.earmarked_parts.get()
    assert (part.recipient.name, part.amount) == ("Kemin kaupunki", Decimal("25000.00"))


def test_someturva_cost_split_and_decision(kemi):
    split = CostSplit.objects.get(name="Someturva-palvelu")
    shares = {share.organization.name: share.percent for share in split.shares.all()}
    assert shares == {"Lapin hyvinvointialue": Decimal("40.00"), "Kemin kaupunki": Decimal("60.00")}
    assert "KV 2.10.2023 § 88" in [str(decision) for decision in split.decisions.all()]
    assert split.approval_limit == Decimal("10000.00")


def row_counts():
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"plans", "projects"}
        # History rows record each load; the data itself is what must not change.
        and not model._meta.model_name.startswith("historical")
    }


def test_loading_twice_changes_nothing(kemi):
    before = row_counts()
    counts = load_kemi_demo()
    assert (counts["created"], counts["updated"], counts["linked"]) == (0, 0, 0)
    assert row_counts() == before


def test_loading_completes_a_half_loaded_database(kemi):
    full = row_counts()
    Action.objects.filter(order__gt=10).delete()
    Project.objects.get(short_name="VASA").delete()

    load_kemi_demo()

    assert row_counts() == full


def test_a_failure_halfway_writes_nothing(tmp_path):
    broken = tmp_path / "broken.yaml"
    data = DATA_FILE.read_text(encoding="utf-8")
    # A typo in the last section, after the plan and projects are already written.
    broken.write_text(
        data.replace("organization: Kemin kaupunki, percent", "organization: Kemi Oy, percent")
    )

    with pytest.raises(KeyError):
        load_kemi_demo(data_file=broken)

    assert sum(row_counts().values()) == 0


def test_command_prints_one_summary_line_and_creates_demo_users(settings, capsys):
    settings.DEBUG = True
    call_command("load_kemi_demo", "--with-demo-users")
    output = capsys.readouterr().out
    assert output.startswith("Kemin tiedot ladattu:")
    assert output.count("\n") == 1
    # A first load changes no row it has not just created: a link's interpretation is part of it.
    assert " uutta ja 0 muutettua riviä" in output

    from django.contrib.auth.models import User

    roles = {
        user.username: list(user.groups.values_list("name", flat=True))
        for user in User.objects.all()
    }
    assert roles == {"hyte": ["coordinator"], "lautakunta": ["board"], "admin": ["admin"]}
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="hyte").check_password("demo")


def test_demo_users_are_refused_when_debugging_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("load_kemi_demo", "--with-demo-users")
    from django.contrib.auth.models import User

    assert not User.objects.exists()
