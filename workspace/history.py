"""An action's history as its page shows it: who changed what, when, from what to what."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from plans.models import ACTION_HISTORY, Action, Division, FocusArea, Plan
from plans.services import field_label

KIND_LABELS = {"+": _lazy("Lisäsi"), "~": _lazy("Muutti"), "-": _lazy("Poisti")}
SHOWN_FIELDS = [
    "plan",
    "year",
    "division",
    "title",
    "title_sv",
    "description",
    "description_sv",
    "status",
    "focus_areas",
    "participants",
    "events",
    "feedback_score",
    "needs_review",
]
FIELDS_WITHOUT_LINKS = [name for name in SHOWN_FIELDS if name != "focus_areas"]
# The historical link's own keys, which differ between versions of the same links.
LINK_KEYS = {"id", "m2m_history_id", "history"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    record: object
    kind: str
    user: str
    changes: list[Change] = field(default_factory=list)
    is_current: bool = False


def action_history(action: Action) -> list[HistoryEntry]:
    """In a fixed number of queries, however long the history: the focus areas of every
    version are read at once, where simple-history's `diff_against` reads them twice for
    each version."""
    records = list(action.history.select_related("history_user"))
    names = _names_for(records)
    areas = _focus_area_rows(records)
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        user = record.history_user
        entry = HistoryEntry(
            record=record,
            kind=str(KIND_LABELS.get(record.history_type, record.history_type)),
            user=(user.get_full_name() or user.get_username()) if user else _("järjestelmä"),
            is_current=index == 0,
        )
        if previous is not None:
            delta = record.diff_against(previous, included_fields=FIELDS_WITHOUT_LINKS)
            changes = [(change.field, change.old, change.new) for change in delta.changes]
            old_areas, new_areas = areas[previous.pk], areas[record.pk]
            if old_areas != new_areas:
                changes.append(("focus_areas", old_areas, new_areas))
            changes.sort(key=lambda change: SHOWN_FIELDS.index(change[0]))
            entry.changes = [
                Change(
                    label=field_label(name),
                    old=_display(name, old, names),
                    new=_display(name, new, names),
                )
                for name, old, new in changes
            ]
        entries.append(entry)
    return entries


def _focus_area_rows(records) -> dict[int, list[dict]]:
    """Each version's focus-area links as rows, compared whole (an interpretation changed on
    a link is a change), in the order `diff_against` compares them."""
    through = ACTION_HISTORY.m2m_models[Action._meta.get_field("focus_areas")]
    fields = [f.name for f in through._meta.fields if f.editable and f.name not in LINK_KEYS]
    rows = {record.pk: [] for record in records}
    linked = through.objects.filter(history__in=rows).order_by("history", "focus_area")
    for row in linked.values("history", *fields):
        rows[row.pop("history")].append(row)
    return rows


def _names_for(records) -> dict:
    """Names of the plans, divisions and focus areas that the records refer to, in 3 queries."""
    plan_ids = {record.plan_id for record in records}
    division_ids = {record.division_id for record in records}
    return {
        "plan": {plan.pk: str(plan) for plan in Plan.objects.filter(pk__in=plan_ids)},
        "division": {d.pk: d.name for d in Division.objects.filter(pk__in=division_ids)},
        "focus_areas": {
            area.pk: area.numbered
            for area in FocusArea.objects.filter(goal__plan__in=plan_ids).select_related("goal")
        },
    }


def _display(name: str, value, names: dict) -> str:
    if value is None or value == "":
        return "–"
    if name == "focus_areas":
        return "; ".join(
            names["focus_areas"].get(row["focus_area"], _("(poistettu painopiste)"))
            for row in value
        )
    if name in ("plan", "division"):
        return names[name].get(value, _("(poistettu)"))
    if name == "status":
        return Action.Status(value).label
    if isinstance(value, bool):
        return _("kyllä") if value else _("ei")
    return str(value)
