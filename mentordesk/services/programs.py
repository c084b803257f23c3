"""Programs: their settings (dates, default model, check-in cadence, trust thresholds)
and their plan to sustain trust under the five proactive-step headings."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from mentordesk.domain.questionnaire import RATING_MAX, RATING_MIN
from mentordesk.domain.scoring import DEFAULT_THRESHOLDS, TrustThresholds
from mentordesk.domain.surveys import (
    DEFAULT_SCHEDULE,
    MAX_SCHEDULE_DAYS,
    MIN_SCHEDULE_DAYS,
    SurveySchedule,
)
from mentordesk.domain.vocabularies import MentorshipModel, PairStatus, ProactiveStep
from mentordesk.errors import FieldProblem, MentorDeskError, NotFound
from mentordesk.services.common import MAX_CADENCE_DAYS, MIN_CADENCE_DAYS, clean_text, parse_code
from mentordesk.store.database import ensure_unchanged
from mentordesk.store.models import Pair, Person, PlanEntry, Program

DEFAULT_CADENCE_DAYS = 14
MAX_NAME = 200
MAX_DESCRIPTION = 20_000
MAX_PLAN_TEXT = 20_000


@dataclass(frozen=True)
class ProgramFields:
    """What the program form edits."""

    name: str
    start_date: date
    end_date: date | None = None
    description: str = ""
    default_model: MentorshipModel = MentorshipModel.FORMAL
    cadence_days: int = DEFAULT_CADENCE_DAYS
    threshold_high: float = DEFAULT_THRESHOLDS.high
    threshold_medium: float = DEFAULT_THRESHOLDS.medium
    survey_first_days: int = DEFAULT_SCHEDULE.first_after
    survey_every_days: int = DEFAULT_SCHEDULE.every
    survey_closing: bool = DEFAULT_SCHEDULE.closing


@dataclass(frozen=True)
class ProgramDetails:
    """One program's settings."""

    id: int
    name: str
    description: str
    start_date: date
    end_date: date | None
    default_model: MentorshipModel
    cadence_days: int
    thresholds: TrustThresholds
    version: int
    survey_schedule: SurveySchedule = DEFAULT_SCHEDULE

    def fields(self) -> ProgramFields:
        """The editable fields, to change one with ``dataclasses.replace`` and save."""
        return ProgramFields(
            name=self.name,
            start_date=self.start_date,
            end_date=self.end_date,
            description=self.description,
            default_model=self.default_model,
            cadence_days=self.cadence_days,
            threshold_high=self.thresholds.high,
            threshold_medium=self.thresholds.medium,
            survey_first_days=self.survey_schedule.first_after,
            survey_every_days=self.survey_schedule.every,
            survey_closing=self.survey_schedule.closing,
        )


@dataclass(frozen=True)
class ProgramRow:
    """One line of the list of programs, with how many pairs it has."""

    id: int
    name: str
    start_date: date
    end_date: date | None
    default_model: MentorshipModel
    cadence_days: int
    active_pairs: int
    pairs: int


@dataclass(frozen=True)
class PlanItem:
    """The program's plan under one proactive-step heading (empty text: nothing planned)."""

    heading: ProactiveStep
    text: str


# --------------------------------------------------------------------------
# Validation.


def _name(session: Session, value: str, program_id: int | None) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise FieldProblem("name", "Give the program a name.")
    if len(name) > MAX_NAME:
        raise FieldProblem("name", f"The name is too long (at most {MAX_NAME} characters).")
    # Unique ignoring case, so "Spring 2027" and "spring 2027" cannot both exist.
    query = select(Program.name).where(func.lower(Program.name) == name.lower())
    if program_id is not None:
        query = query.where(Program.id != program_id)
    existing = session.scalar(query.limit(1))
    if existing is not None:
        raise FieldProblem("name", f"There is already a program called '{existing}'.")
    return name


def _cadence(value: int) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not MIN_CADENCE_DAYS <= value <= MAX_CADENCE_DAYS
    ):
        raise FieldProblem(
            "cadence_days",
            f"The check-in cadence must be a whole number of days from {MIN_CADENCE_DAYS} "
            f"to {MAX_CADENCE_DAYS}, not {value!r}.",
        )
    return value


def _thresholds(high: float, medium: float) -> TrustThresholds:
    for field, value, what in (
        ("threshold_high", high, "high"),
        ("threshold_medium", medium, "medium"),
    ):
        if (
            isinstance(value, bool)
            or not isinstance(value, numbers.Real)
            or not RATING_MIN <= value <= RATING_MAX
        ):
            raise FieldProblem(
                field,
                f"The {what} trust threshold must be a score from {RATING_MIN} to {RATING_MAX}, "
                f"not {value!r}.",
            )
    try:
        return TrustThresholds(high=float(high), medium=float(medium))
    except ValueError:
        raise FieldProblem(
            "threshold_medium",
            f"The medium trust threshold ({medium}) cannot be above the high one ({high}).",
        ) from None


def _schedule(fields: ProgramFields) -> SurveySchedule:
    for field, value, what in (
        ("survey_first_days", fields.survey_first_days, "first check-up"),
        ("survey_every_days", fields.survey_every_days, "time between check-ups"),
    ):
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not MIN_SCHEDULE_DAYS <= value <= MAX_SCHEDULE_DAYS
        ):
            raise FieldProblem(
                field,
                f"The survey schedule's {what} must be a whole number of days from "
                f"{MIN_SCHEDULE_DAYS} to {MAX_SCHEDULE_DAYS}, not {value!r}.",
            )
    if not isinstance(fields.survey_closing, bool):
        raise FieldProblem(
            "survey_closing", f"The closing round is on or off, not {fields.survey_closing!r}."
        )
    return SurveySchedule(
        fields.survey_first_days, fields.survey_every_days, fields.survey_closing
    )


def _apply(session: Session, program: Program, fields: ProgramFields) -> None:
    name = _name(session, fields.name, program.id)
    if fields.end_date is not None and fields.end_date < fields.start_date:
        raise FieldProblem(
            "end_date",
            f"The end date ({fields.end_date.isoformat()}) is before the start date "
            f"({fields.start_date.isoformat()}).",
        )
    model = parse_code(MentorshipModel, fields.default_model, "default_model", "model")
    cadence = _cadence(fields.cadence_days)
    thresholds = _thresholds(fields.threshold_high, fields.threshold_medium)
    schedule = _schedule(fields)
    program.name = name
    program.description = clean_text(
        fields.description, "description", "description", MAX_DESCRIPTION
    )
    program.start_date = fields.start_date
    program.end_date = fields.end_date
    program.default_model = model.value
    program.cadence_days = cadence
    program.threshold_high = thresholds.high
    program.threshold_medium = thresholds.medium
    program.survey_first_days = schedule.first_after
    program.survey_every_days = schedule.every
    program.survey_closing = schedule.closing


def _details(program: Program) -> ProgramDetails:
    return ProgramDetails(
        id=program.id,
        name=program.name,
        description=program.description or "",
        start_date=program.start_date,
        end_date=program.end_date,
        default_model=MentorshipModel(program.default_model),
        cadence_days=program.cadence_days,
        thresholds=TrustThresholds(high=program.threshold_high, medium=program.threshold_medium),
        version=program.version,
        survey_schedule=program_schedule(program),
    )


def program_schedule(program: Program) -> SurveySchedule:
    """The program's survey schedule (the defaults for a program saved before it had one)."""
    return SurveySchedule(
        first_after=program.survey_first_days or DEFAULT_SCHEDULE.first_after,
        every=program.survey_every_days or DEFAULT_SCHEDULE.every,
        closing=True if program.survey_closing is None else bool(program.survey_closing),
    )


def _load(session: Session, program_id: int) -> Program:
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound(f"There is no program number {program_id}; it may have been deleted.")
    return program


# --------------------------------------------------------------------------
# Writing and reading programs.


def create_program(session: Session, fields: ProgramFields) -> ProgramDetails:
    """Create a program.

    Refused with a FieldProblem naming the field: no name, a name another
    program has (ignoring case), an end before the start, an unknown model, a
    cadence outside 1–365 days, thresholds outside 1–5 or medium above high.
    """
    program = Program()
    _apply(session, program, fields)
    session.add(program)
    session.flush()
    return _details(program)


def update_program(
    session: Session,
    program_id: int,
    fields: ProgramFields,
    *,
    expected_version: int | None = None,
) -> ProgramDetails:
    """Save the program form, with :func:`create_program`'s checks."""
    program = _load(session, program_id)
    ensure_unchanged(session, program, expected_version)
    _apply(session, program, fields)
    session.flush()
    return _details(program)


def get_program(session: Session, program_id: int) -> ProgramDetails:
    """One program's settings."""
    return _details(_load(session, program_id))


def find_program(session: Session, name: str) -> ProgramDetails:
    """The program called ``name`` (exactly, else ignoring case and extra blanks).

    NotFound lists the known program names, so a mistyped name on the command
    line is easy to correct.
    """
    wanted = " ".join((name or "").split())
    program = session.scalar(select(Program).where(Program.name == wanted))
    if program is None:
        program = session.scalar(
            select(Program).where(func.lower(Program.name) == wanted.lower()).limit(1)
        )
    if program is not None:
        return _details(program)
    known = session.scalars(select(Program.name).order_by(Program.name)).all()
    if not known:
        raise NotFound(f"There is no program called '{wanted}': there are no programs yet.")
    raise NotFound(f"There is no program called '{wanted}'. Known programs: {', '.join(known)}.")


def list_programs(session: Session) -> list[ProgramRow]:
    """Every program, newest start first, with its number of pairs and active pairs."""
    counts = (
        select(
            Pair.program_id.label("program_id"),
            func.count().label("pairs"),
            func.sum(case((Pair.status == PairStatus.ACTIVE.value, 1), else_=0)).label("active"),
        )
        .group_by(Pair.program_id)
        .subquery()
    )
    query = (
        select(
            Program.id,
            Program.name,
            Program.start_date,
            Program.end_date,
            Program.default_model,
            Program.cadence_days,
            func.coalesce(counts.c.active, 0),
            func.coalesce(counts.c.pairs, 0),
        )
        .outerjoin(counts, counts.c.program_id == Program.id)
        .order_by(Program.start_date.desc(), Program.name)
    )
    return [
        ProgramRow(
            id=row[0],
            name=row[1],
            start_date=row[2],
            end_date=row[3],
            default_model=MentorshipModel(row[4]),
            cadence_days=row[5],
            active_pairs=int(row[6]),
            pairs=int(row[7]),
        )
        for row in session.execute(query)
    ]


# --------------------------------------------------------------------------
# The plan to sustain trust.


def program_plan(session: Session, program_id: int) -> list[PlanItem]:
    """The plan under each of the five proactive-step headings, in their order."""
    _load(session, program_id)
    texts = {
        row[0]: row[1]
        for row in session.execute(
            select(PlanEntry.heading, PlanEntry.text).where(PlanEntry.program_id == program_id)
        )
    }
    return [PlanItem(heading=step, text=texts.get(step.value, "")) for step in ProactiveStep]


def set_program_plan(
    session: Session, program_id: int, texts: Mapping[ProactiveStep | str, str]
) -> list[PlanItem]:
    """Save the plan text of the headings given (others stay as they are).

    An empty text clears the heading. Unknown headings are refused.
    """
    _load(session, program_id)
    wanted: dict[ProactiveStep, str] = {}
    for heading, text in texts.items():
        step = parse_code(ProactiveStep, heading, "heading", "plan heading")
        wanted[step] = clean_text(text, step.value, f"{step.label} plan", MAX_PLAN_TEXT)
    entries = {
        entry.heading: entry
        for entry in session.scalars(select(PlanEntry).where(PlanEntry.program_id == program_id))
    }
    for step, text in wanted.items():
        entry = entries.get(step.value)
        if entry is None and text:
            session.add(PlanEntry(program_id=program_id, heading=step.value, text=text))
        elif entry is not None and not text:
            session.delete(entry)
        elif entry is not None and entry.text != text:
            entry.text = text
    session.flush()
    return program_plan(session, program_id)


def choose_program(session: Session, name: str | None, *, purpose: str) -> ProgramDetails:
    """The program called ``name`` (see :func:`find_program`); without a name, the only
    program there is. ``purpose`` ends the sentence when there is none or several:
    "to export", "to report on"."""
    if name is not None:
        return find_program(session, name)
    programs = sorted(list_programs(session), key=lambda row: row.name.casefold())
    if not programs:
        raise MentorDeskError(f"The database holds no program {purpose}.")
    if len(programs) > 1:
        names = ", ".join(f"'{row.name}'" for row in programs[:10])
        more = ", …" if len(programs) > 10 else ""
        raise MentorDeskError(
            f"The database holds {len(programs):,} programs; name the one {purpose} with "
            f"--program NAME: {names}{more}."
        )
    return get_program(session, programs[0].id)


def ensure_empty(session: Session, where: str) -> None:
    """Refuse, with a sentence, a database that already holds a program or people (the
    demo only fills an empty one); ``where`` names the database in the sentence."""
    program = session.scalar(select(Program.name).order_by(Program.id).limit(1))
    if program is not None:
        raise MentorDeskError(
            f"The database {where} already holds the program '{program}'; the demo only "
            "fills an empty database. Choose a new file with --db."
        )
    people = session.scalar(select(func.count()).select_from(Person)) or 0
    if people:
        raise MentorDeskError(
            f"The database {where} already holds {people:,} people; the demo only fills an "
            "empty database. Choose a new file with --db."
        )
