"""The public fields: what a published year shows, the one list.

`snapshot.py` reads each model's rows with `.values(*PUBLIC_FIELDS[model])` and nothing else,
so a field that is not named here never reaches a public page or file. Left out on purpose:
user names (who closed, published, edited), the history, review marks (`needs_review`),
interpretation reasons and sources, internal descriptions and notes, earmarked parts, cost
splits, results, partners, and the projects' contact persons unless the city allows them
(`HYTE_PUBLIC_CONTACT_PERSONS`). `tests/test_publication.py` seeds a marker in every text field
not listed here and looks for it in every public page and file.

Besides these fields the copy holds a few values worked out from other rows, each named in
`snapshot.py`: a focus area's number (`1.4`), whether an action's tie to a focus area is an
interpretation of the source (yes or no, never the reason), the funders of a project, and the
decision references of the plan and of the board's closing.
"""

from django.conf import settings

from indicators.models import FocusAreaIndicator, Indicator, IndicatorValue, Region
from plans.models import Action, Decision, Division, FocusArea, Objective, Plan, StrategicGoal
from projects.models import Funder, Project

# The project's money: model field -> the key in the copy and the open data. The copy's key is
# the city's share whatever the field is called in the model.
PROJECT_MONEY = {
    "total_budget": "total_budget",
    "city_share": "city_share",
    "self_financing": "self_financing",
}
CONTACT_FIELDS = ("contact_name", "contact_title")

PUBLIC_FIELDS = {
    Plan: ("name", "start_year", "end_year", "strategy_name"),
    Decision: ("body", "date", "section"),
    Division: ("name", "slug"),
    # The plan's texts: the original column, which is the Finnish text, and the Swedish one
    # (`plans/translation.py`); the snapshot reads them without modeltranslation's rewriting.
    StrategicGoal: ("order", "name", "name_sv"),
    Objective: ("order", "text", "text_sv"),
    FocusArea: ("order", "text", "text_sv"),
    Action: ("order", "title", "description", "title_sv", "description_sv", "status"),
    Project: (
        "name",
        "name_sv",
        "short_name",
        "start_date",
        "end_date",
        *PROJECT_MONEY,
        "total_budget_approximate",
    ),
    Funder: ("code", "name"),
    Indicator: ("sotkanet_id", "title_fi", "title_sv", "unit", "decimals", "producer", "sample"),
    Region: ("role", "title_fi"),
    IndicatorValue: ("year", "value"),
    FocusAreaIndicator: ("direction", "target_value", "target_year", "sample_target"),
}


def public_fields(model) -> tuple[str, ...]:
    """The model's public fields; a project's contact person only where the city allows it."""
    fields = PUBLIC_FIELDS[model]
    if model is Project and settings.HYTE_PUBLIC_CONTACT_PERSONS:
        fields = (*fields, *CONTACT_FIELDS)
    return fields
