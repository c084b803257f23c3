"""What an import did, or would do, with each row of the file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property


class RowAction(StrEnum):
    """What happens to one row."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class HeldChange:
    """A change a row would make that is applied only when the coordinator confirms
    it: a new employee id, or a value that looks like a spreadsheet's conversion of
    the stored one (``0042`` → ``42``; see :mod:`mentordesk.importing.mangling`)."""

    column: str
    stored: str
    found: str
    why: str

    def describe(self) -> str:
        """"employee id '0042' → '42': a spreadsheet read it as a number ..."."""
        return f"{self.column} '{self.stored}' → '{self.found}': {self.why}"


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """One row of the file: where it is, who or what it is, and what happens to it.

    ``reason`` says in plain words why a row is refused; ``changed`` names the
    fields an update changes; ``held`` lists the changes that wait for confirmation.
    """

    line: int
    action: RowAction
    label: str
    reason: str = ""
    changed: tuple[str, ...] = ()
    held: tuple[HeldChange, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    """The outcome of importing (or, on a dry run, of checking) one roster file.

    ``written`` is True when the rows were saved: not on a dry run, and not
    when a row was refused without ``skip_invalid`` (then nothing is saved).
    """

    what: str
    file_name: str
    description: str
    line_word: str
    rows: tuple[RowOutcome, ...]
    ignored_columns: tuple[str, ...]
    dry_run: bool
    skip_invalid: bool
    written: bool
    #: What was read but may not be what the file means: a heading that looks like a
    #: known one, formula cells without a saved result. Shown with the report.
    warnings: tuple[str, ...] = ()
    #: Whether the coordinator confirmed the held changes (changed employee ids,
    #: values a spreadsheet seems to have converted); without it they hold the import.
    changes_confirmed: bool = False

    def count(self, action: RowAction) -> int:
        """How many rows get ``action``."""
        return self._counts[action]

    @cached_property
    def _counts(self) -> Counter[RowAction]:
        return Counter(row.action for row in self.rows)

    @property
    def created(self) -> int:
        return self.count(RowAction.CREATED)

    @property
    def updated(self) -> int:
        return self.count(RowAction.UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(RowAction.UNCHANGED)

    @property
    def refused(self) -> int:
        return self.count(RowAction.REFUSED)

    @property
    def refused_rows(self) -> tuple[RowOutcome, ...]:
        return tuple(row for row in self.rows if row.action is RowAction.REFUSED)

    @property
    def held_rows(self) -> tuple[RowOutcome, ...]:
        """The rows (not refused) with changes that wait for confirmation."""
        return tuple(
            row for row in self.rows if row.held and row.action is not RowAction.REFUSED
        )

    @property
    def held(self) -> bool:
        """Whether held changes keep the import from being saved (not confirmed)."""
        return bool(self.held_rows) and not self.changes_confirmed

    def held_lines(self) -> str:
        """The held rows' places: "lines 3, 7 and 12"."""
        lines = [f"{row.line:,}" for row in self.held_rows]
        word = f"{self.line_word}s" if len(lines) > 1 else self.line_word
        shown = lines[:10]
        more = f" and {len(lines) - 10:,} more" if len(lines) > 10 else ""
        if len(shown) > 1 and not more:
            return f"{word} {', '.join(shown[:-1])} and {shown[-1]}"
        return f"{word} {', '.join(shown)}{more}"

    def describe(self, row: RowOutcome) -> str:
        """One row in words: "line 14: manager 'e9931' is not in the file or the database"."""
        place = f"{self.line_word} {row.line}"
        if row.action is RowAction.REFUSED:
            return f"{place}: {row.reason}"
        verb = {
            RowAction.CREATED: "new" if not self.written else "created",
            RowAction.UPDATED: "update" if not self.written else "updated",
            RowAction.UNCHANGED: "unchanged",
        }[row.action]
        changed = f" ({', '.join(row.changed)})" if row.changed else ""
        held = "".join(f"; check {change.describe()}" for change in row.held)
        return f"{place}: {verb}: {row.label}{changed}{held}"

    def summary(self) -> str:
        """The counts in one sentence, saying whether anything was saved."""
        counts = (
            f"{self.created:,} new, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged, {self.refused:,} refused"
        )
        source = f"{self.what} from {self.file_name} ({self.description})"
        if self.dry_run:
            held = ""
            if self.held_rows:
                held = (
                    f" {self._held_sentence()}; they are applied only when the changes "
                    "are confirmed."
                )
            return f"Checked {source}: {counts}.{held} Nothing was saved (dry run)."
        if not self.written and self.held and not (self.refused and not self.skip_invalid):
            return (
                f"Nothing was imported from {self.file_name} ({counts}): "
                f"{self._held_sentence()}. Check those rows; if the file is right, "
                "confirm the changes."
            )
        if not self.written:
            held = f" Also, {self._held_sentence()}." if self.held else ""
            return (
                f"Nothing was imported: {self.refused:,} of {len(self.rows):,} rows of "
                f"{self.file_name} were refused ({counts}). Correct them, or import the "
                f"valid rows alone (skip invalid rows).{held}"
            )
        return f"Imported {source}: {counts}."

    def _held_sentence(self) -> str:
        count = len(self.held_rows)
        rows = f"{count:,} {self.line_word}{'s' if count > 1 else ''}"
        return (
            f"{rows} would change an employee id or a value a spreadsheet seems to have "
            f"converted ({self.held_lines()})"
        )

    def refusal_lines(self) -> list[str]:
        """Each refused row in words, in file order."""
        return [self.describe(row) for row in self.refused_rows]
