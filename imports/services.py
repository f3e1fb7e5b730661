"""Starting and confirming an import: the file is read once, on upload; its rows are checked on
upload, on preview and on confirm."""

from django.db import transaction
from django.utils import timezone

from common.spreadsheets import read_sheet, table_rows
from imports import actions, projects
from imports.models import ImportBatch
from imports.rows import ImportRejected, RowPlan

IMPORTERS = {ImportBatch.Kind.ACTIONS: actions, ImportBatch.Kind.PROJECTS: projects}

__all__ = ["AlreadyImported", "ImportRejected", "check_batch", "confirm_import", "start_import"]


class AlreadyImported(Exception):
    """The batch was confirmed before: it is not written twice."""


def start_import(*, kind: str, uploaded_file, user) -> ImportBatch:
    """Read an uploaded file and keep its rows for the preview; raises SpreadsheetError if it
    cannot be read.

    The file is read here only: its header and cell values are kept (`ImportBatch.rows`), and
    the preview and the confirm check those. For actions, the versions of the actions the file
    changes are kept too: the preview shows the changes against them, and a confirm refuses an
    action saved by someone since.
    """
    importer = IMPORTERS[kind]
    sheet = read_sheet(uploaded_file, columns=importer.columns(), aliases=importer.column_aliases())
    seen_versions = {}
    if kind == ImportBatch.Kind.ACTIONS:
        seen_versions = actions.read_versions(table_rows(sheet))
    return ImportBatch.objects.create(
        kind=kind,
        file_name=uploaded_file.name[:255],
        rows=sheet,
        uploaded_by=user,
        seen_versions=seen_versions,
    )


def read_batch(batch: ImportBatch):
    """The rows kept from the uploaded file."""
    return table_rows(batch.rows)


def check_batch(batch: ImportBatch, table=None) -> list[RowPlan]:
    """Every row of the kept file checked against the database as it is now."""
    if table is None:
        table = read_batch(batch)
    if batch.kind == ImportBatch.Kind.ACTIONS:
        return actions.check_rows(table, seen_versions=batch.seen_versions)
    return IMPORTERS[batch.kind].check_rows(table)


@transaction.atomic
def confirm_import(*, batch: ImportBatch) -> ImportBatch:
    """Write every row of the batch, or none: the rows are checked again first.

    Confirms running at the same time are serialised where they could collide:
    - the same batch: its row is locked and its status read under the lock, so the first
      confirm writes it and the others find it done (`AlreadyImported`);
    - different files of actions: the divisions they write to are locked before the rows are
      checked (`actions.lock_divisions`), so a file confirmed second sees what the first one
      wrote, and a new action that the first created is refused in it as a duplicate.
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PENDING:
        raise AlreadyImported
    table = read_batch(batch)
    if batch.kind == ImportBatch.Kind.ACTIONS:
        actions.lock_divisions(table)
    rows = check_batch(batch, table)
    if any(row.errors for row in rows):
        raise ImportRejected(rows)
    batch.created_count, batch.updated_count = IMPORTERS[batch.kind].write_rows(rows)
    batch.status = ImportBatch.Status.DONE
    batch.confirmed_at = timezone.now()
    # Not the rows again: they are what was uploaded.
    batch.save(update_fields=["status", "confirmed_at", "created_count", "updated_count"])
    return batch
