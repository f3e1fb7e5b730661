"""Every write to actions: create, edit, delete, carry forward and restore.

The app's forms, the admin and the import all write through these, so an action's `version`
rises on every change and a form (or file) based on an older version is refused.
Each runs in one transaction and calls `full_clean()`, so a rule in `Action.clean()` (such as
a finalized year refusing changes) holds on every path. Each change leaves exactly one history
row, written after the focus areas are set so that the row shows them.
"""

from collections.abc import Iterable
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.formatting import format_date
from plans.models import ACTION_HISTORY, Action, FocusArea

# How the databases name the unique constraint on (carried_from, year) when it is violated:
# PostgreSQL by its name, SQLite by its columns.
CARRIED_ONCE = ("action_carried_once_into_a_year", "plans_action.carried_from_id")

# Compared when two people save the same action; the rest are bookkeeping.
COMPARED_FIELDS = [
    "plan",
    "year",
    "division",
    "title",
    "description",
    "status",
    "participants",
    "events",
    "feedback_score",
    "needs_review",
    "order",
]
RESTORED_FIELDS = [
    "plan_id",
    "year",
    "division_id",
    "order",
    "title",
    "description",
    "status",
    "participants",
    "events",
    "feedback_score",
    "needs_review",
]


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


def _set_links(action: Action, focus_areas, projects) -> None:
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


@transaction.atomic
def create_action(*, action: Action, focus_areas: Iterable[FocusArea], projects=()) -> Action:
    focus_areas = list(focus_areas)
    action.full_clean()
    check_focus_areas(action, focus_areas)
    action.save_without_historical_record()
    _set_links(action, focus_areas, projects)
    ACTION_HISTORY.create_historical_record(action, "+")
    return action


@transaction.atomic
def update_action(
    *, action: Action, focus_areas: Iterable[FocusArea], projects=None, expected_version: int
) -> Action:
    """Save an edited action unless someone else saved it after `expected_version`.

    A save that changes something raises the version by one; a save that changes nothing
    writes nothing, so an editor who only looked leaves no history row and makes no one
    else's open form stale. `projects=None` leaves the linked projects as they are.
    """
    current = check_version(action.pk, expected_version)
    focus_areas = list(focus_areas)
    if _unchanged(current, action, focus_areas, projects):
        return current
    action.version = current.version + 1
    action.full_clean()
    check_focus_areas(action, focus_areas)
    _set_links(action, focus_areas, projects)
    action.save()
    return action


def _unchanged(current: Action, edited: Action, focus_areas, projects) -> bool:
    fields = [Action._meta.get_field(name).attname for name in COMPARED_FIELDS]
    if any(getattr(current, name) != getattr(edited, name) for name in fields):
        return False
    if {area.pk for area in focus_areas} != set(current.focus_areas.values_list("pk", flat=True)):
        return False
    return projects is None or {project.pk for project in projects} == set(
        current.projects.values_list("pk", flat=True)
    )


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
            (str(Action._meta.get_field(name).verbose_name), current_value(current, name))
            for name in delta.changed_fields
        ]
    user = latest.history_user if latest else None
    changed_by = (user.get_full_name() or user.get_username()) if user else "Joku muu"
    return EditConflict(current, changes, changed_by, latest.history_date if latest else None)


def current_value(action: Action, name: str) -> str:
    """A field's saved value as the edit form's reader would name it."""
    if name == "focus_areas":
        return "; ".join(area.numbered for area in action.focus_areas.in_report_order())
    if name == "status":
        return action.get_status_display()
    value = getattr(action, name)
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    return "" if value is None else str(value)


@transaction.atomic
def delete_action(*, action: Action) -> None:
    # Locked first, so that a closing recorded meanwhile waits for this deletion or refuses
    # it; then the same validation as an edit, so a year that is closed refuses deletions.
    Action.objects.select_for_update().filter(pk=action.pk).values_list("pk").first()
    action.full_clean()
    action.delete()


@transaction.atomic
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
                _("Toimenpide ”%(title)s” on poistettu sillä välin.") % {"title": action.title}
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
            f"Toimenpide \u201d{source.title}\u201d on jo siirretty vuodelle {to_year}. / "
            "The action has already been carried into that year.",
            code="already_carried",
        )
    copy = Action(
        plan=source.plan,
        year=to_year,
        division=source.division,
        order=source.order,
        title=source.title,
        description=source.description,
        status=source.status,
        needs_review=True,
        carried_from=source,
    )
    return create_action(
        action=copy,
        focus_areas=source.focus_areas.select_related("goal"),
        projects=list(source.projects.all()),
    )


@transaction.atomic
def restore_action(*, action: Action, record, expected_version: int) -> Action:
    """Bring back the fields and focus areas of an earlier history row as a new version."""
    for field in RESTORED_FIELDS:
        setattr(action, field, getattr(record, field))
    focus_area_ids = record.focus_areas.values_list("focus_area_id", flat=True)
    return update_action(
        action=action,
        focus_areas=FocusArea.objects.filter(pk__in=focus_area_ids).select_related("goal"),
        expected_version=expected_version,
    )


@transaction.atomic
def note_links_changed_elsewhere(*, action_ids: Iterable[int]) -> None:
    """A link of these actions was changed from the other side (a project's actions in the
    admin): raise each one's version and keep a history row, so that an editor whose form
    was open when it happened is refused instead of putting the old links back."""
    for action in Action.objects.select_for_update().filter(pk__in=list(action_ids)):
        action.version += 1
        action.save(update_fields=["version", "updated_at"])
