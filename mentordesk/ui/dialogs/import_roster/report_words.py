"""The preview's heading and explanation: what a check or an import found, and what
the coordinator can do next, in words."""

from __future__ import annotations

from mentordesk.importing import ImportReport


def counts(report: ImportReport) -> str:
    """"2 new, 1 to update, 1 refused": the counts that are not zero."""
    parts = [
        (report.created, "new"),
        (report.updated, "to update" if not report.written else "updated"),
        (report.unchanged, "unchanged"),
        (report.refused, "refused"),
    ]
    if report.dry_run and report.held_rows:
        parts.append((len(report.held_rows), "to check"))
    return ", ".join(f"{count:,} {word}" for count, word in parts if count) or "no rows"


def heading(report: ImportReport) -> str:
    rows = len(report.rows)
    noun = f"{rows:,} row{'s' if rows != 1 else ''}"
    source = f"{report.file_name} ({report.description})"
    if report.written:
        saved = report.created + report.updated
        return f"Imported {report.what} from {source}: {saved:,} saved, {counts(report)}."
    if not report.dry_run:
        return f"Nothing was imported from {source}."
    return f"Checked {noun} of {source}: {counts(report)}."


def explanation(report: ImportReport) -> str:
    valid = report.created + report.updated
    refused = report.refused
    rows = f"{refused:,} row{'s are' if refused != 1 else ' is'}"
    if report.written:
        if refused:
            return (
                f"{rows.replace(' are', ' were').replace(' is', ' was')} left out, marked "
                "Not imported with the reason. Correct them in the file and import it "
                "again: rows already imported are found and updated, not added twice."
            )
        return "Every row was saved."
    if not report.dry_run:
        return (
            report.summary() + " The database was not changed. Go back and check the "
            "file again."
        )
    held = (
        " Rows marked Check change an employee id or a converted value: they are "
        "imported only once you confirm the changes below the table."
        if report.held_rows
        else ""
    )
    if refused and valid:
        return (
            f"{rows} refused, marked Refused with the reason. Nothing has been saved. "
            "Correct the file and check it again, or import the valid rows alone: the "
            f"other {valid:,} are then saved together and the refused ones left out.{held}"
        )
    if refused:
        return f"{rows} refused, and no row can be imported. Correct the file and check it again."
    if not valid:
        return "Every row already matches the database: there is nothing to import."
    return (
        "Nothing has been saved yet. Import saves every row together: the database gets "
        f"all of them or, if anything goes wrong, none.{held}"
    )
