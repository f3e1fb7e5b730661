"""What both importers share: reading a row's cells and reporting what a row will do."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from common.spreadsheets import CellError, TableRow, file_labels


class ImportRejected(Exception):
    """Some row has an error: nothing was written."""

    def __init__(self, rows: list["RowPlan"]):
        super().__init__("import rejected")
        self.rows = rows


@dataclass
class RowPlan:
    """One row after checking: what is wrong with it, or whether it creates or changes a row."""

    number: int
    label: str = ""
    errors: list[CellError] = field(default_factory=list)
    is_new: bool = False
    changes: list[str] = field(default_factory=list)

    @property
    def writes(self) -> bool:
        return self.is_new or bool(self.changes)

    @property
    def change_text(self) -> str:
        if self.is_new:
            return "uusi"
        if self.changes:
            return "muutetaan: " + "; ".join(self.changes)
        return "ei muutoksia"


class RowCells:
    """The cells of one row, parsed one column at a time; errors are kept, one per column."""

    def __init__(self, row: TableRow):
        self.row = row
        self.errors: list[CellError] = list(row.errors)

    def error(self, column: str, message: str) -> None:
        if column and self.has_error(column):
            return
        self.errors.append(CellError(self.row.number, column, message))

    def has_error(self, column: str) -> bool:
        return any(error.column == column for error in self.errors)

    def value(self, column: str, parse: Callable | None = None):
        """The cell's value through `parse`; None if it is empty or could not be parsed."""
        if self.has_error(column):
            return None
        value = self.row.values[column]
        if parse is None:
            return value
        try:
            return parse(value)
        except ValidationError as error:
            self.error(column, " ".join(error.messages))
            return None

    def text(self, column: str) -> str:
        value = self.value(column)
        return "" if value is None else str(value)

    def lines(self, column: str) -> list[str]:
        return [line.strip() for line in self.text(column).splitlines() if line.strip()]

    def required_text(self, column: str, missing: str) -> str:
        text = self.text(column)
        if not text and not self.has_error(column):
            self.error(column, missing)
        return text

    def choice(self, column: str, choices, missing: str):
        """A Finnish choice label (`toteutunut`) as its stored value, whatever the language of
        the page the file is uploaded on (`file_labels`)."""
        text = self.text(column)
        by_label = {label: value for value, label in file_labels(choices).items()}
        if not text:
            if not self.has_error(column):
                self.error(column, missing)
            return None
        if text not in by_label:
            allowed = ", ".join(by_label)
            self.error(
                column,
                _("Tuntematon arvo ”%(text)s”; sallitut: %(allowed)s.")
                % {"text": text, "allowed": allowed},
            )
            return None
        return by_label[text]

    def model_errors(self, error: ValidationError, columns: dict[str, str]) -> None:
        """full_clean()'s errors, each beside the column of its field."""
        for field_name, messages in error.message_dict.items():
            column = "" if field_name == NON_FIELD_ERRORS else columns.get(field_name, "")
            for message in messages:
                self.error(column, message)

    def errors_in_column_order(self, columns: list[str]) -> list[CellError]:
        """The row's errors left to right; errors about the whole row first."""
        position = {column: index for index, column in enumerate(["", *columns])}
        return sorted(self.errors, key=lambda error: position.get(error.column, 0))

    def columns_with_errors(self, columns: dict[str, str]) -> list[str]:
        """The model fields whose columns already have an error, to leave out of full_clean()."""
        return [name for name, column in columns.items() if self.has_error(column)]


def find_duplicate(seen: dict, key, number: int) -> int | None:
    """The row that already had `key`, or None (and remember this row)."""
    if key in seen:
        return seen[key]
    seen[key] = number
    return None
