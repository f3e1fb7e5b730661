"""Forms of the coordinator's workspace. Messages are Finnish, written through gettext."""

from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.content import FinnishAndSwedishForm
from common.fields import DecimalFormField
from common.inputs import IdChoiceField, IdMultipleChoiceField, YearField, is_id
from common.roles import editable_division_ids, is_coordinator
from indicators.models import Direction, Indicator
from plans.models import Action, Division, FocusArea, Plan, plan_years
from projects.models import Project
from workspace.project_lookup import find_project

NOT_NEGATIVE = _lazy("Luku ei voi olla negatiivinen.")
# The empty first choice of a select, as Django's own selects read in Finnish (locale/fi).
EMPTY_CHOICE = _lazy("– valitse –")


def year_choices() -> list[tuple]:
    """The plans' years for a select, after an empty choice: a year is chosen, not typed."""
    return [("", EMPTY_CHOICE), *((year, str(year)) for year in plan_years())]


class FocusAreasByGoal(ModelChoiceIterator):
    """Focus areas grouped under their strategic goals, in the order of the plan."""

    def __iter__(self):
        for goal, areas in groupby(self.queryset, key=lambda area: area.goal):
            label = f"{goal.order}. {goal.name} ({goal.plan.period})"
            yield label, [self.choice(area) for area in areas]

    def __len__(self):
        return self.queryset.count()


class FocusAreaField(IdMultipleChoiceField):
    iterator = FocusAreasByGoal

    def label_from_instance(self, area):
        return area.numbered


class Checkboxes(forms.CheckboxSelectMultiple):
    """Checkboxes, each inside its label. Grouped choices get a fieldset with the group as its
    legend, so a screen reader names the goal of each box.

    Written in Python rather than through a template for every option as Django does: with the
    benchmark's two thousand projects, that took a third of a second of every action form.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.pop("id", "")
        shared = flatatt(attrs)  # the field's aria attributes, on every box as Django has them
        checked = set(self.format_value(value))
        choices = list(iter(self.choices))  # list(iterator) would first count the rows

        def boxes(options, prefix):
            return format_html_join(
                "\n",
                '<div class="checkbox"><label for="{0}"><input type="checkbox" name="{1}" '
                'value="{2}" id="{0}"{3}{4}> {5}</label></div>',
                (
                    (
                        f"{prefix}_{index}",
                        name,
                        choice,
                        shared,
                        " checked" if str(choice) in checked else "",
                        label,
                    )
                    for index, (choice, label) in enumerate(options)
                ),
            )

        if any(isinstance(label, list | tuple) for _, label in choices):
            content = format_html_join(
                "\n",
                '<fieldset class="checkbox-group"><legend>{}</legend>{}</fieldset>',
                (
                    (group, boxes(options, f"{base_id}_{index}"))
                    for index, (group, options) in enumerate(choices)
                ),
            )
        else:
            content = boxes(choices, base_id)
        return format_html('<div id="{}" class="checkbox-groups">{}</div>', base_id, content)


def project_choice_label(project: Project) -> str:
    return f"{project.name} ({project.short_name})" if project.short_name else project.name


class ActionForm(FinnishAndSwedishForm):
    focus_areas = FocusAreaField(
        label=_lazy("Painopisteet"),
        queryset=FocusArea.objects.select_related("goal__plan").order_by(
            "goal__plan__start_year", "goal__plan", "goal__order", "order"
        ),
        widget=Checkboxes,
        error_messages={
            "required": _lazy("Valitse vähintään yksi painopiste."),
            "invalid_choice": _lazy("Valittua painopistettä ei ole."),
        },
    )
    # A city has thousands of projects: the form lists the action's own as checkboxes and
    # links another by its typed name (`add_project`), never offering every project.
    projects = IdMultipleChoiceField(
        label=_lazy("Hankkeet"),
        queryset=Project.objects.only("name", "short_name"),
        required=False,
        widget=Checkboxes,
        help_text=_lazy(
            "Hankkeet, joissa toimenpide tehtiin. Poista rasti, jos toimenpide ei kuulu hankkeeseen."
        ),
    )
    add_project = forms.CharField(
        label=_lazy("Lisää hanke"),
        required=False,
        max_length=300,
        help_text=_lazy("Hankkeen nimi tai lyhenne tai osa siitä; ehdotuksia näkyy kirjoittaessa."),
        widget=forms.TextInput(
            attrs={
                "list": "id_add_project_suggestions",
                "autocomplete": "off",
                "data-project-search": "",
            }
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        fields = [
            "plan",
            "year",
            "division",
            "title",
            "title_sv",
            "description",
            "description_sv",
            "status",
            "focus_areas",
            "projects",
            "participants",
            "events",
            "feedback_score",
            "needs_review",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "description_sv": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "title": _lazy(
                "Vapaaehtoinen. Ilman otsikkoa toimenpide näkyy kuvauksen alkusanoilla; "
                "otsikko tai kuvaus tarvitaan."
            ),
            "title_sv": _lazy(
                "Vapaaehtoinen. Ruotsinkielisellä sivulla näkyy suomenkielinen teksti, jos "
                "ruotsinkielistä ei ole."
            ),
        }
        field_classes = {"plan": IdChoiceField, "year": YearField, "division": IdChoiceField}
        error_messages = {
            "year": {
                "required": _lazy("Valitse vuosi."),
                "invalid": _lazy("Anna vuosi numeroina, esim. 2023."),
            },
            "plan": {"required": _lazy("Valitse suunnitelma.")},
            "status": {"required": _lazy("Valitse tila.")},
            "division": {
                "required": _lazy("Valitse toimiala."),
                "invalid_choice": _lazy("Et voi kirjata toimenpiteitä tälle toimialalle."),
            },
            "participants": {
                "invalid": _lazy("Anna osallistujien määrä kokonaislukuna."),
                "min_value": NOT_NEGATIVE,
            },
            "events": {
                "invalid": _lazy("Anna tapahtumien määrä kokonaislukuna."),
                "min_value": NOT_NEGATIVE,
            },
            "feedback_score": {
                "invalid": _lazy("Anna keskiarvo numerona, esim. 4,11."),
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.all()
        divisions = Division.objects.all()
        if not is_coordinator(user):
            divisions = divisions.filter(pk__in=editable_division_ids(user))
        self.fields["division"].queryset = divisions
        self.fields["year"].widget = forms.Select(choices=year_choices())
        if not self.instance.pk:
            # A new action's status is chosen, not preset to the model's default ("toteutunut").
            self.fields["status"].choices = [("", EMPTY_CHOICE), *Action.Status.choices]
            self.initial["status"] = ""
        if self.is_bound:
            chosen = Project.objects.filter(pk__in=self.posted_project_ids())
        elif self.instance.pk:
            chosen = self.instance.projects.all()
        else:
            chosen = Project.objects.none()
        self.shown_projects = list(chosen.only("name", "short_name").order_by("name", "pk"))
        if self.instance.pk:
            self.fields["projects"].initial = [project.pk for project in self.shown_projects]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        self.show_project_choices()

    def posted_project_ids(self) -> list[int]:
        return [int(value) for value in self["projects"].data or [] if is_id(value)]

    def show_project_choices(self):
        self.fields["projects"].widget.choices = [
            (project.pk, project_choice_label(project)) for project in self.shown_projects
        ]

    def clean_add_project(self):
        text = self.cleaned_data.get("add_project", "").strip()
        if not text:
            return None
        try:
            return find_project(text, linked_only=False)
        except ValidationError as error:
            if error.code != "many_projects":
                raise
            matches = error.params["matches"]
            if set(matches) & set(self.cleaned_data.get("projects") or []):
                return None  # one of the projects the text fits is now ticked: that one it was
            self.shown_projects += [p for p in matches if p not in self.shown_projects]
            self.show_project_choices()
            raise ValidationError(
                _(
                    "Useampi hanke vastaa hakua ”%(text)s”. Rastita oikea hanke hankkeiden "
                    "luettelosta tai tarkenna hakua."
                ),
                code="many_projects",
                params={"text": text},
            ) from None

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        areas = cleaned.get("focus_areas") or []
        if plan and any(area.goal.plan_id != plan.pk for area in areas):
            self.add_error(
                "focus_areas",
                _("Painopiste ei kuulu valittuun suunnitelmaan."),
            )
        added = cleaned.get("add_project")
        if added and "projects" in cleaned:
            if added not in cleaned["projects"]:
                cleaned["projects"] = [*cleaned["projects"], added]
            # Shown again (after another field's error) as one of the action's projects.
            if added not in self.shown_projects:
                self.shown_projects.append(added)
                self.show_project_choices()
            self.data = self.data.copy()
            self.data.setlist(
                self.add_prefix("projects"), [str(project.pk) for project in cleaned["projects"]]
            )
            self.data[self.add_prefix("add_project")] = ""
        return cleaned


class DeleteForm(forms.Form):
    """Nothing to fill in: the confirmation is the POST itself, protected by CSRF."""


class CarryForwardChoiceForm(forms.Form):
    """Step 1: which plan, year and division to carry forward from (a GET form)."""

    plan = IdChoiceField(label=_lazy("Suunnitelma"), queryset=Plan.objects.all())
    year = YearField(label=_lazy("Vuodesta"), widget=forms.Select)
    division = IdChoiceField(
        label=_lazy("Toimiala"),
        queryset=Division.objects.all(),
        required=False,
        empty_label=_lazy("Kaikki"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.choices = year_choices()  # one query, once per form


class CarryForwardForm(forms.Form):
    """Step 2: which of the year's actions continue into the next year."""

    actions = IdMultipleChoiceField(
        label=_lazy("Jatkuvat toimenpiteet"),
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _lazy("Valitse vähintään yksi toimenpide."),
            "invalid_choice": _lazy("Toimenpide ei kuulu valittuun vuoteen."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = candidates


class CoverageForm(forms.Form):
    plan = IdChoiceField(label=_lazy("Suunnitelma"), queryset=Plan.objects.all())
    year = YearField(label=_lazy("Vuosi"), widget=forms.Select)
    division = IdChoiceField(label=_lazy("Toimiala"), queryset=Division.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.choices = year_choices()  # one query, once per form

    def clean(self):
        cleaned = super().clean()
        plan, year = cleaned.get("plan"), cleaned.get("year")
        if plan and year and not plan.covers(year):
            self.add_error(
                "year",
                _("Vuosi %(year)s ei kuulu suunnitelmakauteen %(period)s.")
                % {"year": year, "period": plan.period},
            )
        return cleaned


class IndicatorSearchForm(forms.Form):
    q = forms.CharField(
        label=_lazy("Hae indikaattoria nimen osalla"),
        max_length=200,
        required=False,
        help_text=_lazy("Esim. toimeentulotuki tai koulukiusaaminen."),
    )


class LinkIndicatorForm(forms.Form):
    indicator = IdChoiceField(queryset=None, label=_lazy("Indikaattori"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.all()


class TargetForm(forms.Form):
    """The coordinator's target for one followed indicator."""

    direction = forms.ChoiceField(label=_lazy("Tavoitesuunta"), required=False)
    target_value = DecimalFormField(
        label=_lazy("Tavoitearvo"),
        required=False,
        max_digits=18,
        decimal_places=4,
        help_text=_lazy("Valinnainen, esim. 7,5."),
    )
    target_year = YearField(label=_lazy("Tavoitevuosi"), required=False)

    def __init__(self, *args, link=None, **kwargs):
        if link is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "direction": link.direction,
                "target_value": link.target_value,
                "target_year": link.target_year,
            }
        kwargs.setdefault("prefix", f"link-{link.pk}" if link is not None else None)
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = [("", _lazy("ei asetettu")), *Direction.choices]
