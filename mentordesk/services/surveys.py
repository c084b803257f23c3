"""Survey rounds: planning them, the forms' contents, what is due, and collecting answers.

A round belongs to a program and asks mentees, mentors or both about a set of
pairs. Each respondent's answered form becomes a trust assessment of that
respondent, dated on the day it was answered and linked to the round; a closing
round's extra answers are the pair's outcome. The file format of the forms
lives in :mod:`mentordesk.surveys`; this module knows only what a form says.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from mentordesk.domain.questionnaire import ITEMS_BY_CODE
from mentordesk.domain.scoring import AnswerError, validate_answers
from mentordesk.domain.surveys import (
    FormAnswers,
    FormIdentity,
    SurveySchedule,
    TokenProblem,
    next_due,
    next_uncovered,
    parse_paper_code,
    read_token,
    schedule_of,
)
from mentordesk.domain.vocabularies import (
    MentorshipModel,
    PairStatus,
    Respondent,
    SurveyKind,
    SurveyRespondents,
    SurveyState,
)
from mentordesk.errors import FieldProblem, MentorDeskError, NotFound
from mentordesk.services.common import ENDED_STATUSES, clean_text, parse_code
from mentordesk.services.programs import program_schedule
from mentordesk.services.trust import record_assessment
from mentordesk.store import audit
from mentordesk.store.models import (
    Assessment,
    AuditEntry,
    Goal,
    Pair,
    Person,
    Program,
    SurveyKey,
    SurveyOutcome,
    SurveyRespondent,
    SurveyRound,
)

MAX_NAME = 200
MAX_TEXT = 10_000

DEFAULT_SUBJECT = "{round}: your mentoring survey, by {due}"
DEFAULT_BODY = (
    "Dear {name},\n\n"
    "As part of {program}, we ask you a few questions about your mentoring with {other}. "
    "The form is attached: open it in any PDF reader, tick one answer per statement, "
    "save it and send it back to me by {due}. You can also print it, fill it in by hand "
    "and hand it in (its code is {code}).\n\n"
    "It takes about five minutes. Thank you!\n"
)


# --- the database's key ----------------------------------------------------------------------


def survey_key(session: Session, *, create: bool = True) -> tuple[str, str]:
    """This database's id and the secret that signs its forms, made on first use
    (without ``create``, a database that never made a form has an empty id: nothing
    is written while checking returned forms)."""
    key = session.scalars(select(SurveyKey).order_by(SurveyKey.id).limit(1)).first()
    if key is None and not create:
        return "", "00"
    if key is None:
        key = SurveyKey(database_id=secrets.token_hex(16), secret=secrets.token_hex(32))
        session.add(key)
        session.flush()
    return key.database_id, key.secret


# --- rounds ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundSummary:
    id: int
    program_id: int
    program_name: str
    name: str
    kind: SurveyKind
    opens_on: date
    due_on: date
    respondents: SurveyRespondents
    asked: int
    answered: int
    refused: int
    pairs: int
    mail_subject: str
    mail_body: str

    @property
    def pending(self) -> int:
        return self.asked - self.answered - self.refused

    @property
    def response_rate(self) -> float | None:
        """Answered ÷ asked, None when nobody was asked."""
        return self.answered / self.asked if self.asked else None


def _respondents_of(choice: SurveyRespondents) -> tuple[Respondent, ...]:
    if choice is SurveyRespondents.BOTH:
        return (Respondent.MENTEE, Respondent.MENTOR)
    return (Respondent(choice.value),)


def plan_round(
    session: Session,
    program_id: int,
    *,
    name: str,
    kind: SurveyKind | str,
    due_on: date,
    opens_on: date | None = None,
    respondents: SurveyRespondents | str = SurveyRespondents.MENTEE,
    model: MentorshipModel | str | None = None,
    pair_ids: Sequence[int] | None = None,
) -> RoundSummary:
    """A new round asking ``respondents`` about the program's pairs: the chosen ones,
    else its active pairs (of ``model`` when given). Refused with a sentence: no name,
    a name the program already uses, due before it opens, no pair to ask."""
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound(f"There is no program number {program_id}; it may have been deleted.")
    text = clean_text(name, "name", "round name", MAX_NAME)
    if not text:
        raise FieldProblem("name", "Give the round a name, e.g. 'March check-up'.")
    taken = session.scalar(
        select(SurveyRound.id).where(
            SurveyRound.program_id == program.id, func.lower(SurveyRound.name) == text.lower()
        )
    )
    if taken is not None:
        raise FieldProblem("name", f"{program.name} already has a round called '{text}'.")
    the_kind = parse_code(SurveyKind, kind, "kind", "kind of round")
    who = parse_code(SurveyRespondents, respondents, "respondents", "respondents")
    opens = opens_on or min(date.today(), due_on)
    if due_on < opens:
        raise FieldProblem(
            "due_on",
            f"The round is due ({due_on.isoformat()}) before it opens ({opens.isoformat()}).",
        )
    query = select(Pair).where(Pair.program_id == program.id)
    if pair_ids is not None:
        chosen = set(pair_ids)
        pairs = [pair for pair in session.scalars(query) if pair.id in chosen]
        missing = chosen - {pair.id for pair in pairs}
        if missing:
            raise FieldProblem(
                "pairs",
                f"Pair {min(missing)} is not a pair of {program.name}.",
            )
    else:
        query = query.where(Pair.status == PairStatus.ACTIVE.value)
        if model is not None:
            the_model = parse_code(MentorshipModel, model, "model", "model")
            query = query.where(Pair.model == the_model.value)
        pairs = list(session.scalars(query.order_by(Pair.id)))
    if not pairs:
        which = " of that model" if model else ""
        raise FieldProblem("pairs", f"{program.name} has no active pair{which} to ask.")
    survey = SurveyRound(
        program_id=program.id,
        name=text,
        kind=the_kind.value,
        opens_on=opens,
        due_on=due_on,
        respondents=who.value,
        mail_subject="",
        mail_body="",
    )
    session.add(survey)
    session.flush()
    session.add_all(
        SurveyRespondent(
            round_id=survey.id, pair_id=pair.id, respondent=person.value, state="pending", note=""
        )
        for pair in sorted(pairs, key=lambda p: p.id)
        for person in _respondents_of(who)
    )
    session.flush()
    return get_round(session, survey.id)


def _load_round(session: Session, round_id: int) -> SurveyRound:
    survey = session.get(SurveyRound, round_id)
    if survey is None:
        raise NotFound(f"There is no survey round number {round_id}; it may have been deleted.")
    return survey


def _summaries(session: Session, round_ids: Iterable[int] | None) -> list[RoundSummary]:
    query = select(SurveyRound, Program.name).join(Program, Program.id == SurveyRound.program_id)
    if round_ids is not None:
        query = query.where(SurveyRound.id.in_(list(round_ids)))
    rounds = session.execute(query.order_by(SurveyRound.due_on, SurveyRound.id)).all()
    counts: dict[int, Counter[str]] = {}
    pairs: dict[int, set[int]] = {}
    ids = [survey.id for survey, _ in rounds]
    if ids:
        for round_id, pair_id, state in session.execute(
            select(
                SurveyRespondent.round_id, SurveyRespondent.pair_id, SurveyRespondent.state
            ).where(SurveyRespondent.round_id.in_(ids))
        ):
            counts.setdefault(round_id, Counter())[state] += 1
            pairs.setdefault(round_id, set()).add(pair_id)
    result = []
    for survey, program_name in rounds:
        tally = counts.get(survey.id, Counter())
        result.append(
            RoundSummary(
                id=survey.id,
                program_id=survey.program_id,
                program_name=program_name,
                name=survey.name,
                kind=SurveyKind(survey.kind),
                opens_on=survey.opens_on,
                due_on=survey.due_on,
                respondents=SurveyRespondents(survey.respondents),
                asked=sum(tally.values()),
                answered=tally[SurveyState.ANSWERED.value],
                refused=tally[SurveyState.REFUSED.value],
                pairs=len(pairs.get(survey.id, ())),
                mail_subject=survey.mail_subject or DEFAULT_SUBJECT,
                mail_body=survey.mail_body or DEFAULT_BODY,
            )
        )
    return result


def get_round(session: Session, round_id: int) -> RoundSummary:
    _load_round(session, round_id)
    return _summaries(session, [round_id])[0]


def list_rounds(session: Session, program_id: int | None = None) -> list[RoundSummary]:
    """Every round (of one program when given), by due date, with response counts."""
    rounds = _summaries(session, None)
    return [r for r in rounds if program_id is None or r.program_id == program_id]


def find_round(session: Session, text: str) -> int:
    """The round a user names: its number, else its name (any case), which must be unique."""
    wanted = " ".join((text or "").split())
    if wanted.isdigit():
        _load_round(session, int(wanted))
        return int(wanted)
    found = session.execute(
        select(SurveyRound.id, Program.name)
        .join(Program, Program.id == SurveyRound.program_id)
        .where(func.lower(SurveyRound.name) == wanted.lower())
    ).all()
    if len(found) == 1:
        return int(found[0][0])
    if len(found) > 1:
        programs = ", ".join(f"{name} (round {rid})" for rid, name in found)
        raise MentorDeskError(
            f"More than one round is called '{wanted}': {programs}. Give the round's number."
        )
    known = session.scalars(select(SurveyRound.name).order_by(SurveyRound.name)).all()
    hint = f" Known rounds: {', '.join(known)}." if known else " There are no rounds yet."
    raise NotFound(f"There is no survey round called '{wanted}'.{hint}")


def set_mail_template(session: Session, round_id: int, subject: str, body: str) -> None:
    """The wording of the round's e-mail drafts ({name}, {round}, {due}, {program},
    {other}, {code} are filled in per person)."""
    survey = _load_round(session, round_id)
    survey.mail_subject = clean_text(subject, "mail_subject", "subject", 500)
    survey.mail_body = clean_text(body, "mail_body", "message", MAX_TEXT)
    session.flush()


def delete_round(session: Session, round_id: int) -> None:
    """Delete a round; the assessments collected through it stay (no longer linked)."""
    session.delete(_load_round(session, round_id))
    session.flush()


# --- who is asked ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormSpec:
    """Everything printed on one respondent's form."""

    round_id: int
    round_name: str
    kind: SurveyKind
    due_on: date
    program_name: str
    pair_id: int
    respondent: Respondent
    person_name: str
    person_email: str | None
    other_name: str
    mentee_name: str
    mentor_name: str
    goals: tuple[tuple[int, str], ...]
    token: str
    paper_code: str
    state: SurveyState
    answered_on: date | None
    note: str

    @property
    def file_stem(self) -> str:
        """``<round> - <name>``, safe as a file name on every system."""
        text = f"{self.round_name} - {self.person_name} ({self.paper_code})"
        keep = "".join(ch if ch.isalnum() or ch in " -_().,'&" else "_" for ch in text)
        return " ".join(keep.split())[:150]


def form_specs(session: Session, round_id: int) -> list[FormSpec]:
    """One spec per person asked in the round, by pair then mentee before mentor."""
    survey = _load_round(session, round_id)
    database_id, secret = survey_key(session)
    program = session.get(Program, survey.program_id)
    assert program is not None
    rows = session.execute(
        select(SurveyRespondent, Pair)
        .join(Pair, Pair.id == SurveyRespondent.pair_id)
        .where(SurveyRespondent.round_id == survey.id)
        .order_by(SurveyRespondent.pair_id, SurveyRespondent.respondent)
    ).all()
    pair_ids = {pair.id for _, pair in rows}
    people_ids = {pair.mentor_id for _, pair in rows} | {pair.mentee_id for _, pair in rows}
    people = {
        person.id: person
        for person in session.scalars(select(Person).where(Person.id.in_(people_ids)))
    }
    goals: dict[int, list[tuple[int, str]]] = {}
    if survey.kind == SurveyKind.CLOSING.value and pair_ids:
        for goal in session.scalars(
            select(Goal).where(Goal.pair_id.in_(pair_ids)).order_by(Goal.position, Goal.id)
        ):
            goals.setdefault(goal.pair_id, []).append((goal.id, goal.text))
    specs = []
    for asked, pair in rows:
        who = Respondent(asked.respondent)
        mentee, mentor = people[pair.mentee_id], people[pair.mentor_id]
        person, other = (mentor, mentee) if who is Respondent.MENTOR else (mentee, mentor)
        identity = FormIdentity(database_id, survey.id, pair.id, who)
        specs.append(
            FormSpec(
                round_id=survey.id,
                round_name=survey.name,
                kind=SurveyKind(survey.kind),
                due_on=survey.due_on,
                program_name=program.name,
                pair_id=pair.id,
                respondent=who,
                person_name=person.name,
                person_email=person.email,
                other_name=other.name,
                mentee_name=mentee.name,
                mentor_name=mentor.name,
                goals=tuple(goals.get(pair.id, ())),
                token=identity.token(secret),
                paper_code=identity.paper_code,
                state=SurveyState(asked.state),
                answered_on=asked.answered_on,
                note=asked.note or "",
            )
        )
    return specs


def find_paper_code(session: Session, code: str) -> FormSpec:
    """The respondent a paper form's short code names (``R3-0147-M``)."""
    parsed = parse_paper_code(code)
    if parsed is None:
        raise FieldProblem(
            "paper_code",
            f"'{code.strip()}' is not a form code; it looks like R3-0147-M "
            "(round, pair, M for the mentor or E for the mentee).",
        )
    for spec in form_specs(session, parsed.round_id):
        if spec.pair_id == parsed.pair_id and spec.respondent is parsed.respondent:
            return spec
    raise NotFound(
        f"Round {parsed.round_id} did not ask the {parsed.respondent.value} of pair "
        f"{parsed.pair_id}: check the code on the form."
    )


def set_refused(session: Session, round_id: int, pair_id: int, respondent: str, note: str) -> None:
    """Record that a person declined to answer the round (or, with no note, take it back)."""
    asked = _asked(session, round_id, pair_id, Respondent(respondent))
    if asked.state == SurveyState.ANSWERED.value:
        raise MentorDeskError("This person has already answered the round.")
    text = clean_text(note, "note", "note", 2000)
    asked.state = SurveyState.REFUSED.value if text else SurveyState.PENDING.value
    asked.note = text
    session.flush()


def _asked(session: Session, round_id: int, pair_id: int, who: Respondent) -> SurveyRespondent:
    asked = session.scalar(
        select(SurveyRespondent).where(
            SurveyRespondent.round_id == round_id,
            SurveyRespondent.pair_id == pair_id,
            SurveyRespondent.respondent == who.value,
        )
    )
    if asked is None:
        raise NotFound(f"Round {round_id} does not ask the {who.value} of pair {pair_id}.")
    return asked


# --- surveys due -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRow:
    pair_id: int
    program_id: int
    program_name: str
    mentee_name: str
    mentor_name: str
    kind: SurveyKind
    scheduled_on: date
    overdue: bool
    days_late: int


@dataclass(frozen=True)
class _Scheduled:
    """An active pair, its program's schedule and the days it was surveyed."""

    pair: Pair
    program_name: str
    schedule: SurveySchedule
    covered: list[date]


def _scheduled_pairs(
    session: Session, day: date, program_id: int | None
) -> list[_Scheduled]:
    query = (
        select(Pair, Program)
        .join(Program, Program.id == Pair.program_id)
        .where(Pair.status == PairStatus.ACTIVE.value, Pair.start_date <= day)
        .order_by(Pair.id)
    )
    if program_id is not None:
        query = query.where(Pair.program_id == program_id)
    pairs = session.execute(query).all()
    covered: dict[int, list[date]] = {}
    for pair_id, due_on in session.execute(
        select(SurveyRespondent.pair_id, SurveyRound.due_on)
        .join(SurveyRound, SurveyRound.id == SurveyRespondent.round_id)
        .where(SurveyRound.opens_on <= day)
    ):
        covered.setdefault(pair_id, []).append(due_on)
    for pair_id, assessed in session.execute(
        select(Assessment.pair_id, Assessment.day).where(
            Assessment.respondent == Respondent.MENTEE.value, Assessment.day <= day
        )
    ):
        covered.setdefault(pair_id, []).append(assessed)
    schedules: dict[int, SurveySchedule] = {}
    result = []
    for pair, program in pairs:
        if program.id not in schedules:
            schedules[program.id] = program_schedule(program)
        result.append(
            _Scheduled(pair, program.name, schedules[program.id], covered.get(pair.id, []))
        )
    return result


def surveys_due(
    session: Session, as_of: date | None = None, program_id: int | None = None
) -> list[DueRow]:
    """Active pairs whose next scheduled survey (their program's schedule setting) is due
    or overdue on ``as_of`` and no round or mentee assessment has covered yet; earliest first."""
    day = as_of or date.today()
    names = dict(session.execute(select(Person.id, Person.name)).all())
    rows = []
    for item in _scheduled_pairs(session, day, program_id):
        pair, setting = item.pair, item.schedule
        due = next_due(
            schedule_of(setting, pair.start_date, pair.planned_end),
            item.covered,
            day,
            covered_within=setting.covered_within,
        )
        if due is None:
            continue
        rows.append(
            DueRow(
                pair_id=pair.id,
                program_id=pair.program_id,
                program_name=item.program_name,
                mentee_name=names.get(pair.mentee_id, ""),
                mentor_name=names.get(pair.mentor_id, ""),
                kind=due.scheduled.kind,
                scheduled_on=due.scheduled.day,
                overdue=due.overdue,
                days_late=due.days_late,
            )
        )
    rows.sort(key=lambda row: (row.scheduled_on, row.mentee_name.casefold()))
    return rows


# --- rounds proposed from the schedule ---------------------------------------------------------

PROPOSE_AHEAD_DAYS = 30
"""Rounds are proposed for the scheduled surveys up to this many days ahead (and late ones)."""

ANSWER_WITHIN_DAYS = 14
"""A proposed round gives people at least this many days to answer."""


@dataclass(frozen=True)
class ProposedRound:
    """A round the schedule proposes: one program, one kind, the pairs scheduled in one month."""

    program_id: int
    program_name: str
    name: str
    kind: SurveyKind
    opens_on: date
    due_on: date
    respondents: SurveyRespondents
    pair_ids: tuple[int, ...]
    overdue: int

    def describe(self) -> str:
        late = f", {self.overdue} overdue" if self.overdue else ""
        pairs = len(self.pair_ids)
        return f"{pairs} pair{'' if pairs == 1 else 's'}{late}"


def propose_rounds(
    session: Session,
    as_of: date | None = None,
    program_id: int | None = None,
    *,
    ahead_days: int = PROPOSE_AHEAD_DAYS,
) -> list[ProposedRound]:
    """Rounds that would cover every active pair's next scheduled survey falling by
    ``ahead_days`` after ``as_of`` (or already late), grouped by program, kind and the
    month it is scheduled in (late ones in this month). A check-up asks the mentees, a
    closing round both (it records the pair's outcome as each sees it). Opens on
    ``as_of``, due on the group's last scheduled day but at least two weeks on. Names
    are free in their program ("March 2027 check-up", else "… (2)")."""
    day = as_of or date.today()
    horizon = day + timedelta(days=ahead_days)
    groups: dict[tuple[int, SurveyKind, date], list[tuple[int, date]]] = {}
    programs: dict[int, str] = {}
    for item in _scheduled_pairs(session, day, program_id):
        pair, setting = item.pair, item.schedule
        survey = next_uncovered(
            schedule_of(setting, pair.start_date, pair.planned_end),
            item.covered,
            covered_within=setting.covered_within,
        )
        if survey is None or survey.day > horizon:
            continue
        month = max(survey.day, day).replace(day=1)
        groups.setdefault((pair.program_id, survey.kind, month), []).append(
            (pair.id, survey.day)
        )
        programs[pair.program_id] = item.program_name
    taken: dict[int, set[str]] = {}
    for owner, name in session.execute(
        select(SurveyRound.program_id, SurveyRound.name).where(
            SurveyRound.program_id.in_(list(programs))
        )
    ):
        taken.setdefault(owner, set()).add(name.casefold())
    proposals = []
    def order(key: tuple[int, SurveyKind, date]) -> tuple[str, date, str]:
        return programs[key[0]].casefold(), key[2], key[1].value

    for (owner, kind, month), members in sorted(groups.items(), key=lambda g: order(g[0])):
        label = "check-up" if kind is SurveyKind.CHECKUP else f"{kind.label.lower()} survey"
        base = f"{month.strftime('%B %Y')} {label}"
        name, number = base, 2
        used = taken.setdefault(owner, set())
        while name.casefold() in used:
            name, number = f"{base} ({number})", number + 1
        used.add(name.casefold())
        proposals.append(
            ProposedRound(
                program_id=owner,
                program_name=programs[owner],
                name=name,
                kind=kind,
                opens_on=day,
                due_on=max(max(d for _, d in members), day + timedelta(days=ANSWER_WITHIN_DAYS)),
                respondents=(
                    SurveyRespondents.BOTH
                    if kind is SurveyKind.CLOSING
                    else SurveyRespondents.MENTEE
                ),
                pair_ids=tuple(sorted(pair_id for pair_id, _ in members)),
                overdue=sum(1 for _, d in members if d < day),
            )
        )
    return proposals


def create_proposed(session: Session, proposals: Sequence[ProposedRound]) -> list[RoundSummary]:
    """Plan the proposed rounds the coordinator ticked (all or none: one transaction)."""
    return [
        plan_round(
            session,
            proposal.program_id,
            name=proposal.name,
            kind=proposal.kind,
            due_on=proposal.due_on,
            opens_on=proposal.opens_on,
            respondents=proposal.respondents,
            pair_ids=proposal.pair_ids,
        )
        for proposal in proposals
    ]


# --- collecting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnedForm:
    """What the file format read from one returned file (no database involved yet)."""

    source: str
    token: str | None
    metadata_token: str | None
    answers: FormAnswers
    problem: str | None = None


ReviewStatus = Literal["new", "same", "replaces", "older", "empty", "refused"]


@dataclass(frozen=True)
class Review:
    """One returned form checked against the database: a row of the collect review."""

    source: str
    status: ReviewStatus
    problem: str | None
    identity: FormIdentity | None = None
    person_name: str = ""
    pair_label: str = ""
    round_name: str = ""
    answers: FormAnswers = field(default_factory=FormAnswers)
    day: date | None = None

    @property
    def importable(self) -> bool:
        return self.status in ("new", "replaces")

    @property
    def missing(self) -> list[str]:
        return self.answers.missing

    @property
    def completeness(self) -> str:
        """"complete", "not answered" or which statements are missing."""
        if self.identity is None:
            return ""
        if self.answers.is_empty:
            return "not answered"
        missing = self.answers.missing
        if not missing:
            return "complete"
        return "missing " + ", ".join(_short(code) for code in missing)

    @property
    def message(self) -> str:
        """The row's status in words."""
        if self.problem:
            return self.problem
        return {
            "new": "ready to import",
            "same": "already collected: nothing changes",
            "replaces": "a different answer was collected before: this later one replaces it",
            "older": "a later answer was collected before: this older one is not imported",
            "empty": "not answered: nothing to import",
            "refused": "",
        }[self.status]


def _short(code: str) -> str:
    """``competence_2`` → ``Competence 2``: the item as the coordinator reads it."""
    item = ITEMS_BY_CODE.get(code)
    if item is None:
        return code
    return f"{item.dimension.label} {code.rsplit('_', 1)[-1]}"


def _refuse(form: ReturnedForm, problem: str, **known: object) -> Review:
    return Review(source=form.source, status="refused", problem=problem, **known)  # type: ignore[arg-type]


def check_returns(
    session: Session, forms: Sequence[ReturnedForm], *, today: date | None = None
) -> list[Review]:
    """Identify and check each returned form; nothing is written.

    Refused with the reason: a file the format could not read, a form of another
    database, an edited identity, a form whose identity differs from its document's
    (copied to answer for someone else), a deleted round or pair, answers after the
    pair ended or in the future, answers that break the scoring rules, and a second
    file in the same batch for the same person (the later answered one counts).
    """
    day_today = today or date.today()
    database_id, secret = survey_key(session, create=False)
    reviews: list[Review] = []
    for form in forms:
        reviews.append(_check_one(session, form, database_id, secret, day_today))
    # Two files for the same person in one batch: the later answered one counts.
    chosen: dict[tuple[int, int, str], int] = {}
    today_ = day_today
    for index, review in enumerate(reviews):
        if review.identity is None or not review.importable:
            continue
        who = review.identity
        key = (who.round_id, who.pair_id, who.respondent.value)
        first = chosen.setdefault(key, index)
        if first == index:
            continue
        other = reviews[first]
        if review.answers.digest() == other.answers.digest():
            reviews[index] = replace(review, status="same", problem=None)
            continue
        newer = (review.day or today_) >= (other.day or today_)
        later, earlier = (index, first) if newer else (first, index)
        reviews[earlier] = replace(
            reviews[earlier],
            status="refused",
            problem=f"{reviews[later].source} answers for the same person, later",
        )
        chosen[key] = later
    return reviews


def _check_one(
    session: Session, form: ReturnedForm, database_id: str, secret: str, today: date
) -> Review:
    if form.problem:
        return _refuse(form, form.problem)
    if not form.token:
        if form.metadata_token:
            return _refuse(
                form,
                "its form fields are gone (printed or flattened to PDF?): "
                "type the answers in with the paper code",
            )
        return _refuse(form, "it is not a MentorDesk survey form (no identity field)")
    try:
        identity = read_token(form.token, database_id, secret)
    except TokenProblem as problem:
        return _refuse(form, str(problem))
    if form.metadata_token is not None and form.metadata_token.strip() != form.token.strip():
        return _refuse(
            form,
            "its identity field does not match the document it is in: it was copied from "
            "another person's form",
            identity=identity,
        )
    survey = session.get(SurveyRound, identity.round_id)
    if survey is None:
        return _refuse(form, "its survey round was deleted", identity=identity)
    pair = session.get(Pair, identity.pair_id)
    if pair is None:
        return _refuse(
            form, f"pair {identity.pair_id} was deleted", identity=identity, round_name=survey.name
        )
    asked = session.scalar(
        select(SurveyRespondent).where(
            SurveyRespondent.round_id == survey.id,
            SurveyRespondent.pair_id == pair.id,
            SurveyRespondent.respondent == identity.respondent.value,
        )
    )
    mentee, mentor = session.get(Person, pair.mentee_id), session.get(Person, pair.mentor_id)
    assert mentee is not None and mentor is not None
    person = mentor if identity.respondent is Respondent.MENTOR else mentee
    known = {
        "identity": identity,
        "person_name": f"{person.name} ({identity.respondent.label.lower()})",
        "pair_label": f"{mentee.name} with {mentor.name}",
        "round_name": survey.name,
        "answers": form.answers,
    }
    if asked is None:
        return _refuse(form, "the round no longer asks this person", **known)
    answers = form.answers
    if answers.is_empty:
        return Review(source=form.source, status="empty", problem=None, **known)  # type: ignore[arg-type]
    day = answers.answered_on or today
    known["day"] = day
    if day > today:
        return _refuse(form, f"it says it was answered on {day.isoformat()}, after today", **known)
    if day < pair.start_date:
        return _refuse(
            form,
            f"it says it was answered on {day.isoformat()}, before the pair started "
            f"({pair.start_date.isoformat()})",
            **known,
        )
    ended_on = _ended_on(session, pair)
    if ended_on is not None and survey.kind != SurveyKind.CLOSING.value and day > ended_on:
        return _refuse(
            form,
            f"it was answered on {day.isoformat()}, after the pair ended "
            f"({ended_on.isoformat()})",
            **known,
        )
    try:
        validate_answers(dict(answers.ratings))
    except AnswerError as error:
        if error.dimension is None:
            return _refuse(form, error.message, **known)
        return _refuse(
            form,
            f"{error.dimension.label}: fewer than two of its three statements are answered "
            "(at least two are needed to score it)",
            **known,
        )
    if asked.state == SurveyState.ANSWERED.value:
        if asked.answers_digest == answers.digest():
            return Review(source=form.source, status="same", problem=None, **known)  # type: ignore[arg-type]
        if asked.answered_on is not None and day < asked.answered_on:
            return Review(source=form.source, status="older", problem=None, **known)  # type: ignore[arg-type]
        return Review(source=form.source, status="replaces", problem=None, **known)  # type: ignore[arg-type]
    return Review(source=form.source, status="new", problem=None, **known)  # type: ignore[arg-type]


def _ended_on(session: Session, pair: Pair) -> date | None:
    """The day an ended pair ended: when its status was last changed (audit log), else
    its planned end; None for a pair that has not ended."""
    if PairStatus(pair.status) not in ENDED_STATUSES:
        return None
    changes = session.execute(
        select(AuditEntry.at, AuditEntry.fields)
        .where(AuditEntry.record_type == "pair", AuditEntry.record_id == pair.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()
    for at, fields in changes:
        if "status" in (fields or []):
            return at.date() if pair.planned_end is None else min(at.date(), pair.planned_end)
    return pair.planned_end


@dataclass(frozen=True)
class ImportResult:
    imported: int
    replaced: int
    unchanged: int
    assessment_ids: tuple[int, ...]


def import_returns(
    session: Session,
    reviews: Sequence[Review],
    *,
    keep: Literal["later", "new"] = "later",
    now: datetime | None = None,
) -> ImportResult:
    """Write the importable reviews: each becomes an assessment of its respondent, dated on
    its "answered on" day (else the day collected) and linked to its round; a closing
    round's answers become the pair's outcome. A different answer for a person who has
    answered already replaces theirs (``keep="later"``: only when it is not older;
    ``keep="new"``: always), and the audit log says so."""
    stamp = (now or datetime.now()).replace(microsecond=0)
    imported = replaced = unchanged = 0
    ids: list[int] = []
    for review in reviews:
        status = review.status
        if status == "older" and keep == "new":
            status = "replaces"
        if status not in ("new", "replaces"):
            unchanged += 1
            continue
        identity = review.identity
        assert identity is not None and review.day is not None
        asked = _asked(session, identity.round_id, identity.pair_id, identity.respondent)
        survey = _load_round(session, identity.round_id)
        if status == "replaces":
            if asked.assessment_id is not None:
                old = session.get(Assessment, asked.assessment_id)
                if old is not None:
                    session.delete(old)
            session.execute(
                delete(SurveyOutcome).where(
                    SurveyOutcome.round_id == survey.id,
                    SurveyOutcome.pair_id == identity.pair_id,
                    SurveyOutcome.respondent == identity.respondent.value,
                )
            )
            session.flush()
            audit.record(
                session,
                "change",
                "survey_respondent",
                asked.id,
                f"Round '{survey.name}': the answer collected for the "
                f"{identity.respondent.value} of pair {identity.pair_id} "
                f"(answered {asked.answered_on.isoformat() if asked.answered_on else '?'}) "
                f"was replaced by a different one answered {review.day.isoformat()} "
                f"({review.source}).",
                ["answers"],
            )
            replaced += 1
        answers = review.answers
        summary = record_assessment(
            session,
            identity.pair_id,
            day=review.day,
            respondent=identity.respondent,
            answers=dict(answers.ratings),
            comment=answers.comment[:MAX_TEXT],
        )
        assessment = session.get(Assessment, summary.id)
        assert assessment is not None
        assessment.survey_round_id = survey.id
        asked.state = SurveyState.ANSWERED.value
        asked.answered_on = review.day
        asked.collected_at = stamp
        asked.answers_digest = answers.digest()
        asked.assessment_id = summary.id
        asked.note = ""
        if survey.kind == SurveyKind.CLOSING.value:
            goal_texts = dict(
                session.execute(
                    select(Goal.id, Goal.text).where(Goal.pair_id == identity.pair_id)
                ).all()
            )
            session.add(
                SurveyOutcome(
                    round_id=survey.id,
                    pair_id=identity.pair_id,
                    respondent=identity.respondent.value,
                    answered_on=review.day,
                    goals=[
                        {
                            "goal_id": goal_id,
                            "text": goal_texts.get(goal_id, "(a goal since deleted)"),
                            "answer": outcome.value,
                        }
                        for goal_id, outcome in sorted(answers.goals.items())
                    ],
                    recommend=answers.recommend,
                    keep=answers.keep[:MAX_TEXT],
                    change=answers.change[:MAX_TEXT],
                )
            )
        session.flush()
        imported += 1
        ids.append(summary.id)
    return ImportResult(imported, replaced, unchanged, tuple(ids))


# --- the round view ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeRow:
    pair_id: int
    respondent: Respondent
    answered_on: date
    goals: tuple[tuple[str, str], ...]
    recommend: int | None
    keep: str
    change: str


def round_outcomes(session: Session, round_id: int) -> list[OutcomeRow]:
    """A closing round's outcomes: per pair and respondent, goals, recommendation, keep/change."""
    _load_round(session, round_id)
    return [
        OutcomeRow(
            pair_id=row.pair_id,
            respondent=Respondent(row.respondent),
            answered_on=row.answered_on,
            goals=tuple((goal["text"], goal["answer"]) for goal in row.goals),
            recommend=row.recommend,
            keep=row.keep,
            change=row.change,
        )
        for row in session.scalars(
            select(SurveyOutcome)
            .where(SurveyOutcome.round_id == round_id)
            .order_by(SurveyOutcome.pair_id, SurveyOutcome.respondent)
        )
    ]


def record_paper_answers(
    session: Session,
    round_id: int,
    pair_id: int,
    respondent: Respondent | str,
    *,
    ratings: dict[str, int],
    comment: str = "",
    day: date | None = None,
    today: date | None = None,
) -> ImportResult:
    """A paper form typed in (found by its code): checked and recorded exactly as a returned
    file would be, the answers typed replacing any collected before (audited)."""
    database_id, secret = survey_key(session)
    who = parse_code(Respondent, respondent, "respondent", "respondent")
    identity = FormIdentity(database_id, round_id, pair_id, who)
    token = identity.token(secret)
    answers = FormAnswers(ratings=dict(ratings), comment=comment, answered_on=day)
    form = ReturnedForm(identity.paper_code, token, token, answers)
    (review,) = check_returns(session, [form], today=today)
    if review.status == "refused":
        raise MentorDeskError(f"Form {identity.paper_code}: {review.problem}.")
    if review.status == "empty":
        raise MentorDeskError("Answer at least two statements of each dimension first.")
    return import_returns(session, [review], keep="new", now=None)
