"""Reading returned survey forms (pypdf) and gathering them from files and folders.

Each file becomes a :class:`~mentordesk.services.surveys.ReturnedForm`: the token
of its hidden field and of its metadata, and the answers it holds, or a problem
in a sentence (not a PDF, damaged, encrypted, no form fields, too large). Nothing
here touches the database; :func:`mentordesk.services.surveys.check_returns`
identifies and checks what was read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from mentordesk.domain.questionnaire import ITEM_CODES, RATING_MAX, RATING_MIN
from mentordesk.domain.surveys import RECOMMEND_MAX, RECOMMEND_MIN, FormAnswers
from mentordesk.domain.vocabularies import GoalOutcome
from mentordesk.services.surveys import ReturnedForm
from mentordesk.surveys import fields as F

MAX_FILE_BYTES = 10 * 1024 * 1024
"""A returned form is about 30 KB; anything over 10 MB is not one."""

MAX_FILES = 1000
"""Files collected at once; a larger folder is refused whole (split it)."""

MAX_TEXT = 10_000

_GOAL = re.compile(r"^goal_(\d{1,9})$")
_DAY_FORMATS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})$"),
)


class CollectProblem(Exception):
    """The whole collection is refused (too many files, nothing found)."""


@dataclass(frozen=True)
class Gathered:
    files: list[Path]
    skipped: int
    """Files in the folders that are not PDFs (by name), left alone."""


def gather(paths: Iterable[Path]) -> Gathered:
    """The PDF files named or inside the folders named (not their sub-folders' hidden
    files), sorted; CollectProblem when there are more than ``MAX_FILES``."""
    files: list[Path] = []
    skipped = 0
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if len(files) > MAX_FILES:
                    break
                if not child.is_file() or child.name.startswith("."):
                    continue
                if child.suffix.lower() == ".pdf":
                    files.append(child)
                else:
                    skipped += 1
        elif path.exists():
            files.append(path)
        else:
            raise CollectProblem(f"{path}: there is no such file or folder.")
        if len(files) > MAX_FILES:
            raise CollectProblem(
                f"{path}: more than {MAX_FILES:,} files to collect at once. Nothing was "
                "read: put the returned forms in folders of at most "
                f"{MAX_FILES:,} and collect them one folder at a time."
            )
    return Gathered(files, skipped)


def _value(field: Mapping[str, Any]) -> str | None:
    value = field.get("/V")
    if value is None:
        return None
    text = str(value)
    if text.startswith("/"):
        text = text[1:]
    text = text.strip()
    return text or None


def _rating(value: str | None, low: int, high: int) -> int | None:
    if value is None or value.lower() == "off":
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if low <= number <= high else None


def parse_day(text: str | None) -> date | None:
    """An ISO date (2027-03-14) or a day-first short date (14.03.2027, 14/03/2027)."""
    if not text:
        return None
    value = text.strip()
    for pattern in _DAY_FORMATS:
        match = pattern.match(value)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


class _Unreadable(Exception):
    pass


def answers_from_fields(values: Mapping[str, str | None]) -> tuple[FormAnswers, str | None]:
    """The answers in a form's field values (name → value); a problem for a date that
    cannot be read."""
    ratings = {}
    for code in ITEM_CODES:
        rating = _rating(values.get(code), RATING_MIN, RATING_MAX)
        if rating is not None:
            ratings[code] = rating
    goals = {}
    for name, value in values.items():
        match = _GOAL.match(name)
        if match and value in F.GOAL_VALUES:
            goals[int(match[1])] = GoalOutcome(value)
    day_text = values.get(F.ANSWERED_ON)
    day = parse_day(day_text)
    problem = None
    if day_text and day is None:
        problem = (
            f"its 'answered on' date '{day_text[:40]}' is not a date: write it as 2027-03-14"
        )
    answers = FormAnswers(
        ratings=ratings,
        comment=(values.get(F.COMMENT) or "")[:MAX_TEXT],
        answered_on=day,
        goals=goals,
        recommend=_rating(values.get(F.RECOMMEND), RECOMMEND_MIN, RECOMMEND_MAX),
        keep=(values.get(F.KEEP) or "")[:MAX_TEXT],
        change=(values.get(F.CHANGE) or "")[:MAX_TEXT],
    )
    return answers, problem


def read_form(path: Path) -> ReturnedForm:
    """What one returned file says, or why it cannot be read (never raises for a bad file)."""
    source = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ReturnedForm(source, None, None, FormAnswers(), problem=(
                f"it is {size / 1024 / 1024:,.0f} MB; a survey form is well under 1 MB, "
                "so this is not one"
            ))
        with path.open("rb") as stream:
            head = stream.read(1024)
        if b"%PDF-" not in head:
            return ReturnedForm(source, None, None, FormAnswers(), problem="it is not a PDF file")
        return _read_pdf(path, source)
    except OSError as error:
        reason = error.strerror or str(error)
        problem = f"it cannot be read: {reason}"
        return ReturnedForm(source, None, None, FormAnswers(), problem=problem)


def _read_pdf(path: Path, source: str) -> ReturnedForm:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    def refused(problem: str) -> ReturnedForm:
        return ReturnedForm(source, None, None, FormAnswers(), problem=problem)

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            return refused(
                "it is protected with a password; ask for it to be saved again without one"
            )
        fields = reader.get_fields() or {}
        keywords = ""
        info = reader.metadata
        if info is not None:
            keywords = str(info.get("/Keywords") or "")
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, OSError, AssertionError, ZeroDivisionError):
        return refused("it is damaged: the PDF cannot be read")
    if not fields:
        return refused(
            "it has no form fields: not a MentorDesk survey form, or one printed to PDF "
            "(type such answers in with the paper code)"
        )
    values = {name: _value(field) for name, field in fields.items()}
    metadata_token = None
    if F.KEYWORD_PREFIX in keywords:
        metadata_token = keywords.split(F.KEYWORD_PREFIX, 1)[1].split()[0]
    token = values.get(F.TOKEN_FIELD)
    answers, problem = answers_from_fields(values)
    return ReturnedForm(source, token, metadata_token, answers, problem=problem)
