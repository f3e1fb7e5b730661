"""The annual table's upload form and the preview's corrections.

The preview is one form without JavaScript: the plan's fields, each goal's name, objectives and
focus areas (one per line), and each paragraph's text and focus areas. Its buttons say what to
do after the corrections are taken: save them, merge a paragraph with the next one, split a
paragraph where the reading suggested, or confirm. A blank line typed inside a paragraph splits
it there, as a blank line does in the table.
"""

import copy
import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.spreadsheets import format_megabytes
from imports.document import clean
from imports.forms import upload_field
from plans.structure import same_text

BLANK_LINE = re.compile(r"\n\s*\n")
OPERATION = re.compile(r"^(?P<name>save|confirm|merge|split)(?:-(?P<args>[\d-]+))?$")


class DocumentUploadForm(forms.Form):
    file = upload_field(
        _lazy("Vuositaulukko (.txt, .docx tai .pdf)"),
        ".txt,.docx,.pdf,text/plain,application/pdf,"
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Enintään %(size)s. Taulukon asettelu kuten lautakunnalle vietävässä "
            "vuositaulukossa: päämäärittäin tavoitteet, painopisteet ja toteutuneet toimenpiteet."
        ) % {"size": format_megabytes(settings.IMPORT_MAX_BYTES)}


class HeaderForm(forms.Form):
    """The plan, year, division and decision, as read from the table's title and header."""

    plan_name = forms.CharField(label=_lazy("Suunnitelman nimi"), max_length=200)
    start_year = forms.IntegerField(label=_lazy("Alkuvuosi"), min_value=1900, max_value=2200)
    end_year = forms.IntegerField(label=_lazy("Loppuvuosi"), min_value=1900, max_value=2200)
    strategy_name = forms.CharField(
        label=_lazy("Kaupunkistrategia"), max_length=200, required=False
    )
    year = forms.IntegerField(label=_lazy("Toimenpiteiden vuosi"), min_value=1900, max_value=2200)
    division = forms.CharField(label=_lazy("Toimiala"), max_length=100)
    decision = forms.CharField(
        label=_lazy("Painopisteiden päätös"),
        max_length=100,
        required=False,
        help_text=_lazy("Esim. KV 3.10.2022 § 77"),
    )


def lines_of(value: str) -> list[str]:
    return [clean(line) for line in value.splitlines() if line.strip()]


def edited(document: dict, data) -> tuple[dict, dict[str, list[str]], str]:
    """The document with the posted corrections and the button's operation applied, the
    errors of the posted fields, and the operation's name. The document is not changed
    when there are errors."""
    document = copy.deepcopy(document)
    errors: dict[str, list[str]] = {}
    header = HeaderForm(data)
    if header.is_valid():
        document.update(header.cleaned_data)
    else:
        errors.update({name: list(messages) for name, messages in header.errors.items()})
    for goal_index, goal in enumerate(document["goals"]):
        edit_goal(goal, goal_index, data)
    operation = OPERATION.match(data.get("op", "save")) or OPERATION.match("save")
    name = operation["name"]
    args = [int(part) for part in (operation["args"] or "").split("-") if part]
    if name == "merge" and len(args) == 2:
        merge(document, *args)
    elif name == "split" and len(args) == 3:
        split_at_suggestion(document, *args)
    for goal in document["goals"]:
        goal["actions"] = [part for action in goal["actions"] for part in split_blank(action)]
    return document, errors, name


def edit_goal(goal: dict, goal_index: int, data) -> None:
    prefix = f"goal-{goal_index}"
    if f"{prefix}-name" in data:
        goal["name"] = clean(data[f"{prefix}-name"])
    if f"{prefix}-objectives" in data:
        goal["objectives"] = lines_of(data[f"{prefix}-objectives"])
    old_areas = goal["focus_areas"]
    if f"{prefix}-focus_areas" in data:
        goal["focus_areas"] = lines_of(data[f"{prefix}-focus_areas"])
    renamed = len(old_areas) == len(goal["focus_areas"])
    keys = {same_text(text): text for text in goal["focus_areas"]}
    for action_index, action in enumerate(goal["actions"]):
        key = f"action-{goal_index}-{action_index}"
        if f"{key}-text" not in data:
            continue
        action["text"] = data[f"{key}-text"].replace("\r\n", "\n")
        chosen = []
        for value in data.getlist(f"{key}-focus_areas"):
            if not value.isdigit() or int(value) >= len(old_areas):
                continue
            if renamed:
                chosen.append(goal["focus_areas"][int(value)])
            elif same_text(old_areas[int(value)]) in keys:
                chosen.append(keys[same_text(old_areas[int(value)])])
        if chosen != action["focus_areas"]:
            action["suggested"] = False
        action["focus_areas"] = chosen


def merge(document: dict, goal_index: int, action_index: int) -> None:
    """A paragraph and the one after it as one; where the second began is offered as a split,
    so that a merge can be undone."""
    try:
        actions = document["goals"][goal_index]["actions"]
        first, second = actions[action_index], actions[action_index + 1]
    except IndexError:
        return
    second_text = clean(second["text"])
    first["text"] = clean(first["text"]) + " " + second_text
    first["splits"] = [*first.get("splits", []), second_text[:40], *second.get("splits", [])]
    first["focus_areas"] += [a for a in second["focus_areas"] if a not in first["focus_areas"]]
    first["suggested"] = first.get("suggested", False) and second.get("suggested", False)
    del actions[action_index + 1]


def split_at_suggestion(document: dict, goal_index: int, action_index: int, number: int) -> None:
    try:
        action = document["goals"][goal_index]["actions"][action_index]
        start = action["splits"][number]
    except IndexError:
        return
    text = clean(action["text"])
    position = text.find(start)
    if position <= 0:
        return
    action["text"] = text[:position] + "\n\n" + text[position:]
    action["splits"] = [s for s in action["splits"] if s != start]


def split_blank(action: dict) -> list[dict]:
    """A paragraph with blank lines in it as several; an emptied paragraph as none."""
    parts = [clean(part) for part in BLANK_LINE.split(action["text"].strip())]
    parts = [part for part in parts if part]
    result = []
    for part in parts:
        result.append(
            {
                **action,
                "text": part,
                "splits": [s for s in action.get("splits", []) if s in part and part.find(s) > 0],
                "joined": action.get("joined", False) and not result,
            }
        )
    return result
