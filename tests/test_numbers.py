"""Numbers as a Finn types them: one parser for decimals and one for euros, text inputs that
keep `295 600,50`, and the same fields in the coordinator's form and in every admin screen."""

import contextlib
import re
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from common.fields import DecimalFormField, DecimalInput, EuroFormField
from common.formatting import format_euros
from common.numbers import MAX_EUROS, format_number_input, parse_decimal, parse_euros, parse_int
from plans.models import Action
from projects.fields import MoneyField
from projects.models import Project
from tests.factories import ProjectFactory, UserFactory
from workspace.forms import ActionForm

SPACES = [" ", "\u00a0", "\u202f"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4,11", Decimal("4.11")),
        ("4.11", Decimal("4.11")),
        ("4,5", Decimal("4.5")),
        (" 1 500,50 ", Decimal("1500.50")),
        ("1\u00a0500", Decimal("1500")),
        ("1\u202f500,5", Decimal("1500.5")),
        ("-2,5", Decimal("-2.5")),
        ("\u22122,5", Decimal("-2.5")),
        (",5", Decimal("0.5")),
        (4.11, Decimal("4.11")),
        (38, Decimal("38")),
        (Decimal("4.11"), Decimal("4.11")),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_decimals_are_read_with_a_comma_or_a_point_and_any_spaces(value, expected):
    assert parse_decimal(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "neljä",
        "NaN",
        "nan",
        "sNaN",
        "Infinity",
        "-Infinity",
        "inf",
        "4,1,1",
        "1.500,50",
        "1e3",
        "0x10",
        "٤",  # an Arabic-Indic digit: a number to Python, not to a Finnish form
        "4,5 kg",
        True,
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("-Infinity"),
    ],
)
def test_anything_but_a_finite_number_is_refused_in_finnish(value):
    with pytest.raises(ValidationError, match="Anna luku") as error:
        parse_decimal(value)
    assert error.value.code == "invalid"


@pytest.mark.parametrize("value", ["1" * 29, 1e300, Decimal("1E+40"), 10**40])
def test_a_number_with_more_digits_than_anyone_means_is_refused(value):
    with pytest.raises(ValidationError, match="liian monta numeroa"):
        parse_decimal(value)


@pytest.mark.parametrize(
    "typed",
    ["295 600,50 €", "295\u00a0600,50\u00a0€", "295\u202f600,50", "295600.50", " 295 600,50 EUR "],
)
def test_euros_are_read_in_every_way_a_finn_types_them(typed):
    assert parse_euros(typed) == Decimal("295600.50")


def test_euros_always_have_two_decimals():
    assert str(parse_euros("295 600")) == "295600.00"
    assert str(parse_euros("4,5 €")) == "4.50"
    assert parse_euros("") is None
    assert parse_euros(None) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("noin paljon", "Anna summa euroina"),
        ("Infinity", "Anna summa euroina"),
        ("NaN €", "Anna summa euroina"),
        ("100,555", "enintään kaksi desimaalia"),
        (0.1 + 0.2, "enintään kaksi desimaalia"),
        ("1 000 000 000 000", "Summa on liian suuri"),
        ("99999999999999999999999999999999", "Summa on liian suuri"),
        (Decimal("9223372036854775808"), "Summa on liian suuri"),
    ],
)
def test_money_out_of_range_or_not_money_is_refused_in_finnish(value, message):
    with pytest.raises(ValidationError, match=message):
        parse_euros(value)


def test_whole_numbers():
    assert parse_int("2023") == 2023
    assert parse_int("1 500") == 1500
    assert parse_int(38.0) == 38
    with pytest.raises(ValidationError, match="Anna kokonaisluku"):
        parse_int("1,5")
    with pytest.raises(ValidationError, match="Anna kokonaisluku"):
        parse_int("Infinity")


def test_messages_have_no_english_half():
    for parse, value in [(parse_decimal, "x"), (parse_euros, "x"), (parse_int, "x")]:
        with pytest.raises(ValidationError) as error:
            parse(value)
        assert " / " not in error.value.messages[0]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("295600.50"), "295 600,50"),
        (Decimal("295600.00"), "295 600,00"),
        (Decimal("4.11"), "4,11"),
        (Decimal("-1234567.5"), "-1 234 567,5"),
        (Decimal("33.33"), "33,33"),
        (0, "0"),
    ],
)
def test_a_number_shows_in_an_input_the_finnish_way(value, shown):
    assert format_number_input(value) == shown


money = st.decimals(min_value=-MAX_EUROS, max_value=MAX_EUROS, places=2)


@given(money)
def test_money_in_an_input_reads_back_as_the_same_amount(amount):
    assert parse_euros(format_number_input(amount)) == amount
    assert parse_decimal(format_number_input(amount)) == amount


@given(money)
def test_money_as_the_app_shows_it_reads_back_as_the_same_amount(amount):
    assert parse_euros(format_euros(amount)) == amount


@given(money, st.sampled_from(SPACES), st.sampled_from([",", "."]))
def test_money_with_any_spaces_and_either_separator_reads_back(amount, space, separator):
    typed = format_number_input(amount).replace(" ", space).replace(",", separator)
    assert parse_euros(typed + space + "€") == amount


garbage = st.one_of(
    st.text(),
    st.text(alphabet="0123456789,.-+ eE€\u00a0\u202f\u2212naifsINF"),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.booleans(),
)


@given(garbage)
def test_nothing_typed_raises_anything_but_a_validation_error(value):
    for parse in (parse_decimal, parse_euros, parse_int):
        with contextlib.suppress(ValidationError):
            parse(value)


@given(garbage)
def test_form_fields_refuse_garbage_with_a_message_not_a_crash(value):
    fields = [
        EuroFormField(required=False),
        DecimalFormField(required=False, max_digits=3, decimal_places=2),
        DecimalFormField(required=False, max_digits=5, decimal_places=2),
    ]
    for field in fields:
        try:
            field.clean(value)
        except ValidationError as error:
            assert error.messages


def test_money_form_field_reads_finnish_and_refuses_too_much():
    field = EuroFormField(required=False)
    assert field.clean("295 600,50 €") == Decimal("295600.50")
    assert field.clean("295600.5") == Decimal("295600.50")
    with pytest.raises(ValidationError, match="Anna summa euroina"):
        field.clean("Infinity")
    with pytest.raises(ValidationError, match="Summa on liian suuri"):
        field.clean("1" * 20)


def test_decimal_form_field_keeps_its_own_invalid_message():
    field = DecimalFormField(max_digits=3, decimal_places=2, error_messages={"invalid": "Oma"})
    assert field.clean("4,5") == Decimal("4.5")
    with pytest.raises(ValidationError, match="Oma"):
        field.clean("neljä")
    with pytest.raises(ValidationError):
        field.clean("45,55")


@pytest.mark.django_db
def test_money_model_field_refuses_an_amount_the_cents_column_cannot_hold():
    project = ProjectFactory(total_budget=Decimal("999999999999.99"))
    project.refresh_from_db()
    assert project.total_budget == Decimal("999999999999.99")
    project.total_budget = "1 000 000 000 000"
    with pytest.raises(ValidationError, match="Summa on liian suuri"):
        project.full_clean()


def test_money_model_field_reads_finnish_text():
    assert MoneyField().to_python("295 600,50 €") == Decimal("295600.50")
    assert MoneyField().get_prep_value("295 600,50") == 29560050


def decimal_fields(form_class):
    return {
        name: field
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DecimalField)
    }


def admin_form_classes():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(username="kaikki-oikeudet-lomakkeet", is_superuser=True)
    for model, model_admin in admin.site._registry.items():
        yield model.__name__, model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield f"{model.__name__}/{inline.model.__name__}", inline.get_formset(request).form


@pytest.mark.django_db
def test_every_decimal_field_in_the_admin_and_the_app_is_a_finnish_text_input():
    found = {}
    forms_to_check = [*admin_form_classes(), ("ActionForm", ActionForm)]
    for form_name, form_class in forms_to_check:
        for name, field in decimal_fields(form_class).items():
            found[f"{form_name}.{name}"] = field
            assert isinstance(field, DecimalFormField), f"{form_name}.{name}"
            assert isinstance(field.widget, DecimalInput), f"{form_name}.{name}"
            assert field.widget.input_type == "text"
            assert field.widget.attrs["inputmode"] == "decimal"
            assert not field.localize
    # The money and the decimals the brief of this test names are among them.
    for expected in [
        "Project.total_budget",
        "Project.city_share",
        "Project.self_financing",
        "Project/EarmarkedPart.amount",
        "Project/ProjectResult.feedback_score",
        "CostSplit.approval_limit",
        "CostSplit/CostShare.percent",
        "Action.feedback_score",
        "ActionForm.feedback_score",
    ]:
        assert expected in found
    assert isinstance(found["Project.total_budget"], EuroFormField)


def inputs_named(html: str, name: str) -> list[str]:
    return re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)


@pytest.mark.django_db
def test_admin_project_page_renders_money_in_text_inputs_a_browser_keeps(client, admin_user):
    project = ProjectFactory(
        total_budget=Decimal("295600.00"), city_share=None, self_financing=Decimal("29560.50")
    )
    client.force_login(admin_user)

    html = client.get(f"/admin/projects/project/{project.pk}/change/").content.decode()

    [total] = inputs_named(html, "total_budget")
    assert 'type="text"' in total
    assert 'value="295 600,00"' in total
    assert 'inputmode="decimal"' in total
    [share] = inputs_named(html, "city_share")
    assert 'type="text"' in share
    assert "value=" not in share
    [own] = inputs_named(html, "self_financing")
    assert 'value="29 560,50"' in own
    assert 'type="number"' not in "".join(
        inputs_named(html, "[a-z_-]*(budget|share|financing|amount|feedback_score)")
    )


@pytest.mark.django_db
def test_admin_saves_the_amounts_it_rendered(client, admin_user):
    """What the page shows is what it sends back: an unchanged save keeps every amount."""
    project = ProjectFactory(
        total_budget=Decimal("295600.00"), city_share=None, self_financing=Decimal("29560.50")
    )
    client.force_login(admin_user)
    url = f"/admin/projects/project/{project.pk}/change/"
    html = client.get(url).content.decode()
    data = {
        "name": project.name,
        "start_date": "1.9.2021",
        "end_date": "",
        "city_role": project.city_role,
        "city_share": "",
    }
    for name in ["total_budget", "self_financing"]:
        data[name] = re.search(r'value="([^"]*)"', inputs_named(html, name)[0])[1]
    for prefix in ["division_periods", "partnerships", "earmarked_parts", "results"]:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert project.total_budget == Decimal("295600.00")
    assert project.city_share is None
    assert project.self_financing == Decimal("29560.50")
    assert str(project.start_date) == "2021-09-01"


@pytest.mark.django_db
def test_action_form_reads_a_decimal_comma(coordinator):
    from tests.factories import ActionFactory

    action = ActionFactory(feedback_score=Decimal("4.11"))
    form = ActionForm(instance=action, user=coordinator)
    assert 'value="4,11"' in str(form["feedback_score"])
    assert 'type="text"' in str(form["feedback_score"])
    assert Action._meta.get_field("feedback_score").formfield().clean("4,5") == Decimal("4.5")


def test_project_model_money_fields_are_money():
    for name in ["total_budget", "city_share", "self_financing"]:
        assert isinstance(Project._meta.get_field(name).formfield(), EuroFormField)
