"""Problems found in a program file, each with its JSON path."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mentordesk.errors import MentorDeskError
from mentordesk.program_file.limits import _MAX_PROBLEMS_KEPT, MAX_PROBLEMS_SHOWN

# --- problems -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a program file: where (a JSON path) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or 'the file'}: {self.message}"


class ProgramFileError(MentorDeskError):
    """A program file that cannot be imported. ``problems`` are the first ones found (each
    field's own problems first, then how the records fit together), ``count`` how many
    there are in all."""

    def __init__(self, problems: Sequence[Problem], count: int | None = None) -> None:
        self.problems = tuple(problems)
        self.count = len(self.problems) if count is None else count
        shown = "; ".join(str(problem) for problem in self.problems[:MAX_PROBLEMS_SHOWN])
        if self.count == 1:
            message = f"The program file cannot be imported: {shown}"
        else:
            message = f"The program file cannot be imported ({self.count:,} problems): {shown}"
            if self.count > MAX_PROBLEMS_SHOWN:
                message += f"; and {self.count - MAX_PROBLEMS_SHOWN:,} more"
        super().__init__(message)


class _Problems:
    """Collects problems in the order they are found; keeps the first thousand."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.count = 0

    def add(self, path: str, message: str) -> None:
        self.count += 1
        if len(self.items) < _MAX_PROBLEMS_KEPT:
            self.items.append(Problem(path, message))

    def raise_if_any(self) -> None:
        if self.count:
            raise ProgramFileError(self.items, self.count)


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def _show(text: str, limit: int = 40) -> str:
    """A piece of the file's text, quoted, shortened and made printable for a message."""
    shown = text if len(text) <= limit else text[:limit] + "…"
    quoted = json.dumps(shown, ensure_ascii=False)
    # An unpaired surrogate would break printing the message; spell it as an escape.
    return quoted.encode("utf-8", "backslashreplace").decode("utf-8")


def _at(path: str, name: object) -> str:
    """The path of field ``name`` inside the object at ``path``."""
    if isinstance(name, str) and _IDENTIFIER.fullmatch(name):
        return f"{path}.{name}" if path else name
    # A key that is not text cannot come from JSON; never print it whole.
    label = _show(name) if isinstance(name, str) else f"<{type(name).__name__}>"
    return f"{path}[{label}]"


def _describe(value: object) -> str:
    """What a JSON value is, in words, for "expected …, got …"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict | Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def _number_text(value: int | float) -> str:
    # str() of an integer with thousands of digits raises; such a number is just "huge".
    if isinstance(value, int) and abs(value) > 10**15:
        return "a huge number"
    return repr(value)
