"""Upload → preview → confirm, for actions and for projects; and the lists as files to edit.

Who may import (`common.roles.IMPORT_KINDS`): the coordinator and the admin import actions;
projects and their budgets are the admin's alone. Everyone else gets 403, and an uploaded file
is seen only by its uploader.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from common.roles import can_import_document, importable_kinds, require_import
from common.spreadsheets import SpreadsheetError, csv_response, xlsx_response
from imports import services
from imports.forms import UploadForm
from imports.models import ImportBatch


def checked_kind(request: HttpRequest, kind: str) -> str:
    """The kind of import named in the URL, if this user may make it."""
    require_import(request.user)
    if kind not in ImportBatch.Kind.values:
        raise Http404
    require_import(request.user, kind)
    return kind


def own_batch(request: HttpRequest, kind: str, batch_id: int) -> ImportBatch:
    checked_kind(request, kind)
    return get_object_or_404(ImportBatch, pk=batch_id, kind=kind, uploaded_by=request.user)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    require_import(request.user)
    kinds = importable_kinds(request.user)
    choices = [(kind, ImportBatch.Kind(kind).label) for kind in kinds]
    context = {"choices": choices, "document": can_import_document(request.user)}
    return render(request, "imports/index.html", context)


@login_required
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    checked_kind(request, kind)
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                batch = services.start_import(
                    kind=kind, uploaded_file=form.cleaned_data["file"], user=request.user
                )
            except SpreadsheetError as error:
                form.add_error("file", error.message)
            else:
                return redirect("imports:preview", kind=kind, batch_id=batch.pk)
    context = {
        "form": form,
        "kind": kind,
        "title": ImportBatch.Kind(kind).label,
        "columns": services.IMPORTERS[kind].columns(),
    }
    return render(request, "imports/upload.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def preview(request: HttpRequest, kind: str, batch_id: int) -> HttpResponse:
    batch = own_batch(request, kind, batch_id)
    rows = [] if batch.status == ImportBatch.Status.DONE else services.check_batch(batch)
    return render_preview(request, batch, rows)


@login_required
@require_POST
def confirm(request: HttpRequest, kind: str, batch_id: int) -> HttpResponse:
    batch = own_batch(request, kind, batch_id)
    try:
        services.confirm_import(batch=batch)
    except services.AlreadyImported:
        batch.refresh_from_db()
        return render_preview(request, batch, [], already_imported=True, status=409)
    except services.ImportRejected as rejected:
        return render_preview(request, batch, rejected.rows, rejected=True, status=409)
    return redirect("imports:preview", kind=kind, batch_id=batch.pk)


def render_preview(request, batch, rows, *, status=200, **flags) -> HttpResponse:
    errors = [error for row in rows for error in row.errors]
    context = {
        "batch": batch,
        "title": batch.get_kind_display(),
        "rows": rows,
        "errors": errors,
        "new_count": sum(1 for row in rows if not row.errors and row.is_new),
        "changed_count": sum(1 for row in rows if not row.errors and row.changes),
        "unchanged_count": sum(1 for row in rows if not row.errors and not row.writes),
        "error_row_count": sum(1 for row in rows if row.errors),
        **flags,
    }
    return render(request, "imports/preview.html", context, status=status)


@login_required
@require_GET
def export(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    """The current list in the import's columns: a file to edit and import again."""
    checked_kind(request, kind)
    if file_format not in ("xlsx", "csv"):
        raise Http404
    importer = services.IMPORTERS[kind]
    filename = f"{importer.TITLE}.{file_format}"
    rows = importer.export_rows(importer.export_queryset())
    if file_format == "csv":
        return csv_response(filename, importer.columns(), rows)
    return xlsx_response(
        filename, importer.columns(), rows, sheet_title=importer.TITLE.capitalize()
    )
