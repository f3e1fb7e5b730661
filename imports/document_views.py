"""Upload → preview (with corrections) → confirm, for the plan's own annual table.

Only the coordinator (and a superuser) may import it (`common.roles.can_import_document`): it
writes the plan's structure. An upload is seen and corrected only by its uploader.
"""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.roles import require_import_document
from imports import document_services as services
from imports.document import paragraph_notes
from imports.document_forms import DocumentUploadForm, HeaderForm, edited
from imports.models import DocumentImport


def own_document(request: HttpRequest, batch_id: int) -> DocumentImport:
    require_import_document(request.user)
    return get_object_or_404(DocumentImport, pk=batch_id, uploaded_by=request.user)


@login_required
def document_upload(request: HttpRequest) -> HttpResponse:
    require_import_document(request.user)
    form = DocumentUploadForm()
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                batch = services.start_document_import(
                    uploaded_file=form.cleaned_data["file"], user=request.user
                )
            except services.DocumentError as error:
                form.add_error("file", error.message)
            else:
                return redirect("imports:document_preview", batch_id=batch.pk)
    return render(
        request, "imports/document_upload.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def document_preview(request: HttpRequest, batch_id: int) -> HttpResponse:
    """GET: the document as read and corrected so far, checked against the database.
    POST: the corrections taken, then the button's operation; a confirm writes everything."""
    batch = own_document(request, batch_id)
    if request.method != "POST" or batch.status == DocumentImport.Status.DONE:
        if request.method == "POST":
            return render_preview(request, batch, already_imported=True, status=409)
        return render_preview(request, batch)
    document, errors, operation = edited(batch.document, request.POST)
    if errors:
        return render_preview(
            request, batch, document=document, errors=errors, posted=request.POST, status=400
        )
    posted_revision = request.POST.get("revision", "")
    saved = DocumentImport.objects.filter(
        pk=batch.pk,
        revision=int(posted_revision) if posted_revision.isdigit() else -1,
        status=DocumentImport.Status.PENDING,
    ).update(document=document, revision=F("revision") + 1)
    if not saved:
        batch.refresh_from_db()
        message = _(
            "Esikatselua on muutettu toisessa ikkunassa sillä välin, tai tiedosto on jo tuotu. "
            "Korjauksiasi ei tallennettu: katso tiedot alta ja tee korjaukset uudelleen."
        )
        return render_preview(request, batch, errors={services.ALL: [message]}, status=409)
    batch.refresh_from_db()
    if operation != "confirm":
        return redirect(preview_url(batch, request.POST.get("op", "")))
    try:
        services.confirm_document(batch=batch)
    except services.AlreadyImported:
        batch.refresh_from_db()
        return render_preview(request, batch, already_imported=True, status=409)
    except services.DocumentRejected as rejected:
        return render_preview(request, batch, check=rejected.check, status=409)
    return redirect("imports:document_preview", batch_id=batch.pk)


def preview_url(batch: DocumentImport, op: str) -> str:
    """Back to the preview; after a merge or a split, at the paragraph it was made on."""
    url = reverse("imports:document_preview", args=[batch.pk])
    parts = op.split("-")
    if parts[0] in ("merge", "split") and len(parts) >= 3 and all(p.isdigit() for p in parts[1:]):
        return f"{url}#action-{parts[1]}-{parts[2]}"
    return url


@dataclass
class ActionRow:
    goal_index: int
    index: int
    text: str
    existing: bool
    notes: list[str]
    splits: list[str]
    choices: list[tuple[int, str, bool]]
    suggested: bool
    errors: list[str] = field(default_factory=list)
    last: bool = False

    @property
    def key(self) -> str:
        return f"action-{self.goal_index}-{self.index}"


@dataclass
class GoalRow:
    index: int
    name: str
    objectives: str
    focus_areas: str
    exists: bool
    new_objectives: list[str]
    new_focus_areas: list[str]
    actions: list[ActionRow]
    errors: list[str]


@dataclass
class HeaderField:
    name: str
    label: str
    help_text: str
    value: object
    errors: list[str]

    @property
    def id(self) -> str:
        return f"id_{self.name}"


def header_fields(document: dict, errors: dict, posted=None) -> list[HeaderField]:
    """The plan's fields as read, or as posted when the post had errors."""
    fields = []
    for name, form_field in HeaderForm.base_fields.items():
        value = posted.get(name, "") if posted is not None else document.get(name)
        fields.append(
            HeaderField(
                name,
                form_field.label,
                form_field.help_text,
                "" if value is None else value,
                errors.get(name, []),
            )
        )
    return fields


def render_preview(
    request, batch, *, document=None, errors=None, check=None, posted=None, status=200, **flags
) -> HttpResponse:
    document = document or batch.document
    done = batch.status == DocumentImport.Status.DONE
    if check is None:
        check = services.Check() if done else services.check_document(document)
    errors = {**check.errors, **(errors or {})}
    header = header_fields(document, errors, posted)
    goals = goal_rows(document, check, errors)
    context = {
        "batch": batch,
        "document": document,
        "header": header,
        "goals": goals,
        "errors": errors,
        "general_errors": errors.get(services.ALL, []),
        "found": check.found,
        "new_count": sum(1 for goal in goals for row in goal.actions if not row.existing),
        "existing_count": sum(1 for goal in goals for row in goal.actions if row.existing),
        "unsure_count": sum(1 for goal in goals for row in goal.actions if row.notes),
        **flags,
    }
    return render(request, "imports/document_preview.html", context, status=status)


def goal_rows(document: dict, check, errors: dict) -> list[GoalRow]:
    rows = []
    found = check.found
    for goal_index, goal in enumerate(document["goals"]):
        stored = found.goal(goal["name"])
        actions = [
            ActionRow(
                goal_index=goal_index,
                index=index,
                text=action["text"],
                existing=check.is_existing(action),
                notes=paragraph_notes(action),
                splits=action.get("splits", []),
                choices=[
                    (number, text, text in action["focus_areas"])
                    for number, text in enumerate(goal["focus_areas"])
                ],
                suggested=action.get("suggested", False),
                errors=errors.get(f"action-{goal_index}-{index}-focus_areas", []),
            )
            for index, action in enumerate(goal["actions"])
        ]
        if actions:
            actions[-1].last = True
        rows.append(
            GoalRow(
                index=goal_index,
                name=goal["name"],
                objectives="\n".join(goal["objectives"]),
                focus_areas="\n".join(goal["focus_areas"]),
                exists=stored is not None,
                new_objectives=[
                    text
                    for text in goal["objectives"]
                    if not found.has_objective(goal["name"], text)
                ],
                new_focus_areas=[
                    text
                    for text in goal["focus_areas"]
                    if found.focus_area(goal["name"], text) is None
                ],
                actions=actions,
                errors=errors.get(f"goal-{goal_index}-name", []),
            )
        )
    return rows
