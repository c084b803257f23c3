"""Program files: one whole program as one JSON document (``.mentordesk.json``).

The format is PROGRAM_FILE.md's. :func:`export_program` writes a program with
everything that belongs to it; :func:`import_program` reads one back into the
database, all or nothing. :func:`dump_program` and :func:`load_program` turn a
document into text and back, :func:`read_program_file` reads a file safely.

Import
    The whole document is checked before anything is written, against one
    table of field specifications per kind of object (``_PROGRAM``,
    ``_PERSON``, ``_PAIR`` …): required and optional fields, no unknown field,
    JSON types (``true`` is not a number), codes from
    :mod:`mentordesk.domain.vocabularies`, dates exactly ``YYYY-MM-DD``,
    lengths, ranges. Then the records are checked against each other: keys
    unique, references resolve, no cycle among managers, answers scorable,
    conflict steps legal and in date order, nobody their own mentor, at most one
    active pair per mentee, and against the database: the program's name is
    free and no two people of the file are the same person there. Every
    problem is reported with its JSON path
    (``pairs[3].assessments[0].answers.loyalty_4: unknown item``), the first
    :data:`MAX_PROBLEMS_SHOWN` of them in the message of a
    :class:`ProgramFileError`.

    People already in the database are matched by email, then by employee id
    (both ignoring case), and reused as they are: a program file never
    overwrites someone's HR details. Everyone else is created. The records are
    written with bulk inserts in the caller's transaction (the caller commits),
    with the per-record audit log turned off and one audit entry summarising
    the import instead.

Export
    Every person in the database (sorted by id; keys ``p1``, ``p2`` … in that
    order), the program's pairs sorted by id (keys ``x1`` …), the lists inside a
    pair in date-then-id order (goals in their order), program-wide conflicts
    in ``program_conflicts``, workshops by date. Every field is written,
    optional ones too (with their value or ``null``), so export → import into
    an empty database → export gives the identical document, and the same text
    through :func:`dump_program`.

Our extension to PROGRAM_FILE.md
    ``program.plan`` (optional): the program's plan to sustain trust, an
    object from :class:`~mentordesk.domain.vocabularies.ProactiveStep` codes
    (``communication``, ``conflict_resolution``, ``change_management``,
    ``support``, ``respect``) to free text; one ``PlanEntry`` row per heading.
    Headings without text are simply left out.

Limits (a hostile file is refused, never half-read)
    A file over :data:`MAX_FILE_BYTES` is refused before it is parsed; invalid
    JSON is reported with its line and column; nesting deeper than Python can
    parse, ``NaN``/``Infinity`` and numbers of thousands of digits are
    refused. Names are at most :data:`MAX_NAME_CHARS` characters, free text at
    most :data:`MAX_TEXT_CHARS`, lists at most the ``MAX_*`` counts below.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Date, Table, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import bindparam

from mentordesk.domain.conflicts import TransitionError, status_after, validate_steps
from mentordesk.domain.management import find_manager_cycle
from mentordesk.domain.questionnaire import ITEM_CODES, ITEMS_BY_CODE, RATING_MAX, RATING_MIN
from mentordesk.domain.scoring import AnswerError, TrustThresholds, score_answers, validate_answers
from mentordesk.domain.vocabularies import (
    ActivityKind,
    ActivityOutcome,
    ConflictKind,
    ConflictStatus,
    EthicsGuideline,
    EthicsState,
    GoalStatus,
    Lesson,
    MentorshipModel,
    PairStatus,
    ProactiveStep,
    Respondent,
    Severity,
    Vocabulary,
)
from mentordesk.errors import MentorDeskError, NotFound
from mentordesk.store import audit
from mentordesk.store.models import (
    Activity,
    Answer,
    Assessment,
    Attendance,
    Conflict,
    ConflictStep,
    EthicsReview,
    Goal,
    Pair,
    PairReview,
    Person,
    PlanEntry,
    Program,
    Reflection,
    Workshop,
)

FORMAT = "mentordesk-program"
"""The value of a program file's ``format`` field."""

FORMAT_VERSION = 1
"""The version of the format this MentorDesk writes and reads."""

FILE_SUFFIX = ".mentordesk.json"
"""The usual ending of a program file's name."""

MAX_FILE_BYTES = 200 * 1024 * 1024
"""A program file larger than this is refused before it is read. (A program of 10,000
pairs with a year of history exports to about 85 MB; real programs are far smaller.)"""

MAX_NAME_CHARS = 200
MAX_TITLE_CHARS = 300
MAX_TEXT_CHARS = 20_000
MAX_KEY_CHARS = 64
MAX_EMAIL_CHARS = 320
MAX_EMPLOYEE_ID_CHARS = 64
MAX_TAG_CHARS = 100
MAX_TAGS = 50
MAX_PEOPLE = 200_000
MAX_PAIRS = 100_000
MAX_PER_PAIR = 10_000
"""At most this many goals, activities, assessments, … in one pair."""
MAX_STEPS = 500
MAX_CONFLICTS = 100_000
MAX_WORKSHOPS = 10_000
MAX_ATTENDEES = 200_000
MAX_CADENCE_DAYS = 365
MAX_MINUTES = 1440
MAX_CAPACITY = 50
DEFAULT_CADENCE_DAYS = 14

MAX_PROBLEMS_SHOWN = 20
"""How many problems the error message lists; the rest are counted."""

_MAX_PROBLEMS_KEPT = 1000


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


# --- the checks of single values ---------------------------------------------------------------

_INVALID: Any = object()
"""What a check gives for a value it refused (the problem is already recorded)."""

_MISSING: Any = object()


class _Refused(Exception):
    """A single value refused; the object or list holding it adds the path."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


Leaf = Callable[[Any], Any]
"""The check of one value: gives the accepted value (converted) or raises _Refused."""


class _Nested:
    """The check of a value with parts (an object, a list): it reports each part's
    problems itself, with their paths, and gives :data:`_INVALID` for a refused whole."""

    def __call__(self, value: Any, path: str, problems: _Problems) -> Any:
        raise NotImplementedError


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _text(max_chars: int = MAX_TEXT_CHARS, *, one_line: bool = False, blank: bool = True) -> Leaf:
    """Text of at most ``max_chars`` characters; ``one_line`` refuses control characters,
    ``blank=False`` refuses empty or whitespace-only text. Length is checked first, so a
    huge string is refused without being scanned."""

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            raise _Refused(f"expected text, got {_describe(value)}")
        if len(value) > max_chars:
            raise _Refused(f"text of {len(value):,} characters; at most {max_chars:,} are allowed")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise _Refused("contains an invalid character (an unpaired surrogate)") from None
        if one_line:
            if _CONTROL.search(value):
                raise _Refused("must be one line of text, without control characters")
        elif "\x00" in value:
            raise _Refused("contains a NUL character")
        if not blank and not value.strip():
            raise _Refused("must not be empty")
        return value

    return check


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_email_text = _text(MAX_EMAIL_CHARS, one_line=True, blank=False)


def _email(value: Any) -> Any:
    text = _email_text(value)
    if not _EMAIL.fullmatch(text):
        raise _Refused(f"{_show(text)} is not an email address")
    return text


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


_DAYS: dict[str, date] = {}
"""Dates already read: a program has a few hundred distinct days and a great many dates."""


def _day(value: Any) -> Any:
    """A date written exactly ``YYYY-MM-DD``; gives a :class:`datetime.date`."""
    if type(value) is str and (known := _DAYS.get(value)) is not None:
        return known
    if not isinstance(value, str):
        raise _Refused(f"expected a date as text (YYYY-MM-DD), got {_describe(value)}")
    if len(value) != 10 or not _DATE.fullmatch(value):
        raise _Refused(f"{_show(value)} is not a date written YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _Refused(f"{_show(value)} is not a real date") from None
    if len(_DAYS) < 100_000:
        _DAYS[value] = day
    return day


def _whole(low: int, high: int) -> Leaf:
    def check(value: Any) -> Any:
        # true and false are whole numbers to Python, not to JSON.
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Refused(f"expected a whole number from {low} to {high}, got {_describe(value)}")
        value = int(value)
        if not low <= value <= high:
            raise _Refused(f"must be from {low} to {high}, not {_number_text(value)}")
        return value

    return check


def _number(low: float, high: float) -> Leaf:
    def check(value: Any) -> Any:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise _Refused(f"expected a number from {low} to {high}, got {_describe(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise _Refused(f"must be a number from {low} to {high}, not {value!r}")
        if not low <= value <= high:
            raise _Refused(f"must be from {low} to {high}, not {_number_text(value)}")
        return float(value)

    return check


def _flag(value: Any) -> Any:
    if value is not True and value is not False:
        raise _Refused(f"expected true or false, got {_describe(value)}")
    return value


def _code(vocabulary: type[Vocabulary]) -> Leaf:
    codes = frozenset(vocabulary.codes())
    allowed = ", ".join(vocabulary.codes())

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            raise _Refused(f"expected one of {allowed}; got {_describe(value)}")
        if value not in codes:
            raise _Refused(f"{_show(value)} is not one of: {allowed}")
        return value

    return check


def _equals(expected: object, message: str) -> Leaf:
    def check(value: Any) -> Any:
        if type(value) is not type(expected) or value != expected:
            raise _Refused(message)
        return value

    return check


class _List(_Nested):
    """A list of at most ``max_items`` entries, each passing ``item``."""

    def __init__(self, item: Leaf | _Nested, max_items: int) -> None:
        self.item = item
        self.max_items = max_items

    def __call__(self, value: Any, path: str, problems: _Problems) -> Any:
        if not isinstance(value, list):
            problems.add(path, f"expected a list, got {_describe(value)}")
            return _INVALID
        if len(value) > self.max_items:
            problems.add(path, f"{len(value):,} entries; at most {self.max_items:,} are allowed")
            return _INVALID
        item = self.item
        if isinstance(item, _Nested):
            return [item(entry, f"{path}[{index}]", problems) for index, entry in enumerate(value)]
        result = []
        for index, entry in enumerate(value):
            try:
                result.append(item(entry))
            except _Refused as refusal:
                problems.add(f"{path}[{index}]", refusal.message)
                result.append(_INVALID)
        return result


@dataclass(frozen=True)
class _Field:
    """One field of an object in the file: its name, its check, and whether it may be left
    out (``required=False``: absent or null means ``default``) or be null (``nullable``)."""

    name: str
    check: Leaf | _Nested
    required: bool = True
    nullable: bool = False
    default: Any = None


def _is_object(value: Any) -> bool:
    return type(value) is dict or isinstance(value, Mapping)


class _Object(_Nested):
    """An object with exactly these fields; gives a dict of their checked values, with the
    defaults of absent optional fields filled in. A refused field holds :data:`_INVALID`."""

    def __init__(self, fields: Sequence[_Field], unknown: str = "unknown field") -> None:
        self.fields = tuple(fields)
        self.names = frozenset(spec.name for spec in fields)
        self.unknown = unknown
        # The loop over a field table runs for every record of the file: unpack it once.
        self._plan = tuple(
            (
                spec.name,
                spec.check,
                isinstance(spec.check, _Nested),
                spec.required,
                spec.nullable,
                spec.default,
            )
            for spec in self.fields
        )

    def __call__(self, value: Any, path: str, problems: _Problems) -> Any:
        if not _is_object(value):
            problems.add(path, f"expected an object, got {_describe(value)}")
            return _INVALID
        for name in getattr(value, "repeated", ()):
            problems.add(_at(path, name), "appears more than once in the object")
        if not self.names.issuperset(value):
            for name in value:
                if name not in self.names:
                    problems.add(_at(path, name), self.unknown)
        result: dict[str, Any] = {}
        for name, check, nested, required, nullable, default in self._plan:
            raw = value.get(name, _MISSING)
            if raw is _MISSING:
                if required:
                    problems.add(_at(path, name), "is missing")
                    result[name] = _INVALID
                else:
                    result[name] = _fresh(default)
            elif raw is None and (nullable or not required):
                result[name] = None if required else _fresh(default)
            elif nested:
                result[name] = check(raw, _at(path, name), problems)
            else:
                try:
                    result[name] = check(raw)
                except _Refused as refusal:
                    problems.add(_at(path, name), refusal.message)
                    result[name] = _INVALID
        return result


def _fresh(default: Any) -> Any:
    # Defaults are shared by every record: hand out copies of the mutable ones.
    if isinstance(default, dict | list):
        return type(default)(default)
    return default


_ITEM_ORDER = {code: position for position, code in enumerate(ITEM_CODES)}


class _Answers(_Nested):
    """A questionnaire's answers: item code → whole number 1–5, scorable (no dimension may
    lose more than one of its items). Given back in the questionnaire's order."""

    def __call__(self, value: Any, path: str, problems: _Problems) -> Any:
        if not _is_object(value):
            problems.add(
                path, f"expected an object of item codes and ratings, got {_describe(value)}"
            )
            return _INVALID
        for name in getattr(value, "repeated", ()):
            problems.add(_at(path, name), "appears more than once in the object")
        good = True
        for code, rating in value.items():
            if code not in ITEMS_BY_CODE:
                problems.add(_at(path, code), "unknown item")
                good = False
            elif type(rating) is not int or not RATING_MIN <= rating <= RATING_MAX:
                if isinstance(rating, int) and not isinstance(rating, bool):
                    message = f"must be from {RATING_MIN} to {RATING_MAX}, not "
                    message += _number_text(rating)
                else:
                    message = f"expected a whole number from {RATING_MIN} to {RATING_MAX}, "
                    message += f"got {_describe(rating)}"
                problems.add(_at(path, code), message)
                good = False
        if not good:
            return _INVALID
        try:
            validate_answers(value)
        except AnswerError as error:
            problems.add(path, error.message)
            return _INVALID
        return dict(sorted(value.items(), key=lambda pair: _ITEM_ORDER[pair[0]]))


_answers = _Answers()


# --- the field tables -----------------------------------------------------------------------

_NAME = _text(MAX_NAME_CHARS, one_line=True, blank=False)
_SHORT = _text(MAX_NAME_CHARS, one_line=True)
_FREE = _text(MAX_TEXT_CHARS)
_KEY = _text(MAX_KEY_CHARS, one_line=True, blank=False)

_THRESHOLDS = (
    _Field("high", _number(1, 5), required=False, default=4.0),
    _Field("medium", _number(1, 5), required=False, default=3.0),
)

_PLAN = tuple(_Field(step.value, _FREE, required=False) for step in ProactiveStep)

_PROGRAM = (
    _Field("name", _NAME),
    _Field("description", _FREE, required=False, default=""),
    _Field("start", _day),
    _Field("end", _day, required=False),
    _Field("default_model", _code(MentorshipModel)),
    _Field(
        "cadence_days", _whole(1, MAX_CADENCE_DAYS), required=False, default=DEFAULT_CADENCE_DAYS
    ),
    _Field(
        "thresholds", _Object(_THRESHOLDS), required=False, default={"high": 4.0, "medium": 3.0}
    ),
    _Field("plan", _Object(_PLAN, unknown="unknown heading"), required=False, default={}),
)

_PERSON = (
    _Field("key", _KEY),
    _Field("name", _NAME),
    _Field("email", _email, required=False),
    _Field("employee_id", _text(MAX_EMPLOYEE_ID_CHARS, one_line=True, blank=False), required=False),
    _Field("department", _SHORT, required=False),
    _Field("title", _SHORT, required=False),
    _Field("manager", _KEY, required=False),
    _Field("location", _SHORT, required=False),
    _Field(
        "skills",
        _List(_text(MAX_TAG_CHARS, one_line=True, blank=False), MAX_TAGS),
        required=False,
        default=[],
    ),
    _Field("can_mentor", _flag, required=False, default=False),
    _Field("capacity", _whole(0, MAX_CAPACITY), required=False),
    _Field("active", _flag, required=False, default=True),
)

_GOAL = (
    _Field("text", _FREE),
    _Field("target", _day, nullable=True),
    _Field("status", _code(GoalStatus)),
)

_ACTIVITY = (
    _Field("date", _day),
    _Field("kind", _code(ActivityKind)),
    _Field("outcome", _code(ActivityOutcome)),
    _Field("minutes", _whole(1, MAX_MINUTES), required=False),
    _Field("notes", _FREE),
    _Field("confidential", _flag),
)

_ASSESSMENT = (
    _Field("date", _day),
    _Field("respondent", _code(Respondent)),
    _Field("answers", _answers),
    _Field("comment", _FREE),
)

_STEP = (
    _Field("date", _day),
    _Field("status", _code(ConflictStatus)),
    _Field("note", _FREE),
)

_CONFLICT = (
    _Field("opened", _day),
    _Field("kind", _code(ConflictKind)),
    _Field("severity", _code(Severity)),
    _Field("description", _FREE),
    _Field("confidential", _flag),
    _Field("steps", _List(_Object(_STEP), MAX_STEPS)),
    _Field("root_cause", _FREE),
    _Field("outcome", _FREE),
)

_ETHICS = (
    _Field("guideline", _code(EthicsGuideline)),
    _Field("state", _code(EthicsState)),
    _Field("date", _day),
    _Field("reviewer", _SHORT),
    _Field("note", _FREE),
)

_LESSONS = tuple(_Field(lesson.value, _FREE) for lesson in Lesson)

_REVIEW = (
    _Field("date", _day),
    _Field("lessons", _Object(_LESSONS, unknown="unknown lesson")),
    _Field("summary", _FREE),
)

_PAIR = (
    _Field("key", _KEY),
    _Field("mentor", _KEY),
    _Field("mentee", _KEY),
    _Field("model", _code(MentorshipModel)),
    _Field("status", _code(PairStatus)),
    _Field("start", _day),
    _Field("planned_end", _day, required=False),
    _Field("agreement_signed", _day, required=False),
    _Field("expectations", _FREE, required=False, default=""),
    _Field("cadence_days", _whole(1, MAX_CADENCE_DAYS), required=False),
    _Field("end_reason", _FREE, required=False),
    _Field("goals", _List(_Object(_GOAL), MAX_PER_PAIR)),
    _Field("activities", _List(_Object(_ACTIVITY), MAX_PER_PAIR)),
    _Field("assessments", _List(_Object(_ASSESSMENT), MAX_PER_PAIR)),
    _Field("conflicts", _List(_Object(_CONFLICT), MAX_PER_PAIR)),
    _Field("ethics", _List(_Object(_ETHICS), MAX_PER_PAIR)),
    _Field("reviews", _List(_Object(_REVIEW), MAX_PER_PAIR)),
)

_WORKSHOP = (
    _Field("date", _day),
    _Field("title", _text(MAX_TITLE_CHARS, one_line=True, blank=False)),
    _Field("kind", _code(ActivityKind)),
    _Field("attendees", _List(_KEY, MAX_ATTENDEES)),
)

_DOCUMENT = (
    _Field("format", _equals(FORMAT, f'must be "{FORMAT}"')),
    _Field("version", _equals(FORMAT_VERSION, f"must be the number {FORMAT_VERSION}")),
    _Field("program", _Object(_PROGRAM)),
    _Field("people", _List(_Object(_PERSON), MAX_PEOPLE)),
    _Field("pairs", _List(_Object(_PAIR), MAX_PAIRS)),
    _Field(
        "program_conflicts", _List(_Object(_CONFLICT), MAX_CONFLICTS), required=False, default=[]
    ),
    _Field("workshops", _List(_Object(_WORKSHOP), MAX_WORKSHOPS)),
)

_check_document = _Object(_DOCUMENT)


# --- checking the records against each other and the database ----------------------------------


def _valid(record: Any, *names: str) -> bool:
    """Whether ``record`` is a checked object whose named fields were all accepted."""
    return record is not _INVALID and all(record[name] is not _INVALID for name in names)


def _records(values: Any) -> list[tuple[int, dict[str, Any]]]:
    """The accepted objects of a checked list, with their index in the file."""
    if values is _INVALID:
        return []
    return [(index, record) for index, record in enumerate(values) if record is not _INVALID]


@dataclass
class _Checked:
    """A document that passed every check, ready to write."""

    program: dict[str, Any]
    people: list[dict[str, Any]]
    pairs: list[dict[str, Any]]
    program_conflicts: list[dict[str, Any]]
    workshops: list[dict[str, Any]]
    person_index: dict[str, int]
    existing: dict[int, int] = field(default_factory=dict)
    """File index of a person → id of the same person already in the database."""


def _check_header(document: Any, problems: _Problems) -> bool:
    """Is this a program file of a version we read? Anything else is not worth detailing."""
    if not isinstance(document, Mapping):
        problems.add("", f"expected a program file (a JSON object), got {_describe(document)}")
        return False
    kind = document.get("format")
    if kind != FORMAT or not isinstance(kind, str):
        shown = _show(kind) if isinstance(kind, str) else _describe(kind)
        message = (
            "is missing: this is not a MentorDesk program file"
            if "format" not in document
            else f'{shown} is not "{FORMAT}": this is not a MentorDesk program file'
        )
        problems.add("format", message)
        return False
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        problems.add(
            "version",
            f"the file is of version {_number_text(version)}, made by a newer MentorDesk; "
            f"this one reads version {FORMAT_VERSION}",
        )
        return False
    return True


def _check_people(people: Any, problems: _Problems) -> dict[str, int]:
    """Unique keys, emails and employee ids; managers that exist and form no cycle.
    Returns key → index in the file."""
    index_of: dict[str, int] = {}
    emails: dict[str, int] = {}
    employee_ids: dict[str, int] = {}
    records = _records(people)
    for index, person in records:
        key = person["key"]
        if key is not _INVALID:
            if key in index_of:
                problems.add(
                    f"people[{index}].key",
                    f"{_show(key)} is already the key of people[{index_of[key]}]",
                )
            else:
                index_of[key] = index
        email = person["email"]
        if email not in (None, _INVALID):
            folded = email.lower()
            if folded in emails:
                problems.add(
                    f"people[{index}].email",
                    f"{_show(email)} is also the email of people[{emails[folded]}]",
                )
            else:
                emails[folded] = index
        employee_id = person["employee_id"]
        if employee_id not in (None, _INVALID):
            folded = employee_id.lower()
            if folded in employee_ids:
                problems.add(
                    f"people[{index}].employee_id",
                    f"{_show(employee_id)} is also the employee id of "
                    f"people[{employee_ids[folded]}]",
                )
            else:
                employee_ids[folded] = index
    managers: dict[str, str | None] = {}
    for index, person in records:
        manager, key = person["manager"], person["key"]
        if manager in (None, _INVALID) or key is _INVALID:
            continue
        if manager not in index_of:
            problems.add(f"people[{index}].manager", f"no person has the key {_show(manager)}")
        elif manager == key:
            problems.add(f"people[{index}].manager", "a person cannot be their own manager")
        elif index_of.get(key) == index:
            managers[key] = manager
    # Report every cycle once: take each found cycle out and look again.
    while (cycle := find_manager_cycle(managers)) is not None:
        loop = " → ".join(_show(key) for key in [*cycle, cycle[0]])
        problems.add(f"people[{index_of[cycle[0]]}].manager", f"the managers form a cycle: {loop}")
        for key in cycle:
            managers.pop(key, None)
    return index_of


def _check_conflict(conflict: dict[str, Any], path: str, problems: _Problems) -> None:
    if not _valid(conflict, "opened", "steps"):
        return
    steps = conflict["steps"]
    if any(not _valid(step, "date", "status") for step in steps):
        return
    try:
        validate_steps(
            [(step["date"], ConflictStatus(step["status"])) for step in steps],
            opened=conflict["opened"],
        )
    except TransitionError as error:
        problems.add(f"{path}.steps", error.message.rstrip("."))


def _check_pairs(pairs: Any, people: Any, index_of: Mapping[str, int], problems: _Problems) -> None:
    person_records = dict(_records(people))
    pair_keys: dict[str, int] = {}
    active_mentee: dict[str, int] = {}
    for index, pair in _records(pairs):
        path = f"pairs[{index}]"
        key = pair["key"]
        if key is not _INVALID:
            if key in pair_keys:
                problems.add(
                    f"{path}.key", f"{_show(key)} is already the key of pairs[{pair_keys[key]}]"
                )
            else:
                pair_keys[key] = index
        for role in ("mentor", "mentee"):
            person = pair[role]
            if person is not _INVALID and person not in index_of:
                problems.add(f"{path}.{role}", f"no person has the key {_show(person)}")
        mentor, mentee = pair["mentor"], pair["mentee"]
        if mentor is not _INVALID and mentor == mentee:
            problems.add(f"{path}.mentee", "a person cannot be their own mentor")
        if pair["status"] == PairStatus.ACTIVE and mentee in index_of:
            if mentee in active_mentee:
                earlier = active_mentee[mentee]
                name = person_records.get(index_of[mentee], {}).get("name", _INVALID)
                who = _show(mentee) if name is _INVALID else f"{_show(mentee)} ({_show(name)})"
                problems.add(
                    f"{path}.mentee",
                    f"{who} already has an active pair in this program (pairs[{earlier}]); "
                    "a mentee has at most one active pair",
                )
            else:
                active_mentee[mentee] = index
        start = pair["start"]
        for name in ("planned_end",):
            end = pair[name]
            if start is not _INVALID and end not in (None, _INVALID) and end < start:
                problems.add(
                    f"{path}.{name}", f"{end.isoformat()} is before the start ({start.isoformat()})"
                )
        for number, conflict in _records(pair["conflicts"]):
            _check_conflict(conflict, f"{path}.conflicts[{number}]", problems)


def _check_program(program: Any, problems: _Problems) -> None:
    if program is _INVALID:
        return
    start, end = program["start"], program["end"]
    if start is not _INVALID and end not in (None, _INVALID) and end < start:
        problems.add("program.end", f"{end.isoformat()} is before the start ({start.isoformat()})")
    thresholds = program["thresholds"]
    if _valid(thresholds, "high", "medium"):
        try:
            TrustThresholds(high=thresholds["high"], medium=thresholds["medium"])
        except ValueError as error:
            problems.add("program.thresholds", str(error).rstrip("."))


def _check_workshops(workshops: Any, index_of: Mapping[str, int], problems: _Problems) -> None:
    for index, workshop in _records(workshops):
        attendees = workshop["attendees"]
        if attendees is _INVALID:
            continue
        seen: dict[str, int] = {}
        for number, key in enumerate(attendees):
            if key is _INVALID:
                continue
            where = f"workshops[{index}].attendees[{number}]"
            if key not in index_of:
                problems.add(where, f"no person has the key {_show(key)}")
            elif key in seen:
                problems.add(where, f"{_show(key)} is listed twice (also attendees[{seen[key]}])")
            else:
                seen[key] = number


def _match_existing(session: Session, people: Any, problems: _Problems) -> dict[int, int]:
    """Which people of the file are already in the database: by email, then employee id.
    Gives the file index of each such person → their id in the database."""
    by_email: dict[str, tuple[int, str]] = {}
    by_employee_id: dict[str, tuple[int, str]] = {}
    rows = session.execute(select(Person.id, Person.name, Person.email, Person.employee_id))
    for person_id, name, email, employee_id in rows:
        if email:
            by_email.setdefault(email.lower(), (person_id, name))
        if employee_id:
            by_employee_id.setdefault(employee_id.lower(), (person_id, name))
    existing: dict[int, int] = {}
    claimed: dict[int, int] = {}
    for index, person in _records(people):
        email, employee_id = person["email"], person["employee_id"]
        match = by_email.get(email.lower()) if email and email is not _INVALID else None
        if match is None and employee_id and employee_id is not _INVALID:
            match = by_employee_id.get(employee_id.lower())
        if match is None:
            continue
        person_id, name = match
        if person_id in claimed:
            problems.add(
                f"people[{index}]",
                f"is the same person in the database as people[{claimed[person_id]}] "
                f"({_show(name)}, matched by email or employee id)",
            )
            continue
        claimed[person_id] = index
        existing[index] = person_id
    return existing


def _check_program_name(session: Session, program: Any, problems: _Problems) -> None:
    if not _valid(program, "name"):
        return
    name = program["name"]
    clash = session.execute(
        select(Program.name).where(func.lower(Program.name) == name.lower())
    ).first()
    if clash is not None:
        problems.add(
            "program.name",
            f"a program called {_show(clash[0])} is already in the database; "
            "rename the program in the file or import it into another database",
        )


def check_program(session: Session, document: Any) -> None:
    """Check a whole program document against the format and the database, writing nothing.

    Raises :class:`ProgramFileError` listing every problem found (the first
    :data:`MAX_PROBLEMS_SHOWN` in its message) with its JSON path.
    """
    _check(session, document)


def _check(session: Session, document: Any) -> _Checked:
    problems = _Problems()
    if not _check_header(document, problems):
        problems.raise_if_any()
    checked = _check_document(document, "", problems)
    _check_program(checked["program"], problems)
    index_of = _check_people(checked["people"], problems)
    _check_pairs(checked["pairs"], checked["people"], index_of, problems)
    for number, conflict in _records(checked["program_conflicts"]):
        _check_conflict(conflict, f"program_conflicts[{number}]", problems)
    _check_workshops(checked["workshops"], index_of, problems)
    # Then against the database: a free name, and no two people of the file who are one
    # person there (they would make a pair of someone with themselves, or attend twice).
    _check_program_name(session, checked["program"], problems)
    existing = _match_existing(session, checked["people"], problems)
    problems.raise_if_any()
    return _Checked(
        program=checked["program"],
        people=checked["people"],
        pairs=checked["pairs"],
        program_conflicts=checked["program_conflicts"],
        workshops=checked["workshops"],
        person_index=index_of,
        existing=existing,
    )


# --- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote."""

    program_id: int
    program_name: str
    people_created: int
    people_reused: int
    pairs: int
    goals: int
    activities: int
    assessments: int
    conflicts: int
    ethics_reviews: int
    pair_reviews: int
    workshops: int
    attendances: int
    plan_entries: int

    def describe(self) -> str:
        """One sentence for the coordinator (and the audit log: it holds no confidential text)."""
        return (
            f"{self.people_created:,} people created and {self.people_reused:,} already known, "
            f"{self.pairs:,} pairs, {self.goals:,} goals, {self.activities:,} activities, "
            f"{self.assessments:,} assessments, {self.conflicts:,} conflicts, "
            f"{self.ethics_reviews:,} ethics reviews, {self.pair_reviews:,} pair reviews, "
            f"{self.workshops:,} workshops with {self.attendances:,} attendances"
        )


def _table(model: type) -> Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def _insert(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """Insert many rows at once, straight through the database driver.

    Every row has the same keys, all of them columns. Going through the driver's
    ``executemany`` with the column types' own conversions is many times faster than
    SQLAlchemy's per-row parameter handling, which matters for a program with
    hundreds of thousands of answers and activities.
    """
    if not rows:
        return
    table = _table(model)
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    order = list(compiled.positiontup or []) if dialect.positional else names
    if set(order) != set(names):
        # A column default the rows do not spell out: let SQLAlchemy fill it in.
        session.execute(insert(table), rows)
        return
    converters = [
        (position, _remembering(convert) if isinstance(column.type, Date) else convert)
        for position, column in enumerate(table.c[name] for name in order)
        if (convert := column.type.bind_processor(dialect)) is not None
    ]
    values_of = itemgetter(*order) if len(order) > 1 else (lambda row: (row[order[0]],))
    parameters: list[Any] = []
    for row in rows:
        values = list(values_of(row))
        for position, convert in converters:
            values[position] = convert(values[position])
        if dialect.positional:
            parameters.append(tuple(values))
        else:
            parameters.append(dict(zip(order, values, strict=True)))
    connection.exec_driver_sql(compiled.string, parameters)


def _remembering(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert`` with its results kept: a program has few distinct days."""
    known: dict[Any, Any] = {}

    def remembered(value: Any) -> Any:
        if value not in known:
            known[value] = convert(value)
        return known[value]

    return remembered


def _insert_ids(session: Session, model: type, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows at once; their new ids, in the order of ``rows``.

    Call it only once the transaction has written something (the program row):
    on SQLite the transaction then holds the database's write lock, so the ids
    after the highest one are ours to give out, and giving them out avoids
    inserting row by row (SQLite cannot return generated ids in order for a
    batch). Other databases return them in order from a batched INSERT … RETURNING.
    """
    if not rows:
        return []
    table = _table(model)
    if session.connection().dialect.name == "sqlite":
        first = (session.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(first, first + len(rows)))
        _insert(
            session, model, [{"id": new_id, **row} for new_id, row in zip(ids, rows, strict=True)]
        )
        return ids
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())


def _conflict_rows(
    conflicts: Iterable[dict[str, Any]], program_id: int, pair_id: int | None
) -> list[dict[str, Any]]:
    rows = []
    for conflict in conflicts:
        steps = [(step["date"], ConflictStatus(step["status"])) for step in conflict["steps"]]
        rows.append(
            {
                "program_id": program_id,
                "pair_id": pair_id,
                "opened": conflict["opened"],
                "kind": conflict["kind"],
                "severity": conflict["severity"],
                "description": conflict["description"],
                "confidential": conflict["confidential"],
                "status": status_after(steps).value,
                "root_cause": conflict["root_cause"],
                "outcome": conflict["outcome"],
                "version": 1,
            }
        )
    return rows


def import_program(session: Session, document: Any) -> ImportSummary:
    """Import a whole program document (PROGRAM_FILE.md) into the database, all or nothing.

    The document is checked whole first (see the module's description);
    problems raise :class:`ProgramFileError` (a MentorDeskError) naming each
    problem's JSON path, and nothing is written. Then the program and its
    records are written with bulk inserts in the caller's transaction, people
    already in the database (same email, else same employee id) are reused,
    and one audit entry records the import. The caller commits.
    """
    checked = _check(session, document)
    session.flush()
    previous = session.info.get(audit.AUDIT_KEY, True)
    session.info[audit.AUDIT_KEY] = False
    try:
        summary = _write(session, checked)
        session.flush()
    finally:
        session.info[audit.AUDIT_KEY] = previous
    audit.record(
        session,
        "create",
        Program.__tablename__,
        summary.program_id,
        f"Imported from a program file: {summary.describe()}.",
    )
    return summary


def _write(session: Session, checked: _Checked) -> ImportSummary:
    program = checked.program
    thresholds = program["thresholds"]
    program_table = _table(Program)
    # The first write: from here on (on SQLite) the transaction holds the write lock.
    program_id = session.execute(
        insert(program_table).returning(program_table.c.id),
        {
            "name": program["name"],
            "description": program["description"],
            "start_date": program["start"],
            "end_date": program["end"],
            "default_model": program["default_model"],
            "cadence_days": program["cadence_days"],
            "threshold_high": thresholds["high"],
            "threshold_medium": thresholds["medium"],
            "version": 1,
        },
    ).scalar_one()
    plan_rows = [
        {
            "program_id": program_id,
            "heading": step.value,
            "text": program["plan"][step.value],
            "version": 1,
        }
        for step in ProactiveStep
        if program["plan"].get(step.value) is not None
    ]
    _insert(session, PlanEntry, plan_rows)

    person_ids = _write_people(session, checked)

    def person_id(key: str) -> int:
        return person_ids[checked.person_index[key]]

    pair_ids = _insert_ids(
        session,
        Pair,
        [
            {
                "program_id": program_id,
                "mentor_id": person_id(pair["mentor"]),
                "mentee_id": person_id(pair["mentee"]),
                "model": pair["model"],
                "status": pair["status"],
                "start_date": pair["start"],
                "planned_end": pair["planned_end"],
                "agreement_signed": pair["agreement_signed"],
                "expectations": pair["expectations"],
                "cadence_days": pair["cadence_days"],
                "end_reason": pair["end_reason"],
                "version": 1,
            }
            for pair in checked.pairs
        ],
    )
    goals: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    assessments: list[dict[str, Any]] = []
    answer_sets: list[dict[str, int]] = []
    conflicts: list[dict[str, Any]] = []
    steps: list[list[dict[str, Any]]] = []
    ethics: list[dict[str, Any]] = []
    reviews: list[dict[str, Any]] = []
    lesson_sets: list[dict[str, str]] = []
    for pair, pair_id in zip(checked.pairs, pair_ids, strict=True):
        for position, goal in enumerate(pair["goals"]):
            goals.append(
                {
                    "pair_id": pair_id,
                    "position": position,
                    "text": goal["text"],
                    "target": goal["target"],
                    "status": goal["status"],
                    "version": 1,
                }
            )
        for activity in pair["activities"]:
            activities.append(
                {
                    "pair_id": pair_id,
                    "day": activity["date"],
                    "kind": activity["kind"],
                    "outcome": activity["outcome"],
                    "minutes": activity["minutes"],
                    "notes": activity["notes"],
                    "confidential": activity["confidential"],
                    "version": 1,
                }
            )
        for assessment in pair["assessments"]:
            answers = assessment["answers"]
            scores = score_answers(answers)
            row = {
                "pair_id": pair_id,
                "day": assessment["date"],
                "respondent": assessment["respondent"],
                "comment": assessment["comment"],
                "overall": scores.overall,
                "version": 1,
            }
            row.update({dimension.value: s for dimension, s in scores.dimensions.items()})
            row.update({kind.value: s for kind, s in scores.types.items()})
            assessments.append(row)
            answer_sets.append(answers)
        conflicts.extend(_conflict_rows(pair["conflicts"], program_id, pair_id))
        steps.extend(conflict["steps"] for conflict in pair["conflicts"])
        for review in pair["ethics"]:
            ethics.append(
                {
                    "pair_id": pair_id,
                    "guideline": review["guideline"],
                    "state": review["state"],
                    "day": review["date"],
                    "reviewer": review["reviewer"],
                    "note": review["note"],
                }
            )
        for review in pair["reviews"]:
            reviews.append(
                {
                    "pair_id": pair_id,
                    "day": review["date"],
                    "summary": review["summary"],
                    "version": 1,
                }
            )
            lesson_sets.append(review["lessons"])
    conflicts.extend(_conflict_rows(checked.program_conflicts, program_id, None))
    steps.extend(conflict["steps"] for conflict in checked.program_conflicts)

    _insert(session, Goal, goals)
    _insert(session, Activity, activities)
    assessment_ids = _insert_ids(session, Assessment, assessments)
    _insert(
        session,
        Answer,
        [
            {"assessment_id": assessment_id, "item": code, "rating": rating}
            for assessment_id, answers in zip(assessment_ids, answer_sets, strict=True)
            for code, rating in answers.items()
        ],
    )
    conflict_ids = _insert_ids(session, Conflict, conflicts)
    _insert(
        session,
        ConflictStep,
        [
            {
                "conflict_id": conflict_id,
                "position": position,
                "day": step["date"],
                "status": step["status"],
                "note": step["note"],
            }
            for conflict_id, conflict_steps in zip(conflict_ids, steps, strict=True)
            for position, step in enumerate(conflict_steps)
        ],
    )
    _insert(session, EthicsReview, ethics)
    review_ids = _insert_ids(session, PairReview, reviews)
    _insert(
        session,
        Reflection,
        [
            {"review_id": review_id, "lesson": lesson.value, "text": lessons[lesson.value]}
            for review_id, lessons in zip(review_ids, lesson_sets, strict=True)
            for lesson in Lesson
        ],
    )
    workshop_ids = _insert_ids(
        session,
        Workshop,
        [
            {
                "program_id": program_id,
                "day": workshop["date"],
                "title": workshop["title"],
                "kind": workshop["kind"],
                "version": 1,
            }
            for workshop in checked.workshops
        ],
    )
    attendances = [
        {"workshop_id": workshop_id, "person_id": person_id(key)}
        for workshop_id, workshop in zip(workshop_ids, checked.workshops, strict=True)
        for key in workshop["attendees"]
    ]
    _insert(session, Attendance, attendances)
    return ImportSummary(
        program_id=program_id,
        program_name=program["name"],
        people_created=len(checked.people) - len(checked.existing),
        people_reused=len(checked.existing),
        pairs=len(pair_ids),
        goals=len(goals),
        activities=len(activities),
        assessments=len(assessments),
        conflicts=len(conflicts),
        ethics_reviews=len(ethics),
        pair_reviews=len(reviews),
        workshops=len(workshop_ids),
        attendances=len(attendances),
        plan_entries=len(plan_rows),
    )


def _write_people(session: Session, checked: _Checked) -> list[int]:
    """Create the people not yet in the database; the id of everyone in the file, in order."""
    new = [index for index in range(len(checked.people)) if index not in checked.existing]
    rows = []
    for index in new:
        person = checked.people[index]
        capacity = person["capacity"]
        if capacity is None:
            capacity = 1 if person["can_mentor"] else 0
        rows.append(
            {
                "name": person["name"],
                # Stored in lower case, as the people service stores it.
                "email": None if person["email"] is None else person["email"].lower(),
                "employee_id": person["employee_id"],
                "department": person["department"],
                "title": person["title"],
                "manager_id": None,
                "location": person["location"],
                "skills": person["skills"],
                "can_mentor": person["can_mentor"],
                "capacity": capacity,
                "active": person["active"],
                "version": 1,
            }
        )
    ids: list[int | None] = [checked.existing.get(index) for index in range(len(checked.people))]
    for index, person_id in zip(new, _insert_ids(session, Person, rows), strict=True):
        ids[index] = person_id
    # Managers may come later in the file than their reports: link them once all exist.
    # People already in the database keep the manager they have there.
    links = [
        {"b_id": ids[index], "b_manager": ids[checked.person_index[manager]]}
        for index in new
        if (manager := checked.people[index]["manager"]) is not None
    ]
    if links:
        table = _table(Person)
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(manager_id=bindparam("b_manager")),
            links,
        )
    return [person_id for person_id in ids if person_id is not None]


# --- export -----------------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _grouped(rows: Iterable[Any], key: str) -> dict[Any, list[Any]]:
    groups: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return groups


def _conflict_document(row: Any, steps: list[Any]) -> dict[str, Any]:
    return {
        "opened": row.opened.isoformat(),
        "kind": row.kind,
        "severity": row.severity,
        "description": row.description,
        "confidential": bool(row.confidential),
        "steps": [
            {"date": step.day.isoformat(), "status": step.status, "note": step.note}
            for step in steps
        ],
        "root_cause": row.root_cause,
        "outcome": row.outcome,
    }


def export_program(session: Session, program_id: int) -> dict[str, Any]:
    """The whole program as a program-file document (PROGRAM_FILE.md), ready for
    :func:`dump_program`.

    Holds every person in the database, the program's pairs with all their
    records, its program-wide conflicts and its workshops, every field written
    (optional ones with their value or null), in a stable order: exporting,
    importing into an empty database and exporting again gives the same
    document. Confidential text is included: the file is the program itself.
    Raises NotFound when there is no such program.
    """
    program = session.execute(
        select(_table(Program)).where(_table(Program).c.id == program_id)
    ).first()
    if program is None:
        raise NotFound("That program is no longer in the database.")
    plan = {
        row.heading: row.text
        for row in session.execute(
            select(PlanEntry.heading, PlanEntry.text).where(PlanEntry.program_id == program_id)
        )
    }
    people = session.execute(select(_table(Person)).order_by(Person.id)).all()
    person_key = {row.id: f"p{number}" for number, row in enumerate(people, start=1)}
    pairs = session.execute(
        select(_table(Pair)).where(Pair.program_id == program_id).order_by(Pair.id)
    ).all()
    in_program = select(Pair.id).where(Pair.program_id == program_id).scalar_subquery()

    def children(model: type, *order: Any) -> dict[Any, list[Any]]:
        table = _table(model)
        rows = session.execute(
            select(table).where(table.c.pair_id.in_(in_program)).order_by(table.c.pair_id, *order)
        )
        return _grouped(rows, "pair_id")

    goals = children(Goal, Goal.position, Goal.id)
    activities = children(Activity, Activity.day, Activity.id)
    assessments = children(Assessment, Assessment.day, Assessment.id)
    ethics = children(EthicsReview, EthicsReview.day, EthicsReview.id)
    reviews = children(PairReview, PairReview.day, PairReview.id)
    answers: dict[int, dict[str, int]] = defaultdict(dict)
    for row in session.execute(
        select(Answer.assessment_id, Answer.item, Answer.rating)
        .join(Assessment, Assessment.id == Answer.assessment_id)
        .where(Assessment.pair_id.in_(in_program))
    ):
        answers[row.assessment_id][row.item] = row.rating
    reflections: dict[int, dict[str, str]] = defaultdict(dict)
    for row in session.execute(
        select(Reflection.review_id, Reflection.lesson, Reflection.text)
        .join(PairReview, PairReview.id == Reflection.review_id)
        .where(PairReview.pair_id.in_(in_program))
    ):
        reflections[row.review_id][row.lesson] = row.text
    conflict_table = _table(Conflict)
    conflicts = session.execute(
        select(conflict_table)
        .where(conflict_table.c.program_id == program_id)
        .order_by(Conflict.opened, Conflict.id)
    ).all()
    steps = _grouped(
        session.execute(
            select(
                ConflictStep.conflict_id, ConflictStep.day, ConflictStep.status, ConflictStep.note
            )
            .join(Conflict, Conflict.id == ConflictStep.conflict_id)
            .where(Conflict.program_id == program_id)
            .order_by(ConflictStep.conflict_id, ConflictStep.position, ConflictStep.id)
        ),
        "conflict_id",
    )
    conflicts_of = _grouped(conflicts, "pair_id")
    workshops = session.execute(
        select(_table(Workshop))
        .where(Workshop.program_id == program_id)
        .order_by(Workshop.day, Workshop.id)
    ).all()
    attendees = _grouped(
        session.execute(
            select(Attendance.workshop_id, Attendance.person_id)
            .join(Workshop, Workshop.id == Attendance.workshop_id)
            .where(Workshop.program_id == program_id)
            .order_by(Attendance.workshop_id, Attendance.person_id)
        ),
        "workshop_id",
    )
    pair_documents = []
    for number, pair in enumerate(pairs, start=1):
        pair_documents.append(
            {
                "key": f"x{number}",
                "mentor": person_key[pair.mentor_id],
                "mentee": person_key[pair.mentee_id],
                "model": pair.model,
                "status": pair.status,
                "start": pair.start_date.isoformat(),
                "planned_end": _iso(pair.planned_end),
                "agreement_signed": _iso(pair.agreement_signed),
                "expectations": pair.expectations,
                "cadence_days": pair.cadence_days,
                "end_reason": pair.end_reason,
                "goals": [
                    {"text": goal.text, "target": _iso(goal.target), "status": goal.status}
                    for goal in goals.get(pair.id, ())
                ],
                "activities": [
                    {
                        "date": activity.day.isoformat(),
                        "kind": activity.kind,
                        "outcome": activity.outcome,
                        "minutes": activity.minutes,
                        "notes": activity.notes,
                        "confidential": bool(activity.confidential),
                    }
                    for activity in activities.get(pair.id, ())
                ],
                "assessments": [
                    {
                        "date": assessment.day.isoformat(),
                        "respondent": assessment.respondent,
                        "answers": {
                            code: answers[assessment.id][code]
                            for code in ITEM_CODES
                            if code in answers[assessment.id]
                        },
                        "comment": assessment.comment,
                    }
                    for assessment in assessments.get(pair.id, ())
                ],
                "conflicts": [
                    _conflict_document(conflict, steps.get(conflict.id, []))
                    for conflict in conflicts_of.get(pair.id, ())
                ],
                "ethics": [
                    {
                        "guideline": review.guideline,
                        "state": review.state,
                        "date": review.day.isoformat(),
                        "reviewer": review.reviewer,
                        "note": review.note,
                    }
                    for review in ethics.get(pair.id, ())
                ],
                "reviews": [
                    {
                        "date": review.day.isoformat(),
                        "lessons": {
                            lesson.value: reflections[review.id].get(lesson.value, "")
                            for lesson in Lesson
                        },
                        "summary": review.summary,
                    }
                    for review in reviews.get(pair.id, ())
                ],
            }
        )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "program": {
            "name": program.name,
            "description": program.description,
            "start": program.start_date.isoformat(),
            "end": _iso(program.end_date),
            "default_model": program.default_model,
            "cadence_days": program.cadence_days,
            "thresholds": {
                "high": float(program.threshold_high),
                "medium": float(program.threshold_medium),
            },
            "plan": {step.value: plan[step.value] for step in ProactiveStep if step.value in plan},
        },
        "people": [
            {
                "key": person_key[person.id],
                "name": person.name,
                "email": person.email,
                "employee_id": person.employee_id,
                "department": person.department,
                "title": person.title,
                "manager": None if person.manager_id is None else person_key[person.manager_id],
                "location": person.location,
                "skills": list(person.skills or []),
                "can_mentor": bool(person.can_mentor),
                "capacity": person.capacity,
                "active": bool(person.active),
            }
            for person in people
        ],
        "pairs": pair_documents,
        "program_conflicts": [
            _conflict_document(conflict, steps.get(conflict.id, []))
            for conflict in conflicts_of.get(None, ())
        ],
        "workshops": [
            {
                "date": workshop.day.isoformat(),
                "title": workshop.title,
                "kind": workshop.kind,
                "attendees": [person_key[row.person_id] for row in attendees.get(workshop.id, ())],
            }
            for workshop in workshops
        ],
    }


# --- text and files ---------------------------------------------------------------------------


def dump_program(document: Mapping[str, Any]) -> str:
    """The text of a program file: ``json.dumps(document, ensure_ascii=False, indent=2,
    sort_keys=False)`` and a final newline. NaN and infinities are refused (ValueError)."""
    return (
        json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False) + "\n"
    )


class _Repeated(dict):  # type: ignore[type-arg]
    """A JSON object in which some key appeared more than once (the last value kept);
    the check of the object reports ``repeated`` with the object's path."""

    repeated: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    repeated = _Repeated(pairs)
    counts = Counter(name for name, _value in pairs)
    repeated.repeated = tuple(name for name, count in counts.items() if count > 1)
    return repeated


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a program file may hold")


def load_program(text: str | bytes) -> Any:
    """Parse the text of a program file (UTF-8, a byte-order mark allowed).

    Raises MentorDeskError with one sentence for text over :data:`MAX_FILE_BYTES`,
    bytes that are not UTF-8, JSON that is not valid (with its line and
    column), nesting too deep to read, NaN or Infinity and numbers with
    thousands of digits. Keys repeated inside one object are kept for the
    import's check, which reports them with their path.
    """
    size = len(text)  # bytes, or characters: either way a bound on the work
    if size > MAX_FILE_BYTES:
        raise MentorDeskError(
            f"The program file is {size / 1024 / 1024:,.0f} MB; MentorDesk reads program files "
            f"of at most {MAX_FILE_BYTES // 1024 // 1024} MB."
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise MentorDeskError(
                f"The program file is not UTF-8 text (byte {error.start:,} cannot be read)."
            ) from None
    elif text.startswith("\ufeff"):
        text = text[1:]
    try:
        return json.loads(text, object_pairs_hook=_object_pairs, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise MentorDeskError(
            f"The program file is not valid JSON: line {error.lineno}, column {error.colno}: "
            f"{error.msg}."
        ) from None
    except RecursionError:
        raise MentorDeskError(
            "The program file is nested too deeply to be a program file."
        ) from None
    except ValueError as error:
        # parse_constant's refusal, or an integer of thousands of digits.
        reason = str(error)
        if "integer string conversion" in reason:
            reason = "it holds a number with thousands of digits"
        raise MentorDeskError(f"The program file cannot be read: {reason}.") from None


def read_program_file(path: str | os.PathLike[str]) -> Any:
    """Read and parse a program file, refusing one over :data:`MAX_FILE_BYTES` unread."""
    location = Path(path)
    try:
        size = location.stat().st_size
        if size > MAX_FILE_BYTES:
            raise MentorDeskError(
                f"{location} is {size / 1024 / 1024:,.0f} MB; MentorDesk reads program files of "
                f"at most {MAX_FILE_BYTES // 1024 // 1024} MB."
            )
        data = location.read_bytes()
    except FileNotFoundError:
        raise MentorDeskError(f"There is no file {location}.") from None
    except IsADirectoryError:
        raise MentorDeskError(f"{location} is a folder, not a program file.") from None
    except OSError as error:
        raise MentorDeskError(f"{location} cannot be read: {error.strerror}.") from None
    return load_program(data)


def write_program_file(path: str | os.PathLike[str], document: Mapping[str, Any]) -> None:
    """Write a program file atomically: the old file stays whole until the new one is."""
    location = Path(path)
    temporary = location.with_name(f".{location.name}.partial")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(dump_program(document))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, location)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise MentorDeskError(f"Cannot write {location}: {error.strerror}.") from None
