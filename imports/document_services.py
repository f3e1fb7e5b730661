"""Upload → preview → confirm for the city's own annual table (`imports.document`).

On upload the file is read once into a `DocumentImport`; the preview checks the corrected
document against the database (`check_document`, a fixed number of queries); the confirm
writes the plan's missing structure (`plans.structure.save_structure`) and the new
paragraphs as actions (`plans.services.import_actions`) in one transaction, or nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.spreadsheets import read_upload
from imports.document import DocumentError, parse, read_lines
from imports.models import DocumentImport
from plans.models import Action, ActionFocusArea, YearClosing, closed_year_error
from plans.services import ActionWrite, WriteRefused, import_actions
from plans.structure import (
    Found,
    GoalText,
    PlanText,
    find_structure,
    parse_decision,
    same_text,
    save_structure,
)

__all__ = [
    "AlreadyImported",
    "DocumentError",
    "DocumentRejected",
    "check_document",
    "confirm_document",
    "start_document_import",
]

ALL = "__all__"


class AlreadyImported(Exception):
    """The document was confirmed before: it is not written twice."""


class DocumentRejected(Exception):
    """The confirm found errors; nothing was written. `check` has them beside their fields."""

    def __init__(self, check: "Check"):
        super().__init__("rejected")
        self.check = check


def start_document_import(*, uploaded_file, user) -> DocumentImport:
    """Read an uploaded annual table and keep what was read for the preview; raises
    DocumentError (a Finnish message for the file field) when it cannot be read."""
    data = read_upload(uploaded_file, DocumentError)
    document = parse(read_lines(uploaded_file.name, data))
    return DocumentImport.objects.create(
        file_name=uploaded_file.name[:255], document=document, uploaded_by=user
    )


def plan_text(document: dict) -> PlanText:
    return PlanText(
        name=document["plan_name"],
        start_year=document["start_year"] or 0,
        end_year=document["end_year"] or 0,
        strategy_name=document["strategy_name"],
        decision=document["decision"],
        division=document["division"],
        goals=[
            GoalText(goal["name"], goal["objectives"], goal["focus_areas"])
            for goal in document["goals"]
        ],
    )


@dataclass
class Check:
    """The document against the database: what exists, what is new, what is wrong.

    `errors` are keyed by the preview form's field names (`ALL` for the whole document);
    `existing` holds the keys (`same_text`) of paragraphs already stored as actions of the
    year and division: they are not imported again.
    """

    found: Found = field(default_factory=Found)
    errors: dict[str, list[str]] = field(default_factory=dict)
    existing: set[str] = field(default_factory=set)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def is_existing(self, action: dict) -> bool:
        return same_text(action["text"]) in self.existing

    def new_actions(self, document: dict) -> list[tuple[int, dict]]:
        return [
            (goal_index, action)
            for goal_index, goal in enumerate(document["goals"])
            for action in goal["actions"]
            if action["text"].strip() and not self.is_existing(action)
        ]


def check_document(document: dict, *, lock: bool = False) -> Check:
    """Every rule the confirm holds, checked against the database as it is now, in a fixed
    number of queries: the structure's six (`find_structure`), the year's actions and the
    year's closing."""
    check = Check()
    check_header(document, check)
    if check.errors:
        return check
    try:
        check.found = find_structure(plan_text(document), lock=lock)
    except ValidationError as error:
        check.add("decision", error.messages[0])
        return check
    found = check.found
    if found.plan and found.division:
        check.existing = {
            same_text(text)
            for text in Action.objects.filter(
                plan=found.plan, year=document["year"], division=found.division
            )
            .order_by()
            .values_list("description_fi", flat=True)
        }
        closing = (
            YearClosing.objects.in_force()
            .covering(plan_id=found.plan.pk, year=document["year"], division_id=found.division.pk)
            .select_related("decision", "division")
            .first()
        )
        if closing:
            check.add(ALL, closed_year_error(closing).messages[0])
    for goal_index, goal in enumerate(document["goals"]):
        if not goal["name"].strip():
            check.add(f"goal-{goal_index}-name", _("Anna päämäärälle nimi."))
        for action_index, action in enumerate(goal["actions"]):
            new = action["text"].strip() and not check.is_existing(action)
            if new and not action["focus_areas"]:
                check.add(
                    f"action-{goal_index}-{action_index}-focus_areas",
                    _(
                        "Päämäärä %(goal)s, kappale %(number)s: valitse vähintään yksi "
                        "painopiste, jota kappale palvelee."
                    )
                    % {"goal": goal_index + 1, "number": action_index + 1},
                )
    if not check.new_actions(document) and not check.errors:
        check.add(ALL, _("Tiedostossa ei ole uusia kappaleita: ne kaikki ovat jo sovelluksessa."))
    return check


def check_header(document: dict, check: Check) -> None:
    if not document["plan_name"].strip():
        check.add("plan_name", _("Anna suunnitelman nimi."))
    start, end, year = document["start_year"], document["end_year"], document["year"]
    if not start:
        check.add("start_year", _("Anna suunnitelman alkuvuosi."))
    if not end:
        check.add("end_year", _("Anna suunnitelman loppuvuosi."))
    elif start and end < start:
        check.add("end_year", _("Loppuvuosi ei voi olla ennen alkuvuotta."))
    if not year:
        check.add("year", _("Anna vuosi, jonka toimenpiteet taulukossa ovat."))
    elif start and end and not start <= year <= end:
        check.add(
            "year",
            _("Vuosi %(year)s ei ole suunnitelman kaudella %(start)s–%(end)s.")
            % {"year": year, "start": start, "end": end},
        )
    if not document["division"].strip():
        check.add("division", _("Anna toimiala, jonka taulukko on."))
    if document["decision"].strip():
        try:
            parse_decision(document["decision"])
        except ValidationError as error:
            check.add("decision", error.messages[0])
    if not document["goals"]:
        check.add(ALL, _("Tiedostossa ei ole yhtään päämäärää."))


@transaction.atomic
def confirm_document(*, batch: DocumentImport) -> DocumentImport:
    """Write the document's missing structure and its new paragraphs, or nothing.

    The batch's row is locked and its status read under the lock (a second confirm of it
    gets AlreadyImported); the plan's row is locked before the check (`find_structure`), so
    two documents of the same plan are confirmed one after the other and the second finds
    the first's actions as existing. Two documents creating the same new plan at the same
    moment: the database refuses the second (IntegrityError), which writes nothing.
    """
    batch = DocumentImport.objects.select_for_update().get(pk=batch.pk)
    if batch.status != DocumentImport.Status.PENDING:
        raise AlreadyImported
    document = batch.document
    check = check_document(document, lock=True)
    if check.errors:
        raise DocumentRejected(check)
    try:
        with transaction.atomic():
            created, existing = write_document(document, check)
    except IntegrityError as error:
        check.add(ALL, _("Toinen tuonti tallensi saman suunnitelman juuri nyt. Yritä uudelleen."))
        raise DocumentRejected(check) from error
    except WriteRefused as refused:
        messages = getattr(refused.error, "messages", [str(refused.error)])
        check.add(ALL, messages[0])
        raise DocumentRejected(check) from refused
    except ValidationError as error:
        # A rule of a new goal, objective or focus area (`save_structure`), such as a name
        # longer than its field.
        check.add(ALL, error.messages[0])
        raise DocumentRejected(check) from error
    batch.status = DocumentImport.Status.DONE
    batch.confirmed_at = timezone.now()
    batch.created_count, batch.existing_count = created, existing
    batch.save(update_fields=["status", "confirmed_at", "created_count", "existing_count"])
    return batch


def write_document(document: dict, check: Check) -> tuple[int, int]:
    found = save_structure(plan_text(document))
    new = check.new_actions(document)
    # Appended after the year's stored actions, in the document's order.
    last = (
        Action.objects.filter(plan=found.plan, year=document["year"], division=found.division)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    ) or 0
    writes = []
    for position, (goal_index, action) in enumerate(new, start=last + 1):
        goal_name = document["goals"][goal_index]["name"]
        areas = [found.focus_area(goal_name, text) for text in action["focus_areas"]]
        writes.append(
            ActionWrite(
                action=Action(
                    plan=found.plan,
                    year=document["year"],
                    division=found.division,
                    order=position,
                    description_fi=action["text"].strip(),  # the document is Finnish
                    status=Action.Status.DONE,
                ),
                focus_areas=[area for area in areas if area is not None],
            )
        )
    created, _updated = import_actions(creates=writes, updates=[])
    # The table lists paragraphs, not the focus areas they serve: every link is the
    # importer's reading, marked as such with the document as its source.
    ActionFocusArea.objects.filter(action__in=[write.action for write in writes]).update(
        interpretation=_(
            "Taulukko ei liitä kappaletta painopisteeseen; painopiste valittiin taulukon tuonnissa."
        ),
        source=(document["title"] or batch_source(document))[:300],
    )
    return created, sum(
        1 for goal in document["goals"] for action in goal["actions"] if check.is_existing(action)
    )


def batch_source(document: dict) -> str:
    return f"{document['plan_name']} {document['start_year']}–{document['end_year']}"
