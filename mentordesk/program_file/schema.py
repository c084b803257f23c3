"""The field tables of a program file and the checks of single values."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from mentordesk.domain.questionnaire import ITEM_CODES, ITEMS_BY_CODE, RATING_MAX, RATING_MIN
from mentordesk.domain.scoring import AnswerError, validate_answers
from mentordesk.domain.surveys import DEFAULT_SCHEDULE, MAX_SCHEDULE_DAYS, MIN_SCHEDULE_DAYS
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
from mentordesk.program_file.limits import (
    DEFAULT_CADENCE_DAYS,
    FORMAT,
    FORMAT_VERSION,
    MAX_ATTENDEES,
    MAX_CADENCE_DAYS,
    MAX_CAPACITY,
    MAX_CONFLICTS,
    MAX_EMAIL_CHARS,
    MAX_EMPLOYEE_ID_CHARS,
    MAX_KEY_CHARS,
    MAX_MINUTES,
    MAX_NAME_CHARS,
    MAX_PAIRS,
    MAX_PEOPLE,
    MAX_PER_PAIR,
    MAX_STEPS,
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    MAX_WORKSHOPS,
)
from mentordesk.program_file.problems import _at, _describe, _number_text, _Problems, _show

# --- the checks of single values ---------------------------------------------------------------

_INVALID: Any = object()
"""What a check gives for a value it refused (the problem is already recorded)."""

_MISSING: Any = object()


class _Refused(Exception):
    """A single value refused; the object or list holding it adds the path."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _NotRight(_Refused):
    """What a fast check raises: the full check then says what and where. Raised as
    the class, a fresh one each time: one exception object raised again and again
    would carry an ever longer traceback, holding every record it was raised for."""

    def __init__(self) -> None:
        super().__init__("not right")


Leaf = Callable[[Any], Any]
"""The check of one value: gives the accepted value (converted) or raises _Refused."""


class _Nested:
    """The check of a value with parts (an object, a list): it reports each part's
    problems itself, with their paths, and gives :data:`_INVALID` for a refused whole.

    :meth:`fast` is the same check for a value with no problem at all: it gives the
    same checked value, and raises :class:`_Refused` at the first thing that is not
    right, without saying where. A record is checked the fast way first and again the
    full way only when that fails, so the paths of problems (a string per field and
    per list entry) are made only for the records that have some.
    """

    def __call__(self, value: Any, path: str, problems: _Problems) -> Any:
        raise NotImplementedError

    def fast(self, value: Any) -> Any:
        problems = _Problems()
        checked = self(value, "", problems)
        if problems.count:
            raise _NotRight
        return checked

    def checked(self, value: Any, path: str, problems: _Problems) -> Any:
        """:meth:`fast` when it succeeds, else the full check reporting each problem."""
        try:
            return self.fast(value)
        except _Refused:
            return self(value, path, problems)


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


_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")


def _time(value: Any) -> Any:
    """A time of day written exactly ``HH:MM`` (24-hour); gives a :class:`datetime.time`."""
    if not isinstance(value, str):
        raise _Refused(f"expected a time as text (HH:MM), got {_describe(value)}")
    if len(value) != 5 or not _TIME.fullmatch(value):
        raise _Refused(f"{_show(value)} is not a time written HH:MM")
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise _Refused(f"{_show(value)} is not a real time of day") from None


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
            return [
                item.checked(entry, f"{path}[{index}]", problems)
                for index, entry in enumerate(value)
            ]
        result = []
        for index, entry in enumerate(value):
            try:
                result.append(item(entry))
            except _Refused as refusal:
                problems.add(f"{path}[{index}]", refusal.message)
                result.append(_INVALID)
        return result

    def fast(self, value: Any) -> Any:
        if type(value) is not list or len(value) > self.max_items:
            raise _NotRight
        item = self.item
        if isinstance(item, _Nested):
            return [item.fast(entry) for entry in value]
        return [item(entry) for entry in value]


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
        self.fast = self._fast_check()  # type: ignore[method-assign]

    def _fast_check(self) -> Callable[[Any], Any]:
        """:meth:`fast` written out for this field table: a record of the file goes through
        a few hundred thousand of these, and a loop over the table (unpacking each field's
        row, testing what kind of field it is) cost more than the checks themselves."""
        names: dict[str, Any] = {
            "dict": dict,
            "KeyError": KeyError,
            "NOT_RIGHT": _NotRight,
            "known_names": self.names.issuperset,
            "fresh": _fresh,
        }
        lines = [
            "def fast(value):",
            "    if type(value) is not dict or not known_names(value):",
            "        raise NOT_RIGHT",
            "    try:",
        ]
        made = []
        for number, (name, check, nested, required, nullable, default) in enumerate(self._plan):
            names[f"check_{number}"] = check.fast if nested else check
            names[f"default_{number}"] = default
            if required:
                lines.append(f"        raw = value[{name!r}]")
                if nullable:
                    lines.append(
                        f"        v_{number} = None if raw is None else check_{number}(raw)"
                    )
                else:
                    lines.append(f"        v_{number} = check_{number}(raw)")
            else:
                # Absent or null: the default (a copy when it is mutable).
                fallback = f"default_{number}"
                if isinstance(default, dict | list):
                    fallback = f"fresh({fallback})"
                lines.append(f"        raw = value.get({name!r})")
                lines.append(
                    f"        v_{number} = {fallback} if raw is None else check_{number}(raw)"
                )
            made.append(f"{name!r}: v_{number}")
        lines += [
            "    except KeyError:",  # a required field missing
            "        raise NOT_RIGHT from None",
            "    return {" + ", ".join(made) + "}",
        ]
        exec("\n".join(lines), names)
        return names["fast"]  # type: ignore[no-any-return]

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
        # Every rating is good: what is left to decide depends only on which items are
        # answered, and a file repeats a few such sets tens of thousands of times.
        answered = frozenset(value)
        if answered not in _ANSWERED_SETS:
            try:
                validate_answers(value)
                _ANSWERED_SETS[answered] = None
            except AnswerError as error:
                _ANSWERED_SETS[answered] = error.message
        if (refusal := _ANSWERED_SETS[answered]) is not None:
            problems.add(path, refusal)
            return _INVALID
        return dict(sorted(value.items(), key=lambda pair: _ITEM_ORDER[pair[0]]))

    def fast(self, value: Any) -> Any:
        if type(value) is not dict:
            raise _NotRight
        for rating in value.values():
            if type(rating) is not int or not RATING_MIN <= rating <= RATING_MAX:
                raise _NotRight
        # Only a set of known items already judged good passes; the full check judges the
        # others (and says which item is unknown).
        if _ANSWERED_SETS.get(frozenset(value), _MISSING) is not None:
            raise _NotRight
        if tuple(value) == ITEM_CODES:  # every item, in order: as export writes them
            return dict(value)
        return dict(sorted(value.items(), key=lambda pair: _ITEM_ORDER[pair[0]]))


_ANSWERED_SETS: dict[frozenset[str], str | None] = {}
"""Sets of answered items already judged by ``validate_answers``: None, or its sentence."""


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

# The program's survey schedule (migration 0006); a file without one gets the defaults.
_SURVEY_SCHEDULE = (
    _Field(
        "first_checkup_days",
        _whole(MIN_SCHEDULE_DAYS, MAX_SCHEDULE_DAYS),
        required=False,
        default=DEFAULT_SCHEDULE.first_after,
    ),
    _Field(
        "checkup_every_days",
        _whole(MIN_SCHEDULE_DAYS, MAX_SCHEDULE_DAYS),
        required=False,
        default=DEFAULT_SCHEDULE.every,
    ),
    _Field("closing_round", _flag, required=False, default=DEFAULT_SCHEDULE.closing),
)
SURVEY_SCHEDULE_DEFAULT = {
    "first_checkup_days": DEFAULT_SCHEDULE.first_after,
    "checkup_every_days": DEFAULT_SCHEDULE.every,
    "closing_round": DEFAULT_SCHEDULE.closing,
}

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
    _Field(
        "survey_schedule",
        _Object(_SURVEY_SCHEDULE),
        required=False,
        default=SURVEY_SCHEDULE_DEFAULT,
    ),
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
    # Optional since they came after version 1: older files stay valid.
    _Field("time", _time, required=False),
    _Field("place", _SHORT, required=False, default=""),
    _Field("facilitator", _SHORT, required=False, default=""),
    _Field("attendees", _List(_KEY, MAX_ATTENDEES)),
)

_DOCUMENT = (
    _Field("format", _equals(FORMAT, f'must be "{FORMAT}"')),
    _Field("version", _equals(FORMAT_VERSION, f"must be the number {FORMAT_VERSION}")),
    # False when the export left confidential text out (those fields are then empty).
    _Field("includes_confidential", _flag, required=False, default=True),
    _Field("program", _Object(_PROGRAM)),
    _Field("people", _List(_Object(_PERSON), MAX_PEOPLE)),
    _Field("pairs", _List(_Object(_PAIR), MAX_PAIRS)),
    _Field(
        "program_conflicts", _List(_Object(_CONFLICT), MAX_CONFLICTS), required=False, default=[]
    ),
    _Field("workshops", _List(_Object(_WORKSHOP), MAX_WORKSHOPS)),
)

_check_document = _Object(_DOCUMENT)
