"""Every write to actions: create, edit, delete, carry forward, restore and import; and the
divisions a new municipality starts with (`add_divisions`).

The app's forms, the admin and the import all write through these, so an action's `version`
rises on every change and a form (or file) based on an older version is refused.
Each runs in one transaction and calls `full_clean()`, so a rule in `Action.clean()` (such as
a finalized year refusing changes) holds on every path. Each change leaves exactly one history
row, written after the focus areas are set so that the row shows them.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from itertools import batched

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.content import finnish_columns
from common.formatting import format_date
from plans.counts import counted_once, places_changed
from plans.models import (
    ACTION_HISTORY,
    Action,
    ActionFocusArea,
    Division,
    FocusArea,
    KnownClosings,
    Plan,
)

# How the databases name the unique constraint on (carried_from, year) when it is violated:
# PostgreSQL by its name, SQLite by its columns.
CARRIED_ONCE = ("action_carried_once_into_a_year", "plans_action.carried_from_id")

# Compared when two people save the same action; the rest are bookkeeping.
COMPARED_FIELDS = [
    "plan",
    "year",
    "division",
    # The texts by their columns, Finnish and Swedish (`plans/translation.py`): `title` would
    # be the active language's.
    "title_fi",
    "title_sv",
    "description_fi",
    "description_sv",
    "status",
    "participants",
    "events",
    "feedback_score",
    "needs_review",
    "order",
]
# What a restore brings back from a history row: the compared fields, by their column names.
RESTORED_FIELDS = [Action._meta.get_field(name).attname for name in COMPARED_FIELDS]


class EditConflict(Exception):
    """Someone else saved the action after the editor opened it."""

    def __init__(
        self, current: Action, changes: list[tuple[str, str]], changed_by: str, changed_at
    ):
        self.current = current
        self.changes = changes
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(self.message)

    @property
    def summary(self) -> str:
        """Who saved the action meanwhile, when, and which of its fields changed."""
        fields = ", ".join(label for label, _value in self.changes) or _("tallennettu uudelleen")
        when = ""
        if self.changed_at:
            local = timezone.localtime(self.changed_at)
            when = f"{format_date(local)} klo {local:%H.%M}"
        return _(
            "%(changed_by)s tallensi tämän toimenpiteen sillä välin (%(when)s). "
            "Muuttuneet tiedot: %(fields)s."
        ) % {"changed_by": self.changed_by, "when": when, "fields": fields}

    @property
    def message(self) -> str:
        """The summary with what an editor can do next, for the edit forms."""
        return _(
            "%(summary)s Tarkista alla näkyvät nykyiset tiedot; jos tallennat uudelleen, sinun "
            "muutoksesi korvaavat ne."
        ) % {"summary": self.summary}


@contextmanager
def _without_history(action: Action):
    action.skip_history_when_saving = True
    try:
        yield
    finally:
        del action.skip_history_when_saving


def check_focus_areas(action: Action, focus_areas: list[FocusArea]) -> None:
    if not focus_areas:
        raise ValidationError({"focus_areas": _("Valitse vähintään yksi painopiste.")})
    if any(area.goal.plan_id != action.plan_id for area in focus_areas):
        raise ValidationError({"focus_areas": _("Painopiste ei kuulu valittuun suunnitelmaan.")})


# A focus-area link's interpretation: focus area id -> (reason, source). A link missing from
# the dict is a fact; `None` instead of a dict leaves every link's mark as it is.
LinkMarks = dict[int, tuple[str, str]]


def _set_links(action: Action, focus_areas, projects, link_marks: LinkMarks | None) -> None:
    # The action has been checked (`full_clean()`) in this transaction: the closed-year
    # receivers of `plans.signals` need not read it again for each link.
    action.links_checked = True
    try:
        with _without_history(action):
            action.focus_areas.set(focus_areas)
            if projects is not None:
                action.projects.set(projects)
    finally:
        del action.links_checked
    if link_marks is not None:
        _set_link_marks(action, link_marks)


def _set_link_marks(action: Action, link_marks: LinkMarks) -> None:
    """Mark the action's focus-area links as interpretations (or facts) as `link_marks` says;
    a reason without a source is refused beside the source."""
    for link in ActionFocusArea.objects.filter(action=action):
        reason, source = (text.strip() for text in link_marks.get(link.focus_area_id, ("", "")))
        if (link.interpretation, link.source) == (reason, source):
            continue
        link.interpretation, link.source = reason, source
        try:
            link.full_clean(exclude=["action", "focus_area"], validate_unique=False)
        except ValidationError as error:
            raise ValidationError(
                _("Painopiste %(area)s: %(reason)s")
                % {"area": link.focus_area, "reason": " ".join(error.messages)}
            ) from error
        link.save(update_fields=["interpretation", "source"])


def _link_marks_of(action: Action) -> LinkMarks:
    return {
        area_id: (reason, source)
        for area_id, reason, source in ActionFocusArea.objects.filter(action=action)
        .interpretations()
        .values_list("focus_area_id", "interpretation", "source")
    }


@transaction.atomic
@counted_once()
def create_action(
    *,
    action: Action,
    focus_areas: Iterable[FocusArea],
    projects=(),
    link_marks: LinkMarks | None = None,
) -> Action:
    focus_areas = list(focus_areas)
    action.full_clean()
    check_focus_areas(action, focus_areas)
    action.save_without_historical_record()
    _set_links(action, focus_areas, projects, link_marks)
    ACTION_HISTORY.create_historical_record(action, "+")
    return action


@transaction.atomic
@counted_once()
def update_action(
    *,
    action: Action,
    focus_areas: Iterable[FocusArea],
    projects=None,
    expected_version: int,
    link_marks: LinkMarks | None = None,
) -> Action:
    """Save an edited action unless someone else saved it after `expected_version`.

    A save that changes something raises the version by one; a save that changes nothing
    writes nothing, so an editor who only looked leaves no history row and makes no one
    else's open form stale. `projects=None` leaves the linked projects as they are, and
    `link_marks=None` the interpretation marks of the focus-area links.
    """
    current = check_version(action.pk, expected_version)
    focus_areas = list(focus_areas)
    if _unchanged(current, action, focus_areas, projects, link_marks):
        return current
    action.version = current.version + 1
    action.full_clean()
    check_focus_areas(action, focus_areas)
    _set_links(action, focus_areas, projects, link_marks)
    action.save()
    return action


def _unchanged(current: Action, edited: Action, focus_areas, projects, link_marks) -> bool:
    if any(getattr(current, name) != getattr(edited, name) for name in RESTORED_FIELDS):
        return False
    if {area.pk for area in focus_areas} != set(current.focus_areas.values_list("pk", flat=True)):
        return False
    if link_marks is not None and _stripped(link_marks) != _link_marks_of(current):
        return False
    return projects is None or {project.pk for project in projects} == set(
        current.projects.values_list("pk", flat=True)
    )


def _stripped(link_marks: LinkMarks) -> LinkMarks:
    """The marks as they would be stored: trimmed, and a link with no reason is a fact."""
    marks = {key: (reason.strip(), source.strip()) for key, (reason, source) in link_marks.items()}
    return {key: mark for key, mark in marks.items() if mark != ("", "")}


def check_version(pk: int, expected_version: int | None) -> Action:
    """The stored action, locked until the transaction ends; EditConflict if it is no longer
    at `expected_version`."""
    current = Action.objects.select_for_update().get(pk=pk)
    if current.version != expected_version:
        raise edit_conflict(current, expected_version)
    return current


def edit_conflict(current: Action, expected_version: int | None) -> EditConflict:
    """What changed in `current` since `expected_version`, and who changed it."""
    latest = current.history.select_related("history_user").first()
    seen = current.history.filter(version=expected_version).first()
    changes = []
    if latest and seen:
        delta = latest.diff_against(seen, included_fields=COMPARED_FIELDS + ["focus_areas"])
        changes = [
            (field_label(name), current_value(current, name)) for name in delta.changed_fields
        ]
    user = latest.history_user if latest else None
    changed_by = (user.get_full_name() or user.get_username()) if user else "Joku muu"
    return EditConflict(current, changes, changed_by, latest.history_date if latest else None)


def field_label(name: str) -> str:
    """A compared field as the edit form names it ("otsikko", "otsikko (ruotsiksi)"): the
    translated columns are named so by `settings.MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME`."""
    return str(Action._meta.get_field(name).verbose_name)


def current_value(action: Action, name: str) -> str:
    """A field's saved value as the edit form's reader would name it."""
    if name == "focus_areas":
        return "; ".join(area.numbered for area in action.focus_areas.in_report_order())
    if name == "status":
        return action.get_status_display()
    value = getattr(action, name)
    if isinstance(value, bool):
        return _("kyllä") if value else _("ei")
    return "" if value is None else str(value)


@transaction.atomic
@counted_once()
def delete_action(*, action: Action) -> None:
    # Locked first, so that a closing recorded meanwhile waits for this deletion or refuses
    # it; then the same validation as an edit, so a year that is closed refuses deletions.
    Action.objects.select_for_update().filter(pk=action.pk).values_list("pk").first()
    action.full_clean()
    action.delete()


@transaction.atomic
@counted_once()
def carry_forward(*, actions: Iterable[Action], to_year: int) -> list[Action]:
    """Copy actions into `to_year`: status, focus areas and projects come along, the text is
    marked for review and the year's figures start empty. All of them or none.

    Two coordinators carrying the same actions at once: the sources are locked (in id order,
    so two overlapping choices cannot deadlock) before they are checked, so the second waits
    for the first and is then refused; the unique constraint on (`carried_from`, `year`) is
    the database's guard.
    """
    chosen = list(actions)
    locked = Action.objects.select_for_update().filter(pk__in=[a.pk for a in chosen])
    sources = {source.pk: source for source in locked.order_by("pk")}
    for action in chosen:
        if action.pk not in sources:
            raise ValidationError(
                _("Toimenpide ”%(title)s” on poistettu sillä välin.") % {"title": action.label}
            )
    try:
        with transaction.atomic():
            return [_carry(sources[action.pk], to_year) for action in chosen]
    except IntegrityError as error:
        if not any(name in str(error) for name in CARRIED_ONCE):
            raise
        raise ValidationError(
            _("Toimenpide on jo siirretty vuodelle %(to_year)s.") % {"to_year": to_year},
            code="already_carried",
        ) from error


def _carry(source: Action, to_year: int) -> Action:
    if source.carried_to.filter(year=to_year).exists():
        raise ValidationError(
            f"Toimenpide \u201d{source.label}\u201d on jo siirretty vuodelle {to_year}. / "
            "The action has already been carried into that year.",
            code="already_carried",
        )
    copy = Action(
        plan=source.plan,
        year=to_year,
        division=source.division,
        order=source.order,
        title_fi=source.title_fi,
        title_sv=source.title_sv,
        description_fi=source.description_fi,
        description_sv=source.description_sv,
        status=source.status,
        needs_review=True,
        carried_from=source,
    )
    return create_action(
        action=copy,
        focus_areas=source.focus_areas.select_related("goal"),
        projects=list(source.projects.all()),
        link_marks=_link_marks_of(source),  # the same reading of the same text
    )


@transaction.atomic
@counted_once()
def restore_action(*, action: Action, record, expected_version: int) -> Action:
    """Bring back the fields and focus areas of an earlier history row as a new version,
    each link a fact or an interpretation as it was then."""
    for field in RESTORED_FIELDS:
        setattr(action, field, getattr(record, field))
    links = list(record.focus_areas.values_list("focus_area_id", "interpretation", "source"))
    link_marks = {area_id: (reason, source) for area_id, reason, source in links if reason}
    return update_action(
        action=action,
        focus_areas=FocusArea.objects.filter(
            pk__in=[area_id for area_id, *_ in links]
        ).select_related("goal"),
        expected_version=expected_version,
        link_marks=link_marks,
    )


@transaction.atomic
def note_links_changed_elsewhere(*, action_ids: Iterable[int]) -> None:
    """A link of these actions was changed from the other side (a project's actions in the
    admin): raise each one's version and keep a history row, so that an editor whose form
    was open when it happened is refused instead of putting the old links back."""
    for action in Action.objects.select_for_update().filter(pk__in=list(action_ids)):
        action.version += 1
        action.save(update_fields=["version", "updated_at"])


# Imports: many actions in one transaction, at a fixed number of queries per batch of actions.

# Actions read, locked and written per query. 1 000 rows of the widest query (a history row,
# 21 parameters each) stay under SQLite's default limit of 32 766 parameters and PostgreSQL's
# 65 535.
BATCH = 1000
# The original columns keep the Finnish texts (`common.content`), written here as a save would.
UPDATED_FIELDS = [*COMPARED_FIELDS, "title", "description", "version", "updated_at"]


@dataclass
class ActionWrite:
    """One action of an import: new, or changed from `expected_version`."""

    action: Action
    focus_areas: list[FocusArea]
    projects: list = dataclass_field(default_factory=list)
    expected_version: int | None = None


class WriteRefused(Exception):
    """One action of `import_actions` cannot be written: `error` is an EditConflict or a
    ValidationError, `write` the action it is about. Nothing of the import is written."""

    def __init__(self, write: ActionWrite, error: Exception):
        super().__init__(str(error))
        self.write = write
        self.error = error


@transaction.atomic
@counted_once()
def import_actions(*, creates: list[ActionWrite], updates: list[ActionWrite]) -> tuple[int, int]:
    """Create and change many actions at once, by the rules of `create_action` and
    `update_action`; returns (created, updated). All of them or none: the first refused
    action raises WriteRefused.

    - The changed actions are locked (`SELECT … FOR UPDATE`, in id order) and each one's
      version compared with the one its change is based on: an action saved by someone
      since is an EditConflict.
    - Every action is validated (`full_clean()`, the focus areas of its plan) before anything
      is written; the closed years are read once, after the lock, and an action's stored
      place is the locked row's. The plan and the division are each checked to exist in one
      query for all actions; the check constraint's rule is `Action.clean()`'s, the
      constraint stays the database's guard.
    - The writes are in bulk: the new actions and their links inserted, the changed ones
      updated with their version raised by one, their links replaced where they differ,
      one history row per action with its focus areas, and their search documents.

    Each of `updates` must change something (the import passes only rows with changes). The
    queries: a fixed few, plus per batch of `BATCH` actions five for new ones and up to ten
    for changed ones (`tests/test_import_actions.py` holds the budget).
    """
    updates = sorted(updates, key=lambda write: write.action.pk)
    current = _locked(updates)
    closings = KnownClosings(current.values())
    _check_all(creates + updates, current, closings)
    now = timezone.now()
    everything = creates + updates
    user = ACTION_HISTORY.get_history_user(everything[0].action) if everything else None
    for part in batched(creates, BATCH):
        _create_part(list(part), now, user)
    for part in batched(updates, BATCH):
        _update_part(list(part), now, user)
    # Bulk writes send no signals: the places the actions were and are in are counted here.
    places_changed(
        {(action.year, action.division_id) for action in current.values()}
        | {(write.action.year, write.action.division_id) for write in everything}
    )
    return len(creates), len(updates)


def _locked(updates: list[ActionWrite]) -> dict[int, Action]:
    """The stored actions, locked until the transaction ends, each at its expected version."""
    current = {}
    for part in batched(updates, BATCH):
        ids = [write.action.pk for write in part]
        current.update(
            (action.pk, action)
            for action in Action.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        )
        for write in part:
            stored = current.get(write.action.pk)
            if stored is None:
                raise WriteRefused(
                    write, ValidationError(_("Toimenpide on poistettu sillä välin."))
                )
            if stored.version != write.expected_version:
                raise WriteRefused(write, edit_conflict(stored, write.expected_version))
            write.action.version = stored.version + 1
    return current


def _check_all(writes: list[ActionWrite], current: dict, closings: KnownClosings) -> None:
    plans = set(
        Plan.objects.filter(pk__in={w.action.plan_id for w in writes}).values_list("pk", flat=True)
    )
    divisions = set(
        Division.objects.filter(pk__in={w.action.division_id for w in writes}).values_list(
            "pk", flat=True
        )
    )
    for write in writes:
        action = write.action
        try:
            if action.plan_id not in plans:
                raise ValidationError({"plan": _("Suunnitelmaa ei ole.")})
            if action.division_id not in divisions:
                raise ValidationError({"division": _("Toimialaa ei ole.")})
            action.known_closings = closings
            try:
                action.full_clean(exclude=["plan", "division"], validate_constraints=False)
            finally:
                del action.known_closings
            check_focus_areas(action, write.focus_areas)
        except ValidationError as error:
            raise WriteRefused(write, error) from error


def _create_part(part: list[ActionWrite], now, user) -> None:
    with finnish_columns():  # the original columns get the Finnish texts, as a save writes
        actions = Action.objects.bulk_create([write.action for write in part])
    focus_links = [
        ActionFocusArea(action=write.action, focus_area=area)
        for write in part
        for area in write.focus_areas
    ]
    ActionFocusArea.objects.bulk_create(focus_links)
    project_links = Action.projects.through
    project_links.objects.bulk_create(
        [
            project_links(action_id=write.action.pk, project_id=project.pk)
            for write in part
            for project in write.projects
        ]
    )
    _history(actions, focus_links, now, user, update=False)
    # Bulk writes send no signals: the search documents are written here (`plans.signals`
    # writes them for one action).
    Action.objects.filter(pk__in=[action.pk for action in actions]).refresh_search_text()


def _update_part(part: list[ActionWrite], now, user) -> None:
    focus_links = _replace_links(part, ActionFocusArea, "focus_area_id", "focus_areas")
    _replace_links(part, Action.projects.through, "project_id", "projects")
    actions = [write.action for write in part]
    for action in actions:
        action.updated_at = now
    _update_rows(actions)
    _history(actions, focus_links, now, user, update=True)
    Action.objects.filter(pk__in=[action.pk for action in actions]).refresh_search_text()


def _update_rows(actions: list[Action]) -> None:
    """Write the actions' UPDATED_FIELDS in one statement run for every row (`executemany`).

    Not `bulk_update()`: its `CASE WHEN id = … THEN …` for every field and row took 3.6 s for
    1 000 actions on SQLite, against 0.03 s for this; and `ActionQuerySet.update()` refuses
    what it cannot check itself, where every action here has been checked above.
    """
    connection = connections[router.db_for_write(Action)]
    fields = [Action._meta.get_field(name) for name in UPDATED_FIELDS]
    name = connection.ops.quote_name
    columns = ", ".join(f"{name(field.column)} = %s" for field in fields)
    sql = f"UPDATE {name(Action._meta.db_table)} SET {columns} WHERE {name('id')} = %s"
    with finnish_columns():  # `title` read as the Finnish text, as a save writes it
        rows = [
            [field.get_db_prep_save(getattr(action, field.attname), connection) for field in fields]
            + [action.pk]
            for action in actions
        ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _replace_links(part: list[ActionWrite], through, target: str, name: str) -> list:
    """Make the actions' links of one kind those of the writes: the links that differ are
    deleted and created, the others stay. Returns every link the actions have now."""
    stored = {}
    for link in through.objects.filter(action_id__in=[write.action.pk for write in part]):
        stored.setdefault(link.action_id, {})[getattr(link, target)] = link
    gone, added, kept = [], [], []
    for write in part:
        links = stored.get(write.action.pk, {})
        wanted = {item.pk for item in getattr(write, name)}
        gone += [link.pk for key, link in links.items() if key not in wanted]
        kept += [link for key, link in links.items() if key in wanted]
        added += [
            through(action_id=write.action.pk, **{target: key})
            for key in wanted
            if key not in links
        ]
    if gone:
        through.objects.filter(pk__in=gone).delete()
    through.objects.bulk_create(added)
    return kept + added


def _history(actions: list[Action], focus_links: list, now, user, *, update: bool) -> None:
    """One history row per action, with its focus areas, as `create_historical_record`
    writes it for one."""
    with finnish_columns():
        records = Action.history.bulk_history_create(
            actions, update=update, default_user=user, default_date=now, default_change_reason=None
        )
    record_of = {record.id: record for record in records}
    focus_areas_history = ACTION_HISTORY.m2m_models[Action._meta.get_field("focus_areas")]
    focus_areas_history.objects.bulk_create(
        [
            focus_areas_history(
                history=record_of[link.action_id],
                id=link.pk,
                action_id=link.action_id,
                focus_area_id=link.focus_area_id,
            )
            for link in focus_links
        ]
    )


def add_divisions(names: Iterable[str]) -> list[Division]:
    """The city's divisions (toimialat) by name, created where missing, all or nothing. A
    division's slug, which report URLs carry for good, is made of its name
    ("Hyvinvointitoimiala" → "hyvinvointitoimiala")."""
    divisions = []
    with transaction.atomic():
        for name in names:
            division = Division.objects.filter(name=name).first()
            if division is None:
                division = Division(name=name, slug=slugify(name))
                division.full_clean()
                division.save()
            divisions.append(division)
    return divisions
