"""The plan's own texts (goals, objectives, focus areas, actions, projects) in Finnish and
Swedish, stored by django-modeltranslation beside the original column: `title_fi`,
`title_sv`.

Three rules, each in one place here:

- **The original column is the Finnish text.** modeltranslation reads and writes `title`
  in the active language; a model with translated fields saves under Finnish
  (`FinnishOriginal`), and the bulk writes run in `finnish_columns()`, so `title` always
  holds what `title_fi` holds. The database's constraints (a unique project name, an
  action's title or text) and every query that names a related text
  (`focus_area__text`, the search document) read the Finnish text whatever the page's
  language.
- **Files and snapshots are Finnish.** Imports, exports, the demo loader and the public
  snapshot name `title_fi` explicitly (and the snapshot carries `title_sv` beside it).
- **Shown in the reader's language, with a marked fallback** (`shown`): with Swedish chosen
  the Swedish text where there is one, else the Finnish text marked as Finnish; with
  Finnish chosen the Finnish text, unmarked. Pages use the `content` template filter
  (`common/templatetags/content.py`), reports and downloads `marked`.
"""

from contextlib import contextmanager

from django import forms
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from modeltranslation.fields import TranslationField
from simple_history.models import HistoricalRecords

FINNISH = "fi"
SWEDISH = "sv"
CONTENT_LANGUAGES = (FINNISH, SWEDISH)


@contextmanager
def finnish_columns():
    """Writes and reads inside are of the Finnish columns: modeltranslation's `title` (the
    descriptor, `filter(title=…)`, `bulk_create`) means `title_fi` here."""
    with translation.override(FINNISH):
        yield


class FinnishOriginal:
    """Mixed into a model with translated fields: its save writes the Finnish text into the
    original column (`title`), whatever language is active. The translated columns
    (`title_fi`, `title_sv`) are saved as they are."""

    def save(self, *args, **kwargs):
        with finnish_columns():
            return super().save(*args, **kwargs)

    save.alters_data = True


def content_language() -> str:
    """The language the plan's texts are shown in: the active one if the content has it,
    else Finnish."""
    language = (translation.get_language() or FINNISH).split("-")[0]
    return language if language in CONTENT_LANGUAGES else FINNISH


class Shown(str):
    """A text as a reader sees it: the text itself (a `str`), and `fallback` when it is the
    Finnish text shown for want of a translation into the reader's language (`lang` is then
    "fi")."""

    fallback: bool

    def __new__(cls, text: str = "", fallback: bool = False):
        shown_text = super().__new__(cls, text or "")
        shown_text.fallback = fallback
        return shown_text

    def __reduce__(self):
        return (Shown, (str(self), self.fallback))

    @property
    def text(self) -> str:
        return str.__str__(self)

    @property
    def lang(self) -> str:
        return FINNISH if self.fallback else content_language()

    def upper(self) -> "Shown":
        return Shown(self.text.upper(), self.fallback)


def shown_of(finnish: str | None, translations: dict[str, str | None]) -> Shown:
    """The text in the reader's language out of the Finnish one and its translations
    (`{"sv": …}`): the translation where there is one, else the Finnish text, marked."""
    finnish = finnish or ""
    language = content_language()
    if language == FINNISH:
        return Shown(finnish)
    translated = translations.get(language) or ""
    if translated.strip():
        return Shown(translated)
    return Shown(finnish, fallback=bool(finnish.strip()))


def _value(source, name: str) -> str:
    value = source.get(name) if isinstance(source, dict) else getattr(source, name, None)
    return value or ""


def shown(source, field: str) -> Shown:
    """The text of `field` of a row (a model instance with `field_fi`/`field_sv`, or a dict
    such as a snapshot's) in the reader's language. A dict without `field_fi` (a snapshot
    made before the Swedish texts) gives `field` itself as the Finnish text."""
    finnish = _value(source, f"{field}_{FINNISH}") or _value(source, field)
    return shown_of(finnish, {SWEDISH: _value(source, f"{field}_{SWEDISH}")})


def shown_label(action, label_of) -> Shown:
    """An action's name in the reader's language: its title, or the opening words of its
    text (`label_of`), Swedish where either is translated, else the Finnish one marked."""
    language = content_language()
    finnish = label_of(_value(action, "title_fi"), _value(action, "description_fi"))
    if isinstance(action, dict) and "title_fi" not in action:
        finnish = label_of(_value(action, "title"), _value(action, "description"))
    if language == FINNISH:
        return Shown(finnish)
    title, text = _value(action, f"title_{language}"), _value(action, f"description_{language}")
    if title.strip() or text.strip():
        return Shown(label_of(title, text))
    return Shown(finnish, fallback=bool(finnish.strip()))


def fallback_mark() -> str:
    """What follows a Finnish text shown on a Swedish page: "(på finska)"."""
    return _("(suomeksi)")


def marked(text: Shown | str) -> str:
    """A shown text as plain text (a PDF, a Word or Excel report, a chart): a fallback
    carries its mark."""
    if getattr(text, "fallback", False):
        return f"{text.text} {fallback_mark()}"
    return str(text)


class FinnishHistory(HistoricalRecords):
    """django-simple-history's records of a model with translated fields: a history row
    written outside a save (the services write one after the links are set) keeps the
    Finnish text in the original column too."""

    def create_historical_record(self, *args, **kwargs):
        with finnish_columns():
            return super().create_historical_record(*args, **kwargs)

    def copy_fields(self, model):
        """The translated columns as plain fields: modeltranslation's field describes itself
        (`deconstruct`) by the original field, unique included, which a history table, with
        many rows per object, must not be."""
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if isinstance(field, TranslationField):
                _name, path, args, kwargs = field.deconstruct()
                if kwargs.pop("unique", False):
                    kwargs["db_index"] = True
                fields[name] = import_string(path)(*args, **kwargs)
        return fields


def register_history(model, records: HistoricalRecords) -> None:
    """Give `model` its history once modeltranslation has added the translated columns, so
    that the history model has them too: django-simple-history's `register()` (the way its
    documentation gives for django-modeltranslation: the history registered in
    `translation.py`, not `history = HistoricalRecords()` in the model), with records made
    ahead so that the services can name them (`ACTION_HISTORY`)."""
    records.manager_name = "history"
    records.table_name = None
    records.module = model.__module__
    records.cls = model
    records.add_extra_methods(model)
    records.finalize(model)


def translated_fields(model) -> list[str]:
    """The model's fields that have a Finnish and a Swedish column (`title`, `description`)."""
    from modeltranslation.translator import NotRegistered, translator  # noqa: PLC0415

    try:
        return list(translator.get_options_for_model(model).get_field_names())
    except NotRegistered:
        return []


def swedish_verbose_name(verbose_name, language: str):
    """modeltranslation's name of a translated column (`MODELTRANSLATION_BUILD_LOCALIZED_
    VERBOSE_NAME`): the Finnish one is named as the field always was ("otsikko"), the Swedish
    one "otsikko (ruotsiksi)"."""
    if language == FINNISH:
        return verbose_name
    return format_lazy(_lazy("{} (ruotsiksi)"), verbose_name)


class FinnishAndSwedishForm(forms.ModelForm):
    """A model form with each translated text twice, side by side: the Finnish one under the
    field's own name (`title`, as before the Swedish texts, written into `title_fi`) and the
    Swedish one (`title_sv`, optional) after it. The Finnish one is required where the
    field always was. `title_fi` itself is left out of the form (`finnish_columns_excluded`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.finnish_texts():
            self.initial[name] = getattr(self.instance, f"{name}_{FINNISH}") or ""
            swedish = self.fields.get(f"{name}_{SWEDISH}")
            if swedish is not None:
                swedish.required = False

    def finnish_texts(self) -> list[str]:
        return [name for name in translated_fields(self._meta.model) if name in self.fields]

    def _get_validation_exclusions(self):
        # The model's rules are checked on the Finnish columns (a unique `name_fi`), not on
        # the original ones, which `name` would read in the active language.
        # A field already refused keeps its column out, as Django leaves out a refused field.
        exclude = super()._get_validation_exclusions()
        for name in self.finnish_texts():
            exclude.add(name)
            if name not in self._errors:
                exclude.discard(f"{name}_{FINNISH}")
        return exclude

    def _update_errors(self, errors):
        # A refusal on a Finnish column is shown beside the Finnish field (`name`).
        if hasattr(errors, "error_dict"):
            for name in self.finnish_texts():
                refused = errors.error_dict.pop(f"{name}_{FINNISH}", None)
                if refused:
                    errors.error_dict.setdefault(name, []).extend(refused)
        super()._update_errors(errors)

    def _post_clean(self):
        # The Finnish texts go into their columns here and not through `title`, which would
        # write the active language's column.
        texts = {
            name: self.cleaned_data.pop(name)
            for name in self.finnish_texts()
            if name in self.cleaned_data
        }
        for name, value in texts.items():
            setattr(self.instance, f"{name}_{FINNISH}", value)
        try:
            super()._post_clean()
        finally:
            self.cleaned_data.update(texts)


def finnish_columns_excluded(model, exclude) -> list[str]:
    """An admin's `exclude` with the Finnish columns left out: the form offers the Finnish
    text under the field's own name (`FinnishAndSwedishForm`)."""
    return [*(exclude or []), *(f"{name}_{FINNISH}" for name in translated_fields(model))]


def side_by_side(model, fields) -> list:
    """An admin's `fields` with each translated text and its Swedish column on one line."""
    translated = set(translated_fields(model))
    swedish = {f"{name}_{SWEDISH}" for name in translated}
    result = []
    for name in fields:
        if name in swedish:
            continue
        result.append((name, f"{name}_{SWEDISH}") if name in translated else name)
    return result
