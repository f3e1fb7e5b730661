"""What a client sends, made safe before the app uses it: text, numbers, ids and searches.

- Text: `clean_text` turns Word's soft line break (\\x0b) and the page break (\\x0c) into a
  newline and drops every other control character but tab, newline and carriage return. No
  XLSX, DOCX or PDF can hold those characters, so one typed into a description would break
  every export it appears in. `CleanTextMiddleware` applies it to every value of every GET and
  POST, the one door all typed text comes through: the app's forms, the admin's forms and
  inlines, the filters and the searches. Hooking every form instead would mean remembering
  the hook on each new form and admin class. Files take the other doors, so
  `spreadsheets.read_table` cleans every imported cell and every export writer cleans again
  (`spreadsheets.safe_text`), so that text stored before the rule cannot break a download.
- Numbers: digits are ASCII digits (`str.isdigit()` also takes ² and ①, which `int()`
  refuses) and within the range the database holds: `parse_ascii_int`.
- Ids: `IdChoiceField` and `IdMultipleChoiceField` refuse, with a Finnish message, an id the
  database cannot hold (SQLite raises OverflowError on one of 2⁶³ or more) before any query.
- Searches: `cap_search` keeps at most MAX_SEARCH_WORDS words and MAX_SEARCH_CHARACTERS
  characters; a longer search is too complex for SQLite and no person types one.
"""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

# The largest id a bigint (PostgreSQL) and an INTEGER (SQLite) hold.
MAX_ID = 2**63 - 1
# The years a person may mean: the plans run in the 2020s, the project history from 1990.
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_SEARCH_WORDS = 10
MAX_SEARCH_CHARACTERS = 200


def search_capped_message() -> str:
    return _(
        "Haku on rajattu %(words)s sanaan ja %(characters)s merkkiin; loput jätettiin pois."
    ) % {"words": MAX_SEARCH_WORDS, "characters": MAX_SEARCH_CHARACTERS}


NO_SUCH_CHOICE = _lazy("Valittua vaihtoehtoa ei ole.")

# Control characters: C0 but tab, newline and carriage return; DEL and C1; and the two
# non-characters XML refuses. Word's vertical tab and the form feed become line breaks.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
LINE_BREAKS = re.compile("[\x0b\x0c]")


def clean_text(value: str) -> str:
    """The text without control characters; \\x0b and \\x0c become newlines."""
    return CONTROL_CHARACTERS.sub("", LINE_BREAKS.sub("\n", value))


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value) or LINE_BREAKS.search(value))


class CleanTextMiddleware:
    """Every GET and POST value through `clean_text` before a view, a form or the admin reads it.

    Uploaded files are left as they are: `read_table` cleans what it reads from them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = cleaned_query(request.GET)
        if request.method == "POST":
            request.POST = cleaned_query(request.POST)
        return self.get_response(request)


def cleaned_query(query):
    if not any(
        has_control_characters(text) for key, values in query.lists() for text in (key, *values)
    ):
        return query
    cleaned = query.copy()
    cleaned.clear()
    for key, values in query.lists():
        cleaned.setlist(clean_text(key), [clean_text(value) for value in values])
    cleaned._mutable = False
    return cleaned


def parse_ascii_int(text, minimum: int, maximum: int) -> int | None:
    """`text` as a whole number of ASCII digits from `minimum` to `maximum`, else None."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    # The length first: int() of thousands of digits is slow, and refused beyond 4 300.
    if not 0 < len(text) <= len(str(MAX_ID)) or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def is_id(value) -> bool:
    return parse_ascii_int(str(value), 1, MAX_ID) is not None


class IdChoiceMixin:
    """For a ModelChoiceField: an id the database cannot hold is no choice, and no query."""

    def to_python(self, value):
        if value in self.empty_values or self.to_field_name or _is_instance(self, value):
            return super().to_python(value)
        if not is_id(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class IdMultipleChoiceMixin:
    """For a ModelMultipleChoiceField: every chosen id one the database can hold."""

    def _check_values(self, value):
        if not self.to_field_name:
            for each in value:
                if not _is_instance(self, each) and not is_id(each):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": each},
                    )
        return super()._check_values(value)


def _is_instance(field, value) -> bool:
    return isinstance(value, field.queryset.model)


class IdChoiceField(IdChoiceMixin, forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": NO_SUCH_CHOICE}


class IdMultipleChoiceField(IdMultipleChoiceMixin, forms.ModelMultipleChoiceField):
    default_error_messages = {"invalid_choice": NO_SUCH_CHOICE}


class YearField(forms.IntegerField):
    """A year of ASCII digits from MIN_YEAR to MAX_YEAR."""

    default_error_messages = {
        "invalid": _lazy("Anna vuosi numeroina, esim. 2023."),
    }

    def __init__(self, **kwargs):
        # A model's small integer field offers 0 to 32767; the year stays within its own range.
        kwargs["min_value"] = max(kwargs.get("min_value") or MIN_YEAR, MIN_YEAR)
        kwargs["max_value"] = min(kwargs.get("max_value") or MAX_YEAR, MAX_YEAR)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        year = parse_ascii_int(str(value), 0, MAX_ID)
        if year is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return year


def cap_search(text: str) -> tuple[str, bool]:
    """The search as at most MAX_SEARCH_WORDS words and MAX_SEARCH_CHARACTERS characters, and
    whether anything was left out."""
    words = (text or "").split()
    capped = " ".join(words[:MAX_SEARCH_WORDS])[:MAX_SEARCH_CHARACTERS].strip()
    return capped, capped != " ".join(words)


class SafeInputInline:
    """For every admin inline: its choices of rows refuse an id the database cannot hold.

    Put first among the bases, before `admin.TabularInline` or `admin.StackedInline`.
    """

    formfield_overrides = {
        models.ForeignKey: {"form_class": IdChoiceField},
        models.ManyToManyField: {"form_class": IdMultipleChoiceField},
    }


class SafeInputAdmin(SafeInputInline):
    """For every ModelAdmin: ids, searches and ticked rows as `common.inputs` takes them.

    Every admin class gets it through `common.admin.RoleAdminMixin`.
    """

    def get_search_results(self, request, queryset, search_term):
        capped, cut = cap_search(search_term)
        if cut:
            messages.warning(request, search_capped_message())
        return super().get_search_results(request, queryset, capped)

    def changelist_view(self, request, extra_context=None):
        # The rows ticked for an admin action: Django reads them with pk__in, unchecked.
        chosen = request.POST.getlist("_selected_action") if request.method == "POST" else []
        if not all(is_id(value) for value in chosen):
            messages.error(request, NO_SUCH_CHOICE)
            return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)
