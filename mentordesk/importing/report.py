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
class RowOutcome:
    """One row of the file: where it is, who or what it is, and what happens to it.

    ``reason`` says in plain words why a row is refused; ``changed`` names the
    fields an update changes.
    """

    line: int
    action: RowAction
    label: str
    reason: str = ""
    changed: tuple[str, ...] = ()


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
        return f"{place}: {verb}: {row.label}{changed}"

    def summary(self) -> str:
        """The counts in one sentence, saying whether anything was saved."""
        counts = (
            f"{self.created:,} new, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged, {self.refused:,} refused"
        )
        source = f"{self.what} from {self.file_name} ({self.description})"
        if self.dry_run:
            return f"Checked {source}: {counts}. Nothing was saved (dry run)."
        if not self.written:
            return (
                f"Nothing was imported: {self.refused:,} of {len(self.rows):,} rows of "
                f"{self.file_name} were refused ({counts}). Correct them, or import the "
                "valid rows alone (skip invalid rows)."
            )
        return f"Imported {source}: {counts}."

    def refusal_lines(self) -> list[str]:
        """Each refused row in words, in file order."""
        return [self.describe(row) for row in self.refused_rows]
