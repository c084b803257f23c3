"""The database tables, as SQLAlchemy 2 typed models.

Codes are stored as the lower-case strings of ``domain.vocabularies`` and
checked by the database. Editable records carry a version counter so that two
coordinators saving the same record cannot silently overwrite each other.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from mentordesk.domain.questionnaire import ITEM_CODES, RATING_MAX, RATING_MIN
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
    SurveyKind,
    SurveyRespondents,
    SurveyState,
    Vocabulary,
)

# Stable constraint names, so migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def one_of(
    column: str, vocabulary: type[Vocabulary] | tuple[str, ...], name: str
) -> CheckConstraint:
    """A check constraint that ``column`` holds one of the vocabulary's codes."""
    codes = vocabulary if isinstance(vocabulary, tuple) else tuple(vocabulary.codes())
    allowed = ", ".join(f"'{code}'" for code in codes)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


class Versioned:
    """Optimistic locking: an UPDATE whose version no longer matches is refused
    (StaleDataError), so a second coordinator cannot overwrite the first."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Program(Versioned, Base):
    __tablename__ = "program"
    __table_args__ = (
        one_of("default_model", MentorshipModel, "default_model"),
        CheckConstraint("cadence_days BETWEEN 1 AND 365", name="cadence"),
        CheckConstraint(
            "threshold_medium >= 1 AND threshold_medium <= threshold_high AND threshold_high <= 5",
            name="thresholds",
        ),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    default_model: Mapped[str] = mapped_column(String(20))
    cadence_days: Mapped[int] = mapped_column(Integer, default=14)
    threshold_high: Mapped[float] = mapped_column(Float, default=4.0)
    threshold_medium: Mapped[float] = mapped_column(Float, default=3.0)
    # The survey schedule (DOMAIN.md "Survey rounds"): first check-up, then every, closing.
    survey_first_days: Mapped[int] = mapped_column(
        Integer, default=30, server_default=text("30")
    )
    survey_every_days: Mapped[int] = mapped_column(
        Integer, default=60, server_default=text("60")
    )
    survey_closing: Mapped[bool] = mapped_column(default=True, server_default=true())

    pairs: Mapped[list[Pair]] = relationship(back_populates="program", passive_deletes=True)
    plan: Mapped[list[PlanEntry]] = relationship(
        back_populates="program", cascade="all, delete-orphan", passive_deletes=True
    )


class PlanEntry(Versioned, Base):
    """The program's plan to sustain trust, one text per proactive-step heading."""

    __tablename__ = "plan_entry"
    __table_args__ = (
        UniqueConstraint("program_id", "heading", name="uq_plan_entry_heading"),
        one_of("heading", ProactiveStep, "heading"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    heading: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")

    program: Mapped[Program] = relationship(back_populates="plan")


class Person(Versioned, Base):
    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("capacity >= 0 AND capacity <= 50", name="capacity"),
        CheckConstraint("manager_id IS NULL OR manager_id <> id", name="not_own_manager"),
        Index("ix_person_name", "name"),
        Index("uq_person_uid", "uid", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A stable random id (32 hex digits), the same in every backup of this database:
    # the erasure ledger names erased people by it, never by their name.
    uid: Mapped[str | None] = mapped_column(String(32), default=lambda: uuid.uuid4().hex)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    employee_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    department: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    location: Mapped[str | None] = mapped_column(String(200))
    # Skills and interests as a list of tags; matching compares them in Python
    # over one mentee's candidates, so a JSON list is simpler than a tag table.
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    can_mentor: Mapped[bool] = mapped_column(default=False)
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)

    manager: Mapped[Person | None] = relationship(remote_side=[id])


OPEN_PAIR_STATUSES = "status IN ('proposed', 'active')"
"""The pairs that take the mentee's one place in a program (and a place of the mentor's)."""


class Pair(Versioned, Base):
    __tablename__ = "pair"
    __table_args__ = (
        one_of("model", MentorshipModel, "model"),
        one_of("status", PairStatus, "status"),
        CheckConstraint("mentor_id <> mentee_id", name="not_own_mentor"),
        CheckConstraint("cadence_days IS NULL OR cadence_days BETWEEN 1 AND 365", name="cadence"),
        CheckConstraint("planned_end IS NULL OR planned_end >= start_date", name="dates"),
        Index("ix_pair_program_status", "program_id", "status"),
        Index("ix_pair_mentee", "mentee_id"),
        Index("ix_pair_mentor", "mentor_id"),
        # DOMAIN.md: one proposed-or-active pair per mentee and program, held by the
        # database itself so that two saves at the same moment cannot both pass.
        Index(
            "uq_pair_open_mentee",
            "program_id",
            "mentee_id",
            unique=True,
            sqlite_where=text(OPEN_PAIR_STATUSES),
            postgresql_where=text(OPEN_PAIR_STATUSES),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    model: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    agreement_signed: Mapped[date | None] = mapped_column(Date)
    expectations: Mapped[str] = mapped_column(Text, default="")
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    end_reason: Mapped[str | None] = mapped_column(Text)

    program: Mapped[Program] = relationship(back_populates="pairs")
    mentor: Mapped[Person] = relationship(foreign_keys=[mentor_id])
    mentee: Mapped[Person] = relationship(foreign_keys=[mentee_id])
    goals: Mapped[list[Goal]] = relationship(
        back_populates="pair",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Goal.position",
    )
    activities: Mapped[list[Activity]] = relationship(
        back_populates="pair",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Activity.day, Activity.id)",
    )
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="pair",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Assessment.day, Assessment.id)",
    )
    conflicts: Mapped[list[Conflict]] = relationship(
        back_populates="pair",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Conflict.opened, Conflict.id)",
    )
    ethics_reviews: Mapped[list[EthicsReview]] = relationship(
        back_populates="pair",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(EthicsReview.day, EthicsReview.id)",
    )
    reviews: Mapped[list[PairReview]] = relationship(
        back_populates="pair",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(PairReview.day, PairReview.id)",
    )


class Goal(Versioned, Base):
    __tablename__ = "goal"
    __table_args__ = (one_of("status", GoalStatus, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pair.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    target: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=GoalStatus.OPEN.value)

    pair: Mapped[Pair] = relationship(back_populates="goals")


class Activity(Versioned, Base):
    __tablename__ = "activity"
    __table_args__ = (
        one_of("kind", ActivityKind, "kind"),
        one_of("outcome", ActivityOutcome, "outcome"),
        CheckConstraint("minutes IS NULL OR minutes BETWEEN 1 AND 1440", name="minutes"),
        Index("ix_activity_pair_on", "pair_id", "day"),
        # The roster's last held day of each pair (migration 0007).
        Index("ix_activity_pair_outcome_on", "pair_id", "outcome", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pair.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    minutes: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    confidential: Mapped[bool] = mapped_column(default=False)

    pair: Mapped[Pair] = relationship(back_populates="activities")


class Assessment(Versioned, Base):
    """One answered questionnaire. The scores are computed from the answers by
    ``domain.scoring`` when saved and kept here so that program-wide figures
    can be aggregated in SQL; the answers remain the source of truth."""

    __tablename__ = "assessment"
    __table_args__ = (
        one_of("respondent", Respondent, "respondent"),
        Index("ix_assessment_pair_on", "pair_id", "day"),
        # The roster's latest mentee score of each pair (migration 0007).
        Index("ix_assessment_pair_respondent_on", "pair_id", "respondent", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pair.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    respondent: Mapped[str] = mapped_column(String(10))
    comment: Mapped[str] = mapped_column(Text, default="")
    overall: Mapped[float | None] = mapped_column(Float)
    competence: Mapped[float | None] = mapped_column(Float)
    integrity: Mapped[float | None] = mapped_column(Float)
    benevolence: Mapped[float | None] = mapped_column(Float)
    loyalty: Mapped[float | None] = mapped_column(Float)
    cognitive: Mapped[float | None] = mapped_column(Float)
    affective: Mapped[float | None] = mapped_column(Float)
    behavioral: Mapped[float | None] = mapped_column(Float)
    # The survey round whose returned form this is; None when typed in by hand.
    survey_round_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_round.id", ondelete="SET NULL"), index=True
    )

    pair: Mapped[Pair] = relationship(back_populates="assessments")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Answer.id",
    )


class Answer(Base):
    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("assessment_id", "item", name="uq_answer_item"),
        one_of("item", ITEM_CODES, "item"),
        CheckConstraint(f"rating BETWEEN {RATING_MIN} AND {RATING_MAX}", name="rating"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Found by assessment through uq_answer_item's index, whose first column it is (a
    # second index of its own only slowed every write: migration 0010).
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(30))
    rating: Mapped[int] = mapped_column(Integer)

    assessment: Mapped[Assessment] = relationship(back_populates="answers")


class Conflict(Versioned, Base):
    __tablename__ = "conflict"
    __table_args__ = (
        one_of("kind", ConflictKind, "kind"),
        one_of("severity", Severity, "severity"),
        one_of("status", ConflictStatus, "status"),
        Index("ix_conflict_program_status", "program_id", "status"),
        Index("ix_conflict_pair", "pair_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("pair.id", ondelete="CASCADE"))
    opened: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))
    severity: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text, default="")
    confidential: Mapped[bool] = mapped_column(default=False)
    # The status of the latest step, kept in step with ``steps`` by the service
    # so lists and counts need no subquery.
    status: Mapped[str] = mapped_column(String(20), default=ConflictStatus.OPEN.value)
    root_cause: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")

    pair: Mapped[Pair | None] = relationship(back_populates="conflicts")
    steps: Mapped[list[ConflictStep]] = relationship(
        back_populates="conflict",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ConflictStep.position",
    )


class ConflictStep(Base):
    __tablename__ = "conflict_step"
    __table_args__ = (one_of("status", ConflictStatus, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conflict_id: Mapped[int] = mapped_column(
        ForeignKey("conflict.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    conflict: Mapped[Conflict] = relationship(back_populates="steps")


class EthicsReview(Base):
    """One review of one guideline for one pair; the latest per guideline counts."""

    __tablename__ = "ethics_review"
    __table_args__ = (
        one_of("guideline", EthicsGuideline, "guideline"),
        one_of("state", EthicsState, "state"),
        Index("ix_ethics_review_pair_guideline", "pair_id", "guideline", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pair.id", ondelete="CASCADE"))
    guideline: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    reviewer: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    pair: Mapped[Pair] = relationship(back_populates="ethics_reviews")


class PairReview(Versioned, Base):
    __tablename__ = "pair_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pair.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")

    pair: Mapped[Pair] = relationship(back_populates="reviews")
    reflections: Mapped[list[Reflection]] = relationship(
        back_populates="review",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Reflection.id",
    )


class Reflection(Base):
    """A pair review's reflection on one of the five lessons."""

    __tablename__ = "reflection"
    __table_args__ = (
        UniqueConstraint("review_id", "lesson", name="uq_reflection_lesson"),
        one_of("lesson", Lesson, "lesson"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("pair_review.id", ondelete="CASCADE"))
    lesson: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")

    review: Mapped[PairReview] = relationship(back_populates="reflections")


class Workshop(Versioned, Base):
    __tablename__ = "workshop"
    __table_args__ = (one_of("kind", ActivityKind, "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default=ActivityKind.WORKSHOP.value)
    start_time: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str | None] = mapped_column(String(200))
    facilitator: Mapped[str | None] = mapped_column(String(200))

    attendees: Mapped[list[Attendance]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Attendance.id",
    )


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("workshop_id", "person_id", name="uq_attendance_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)

    workshop: Mapped[Workshop] = relationship(back_populates="attendees")
    person: Mapped[Person] = relationship()


class AuditEntry(Base):
    """That a record changed, and which fields: never the confidential text itself."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        CheckConstraint("action IN ('create', 'change', 'delete', 'erase')", name="action"),
        Index("ix_audit_entry_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(10))
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int | None] = mapped_column(Integer)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    # What the change made of each field that is not free text: {field: [old, new]}
    # (JSON-ready values). Free text and confidential fields are never copied here.
    changes: Mapped[dict[str, list[Any]] | None] = mapped_column(JSON)


class SurveyKey(Base):
    """This database's identity and the secret that signs its survey forms (one row)."""

    __tablename__ = "survey_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    database_id: Mapped[str] = mapped_column(String(32))
    secret: Mapped[str] = mapped_column(String(64))


class SurveyRound(Versioned, Base):
    """A survey round of a program: who answers, when, about which pairs."""

    __tablename__ = "survey_round"
    __table_args__ = (
        UniqueConstraint("program_id", "name", name="uq_survey_round_name"),
        one_of("kind", SurveyKind, "kind"),
        one_of("respondents", SurveyRespondents, "respondents"),
        CheckConstraint("due_on >= opens_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    opens_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    respondents: Mapped[str] = mapped_column(String(10))
    # The e-mail drafts' subject and body; empty: the default wording.
    mail_subject: Mapped[str] = mapped_column(Text, default="")
    mail_body: Mapped[str] = mapped_column(Text, default="")

    people: Mapped[list[SurveyRespondent]] = relationship(
        back_populates="round",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SurveyRespondent.id",
    )


class SurveyRespondent(Base):
    """One person asked in a round about one pair, and where their answer stands."""

    __tablename__ = "survey_respondent"
    __table_args__ = (
        UniqueConstraint("round_id", "pair_id", "respondent", name="uq_survey_respondent_who"),
        one_of("respondent", Respondent, "respondent"),
        one_of("state", SurveyState, "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pair.id", ondelete="CASCADE"), index=True)
    respondent: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(20), default="pending")
    answered_on: Mapped[date | None] = mapped_column(Date)
    collected_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A digest of the answers collected, so the same form collected again changes nothing.
    answers_digest: Mapped[str | None] = mapped_column(String(64))
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(Text, default="")

    round: Mapped[SurveyRound] = relationship(back_populates="people")


class SurveyOutcome(Base):
    """A closing round's answers of one respondent: the pair's outcome as they see it."""

    __tablename__ = "survey_outcome"
    __table_args__ = (
        UniqueConstraint("round_id", "pair_id", "respondent", name="uq_survey_outcome_who"),
        one_of("respondent", Respondent, "respondent"),
        CheckConstraint("recommend IS NULL OR recommend BETWEEN 0 AND 10", name="recommend"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pair.id", ondelete="CASCADE"), index=True)
    respondent: Mapped[str] = mapped_column(String(10))
    answered_on: Mapped[date] = mapped_column(Date)
    # [{"goal_id": 3, "text": "…", "answer": "achieved" | "partly" | "not"}, …]
    goals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    recommend: Mapped[int | None] = mapped_column(Integer)
    keep: Mapped[str] = mapped_column(Text, default="")
    change: Mapped[str] = mapped_column(Text, default="")


class RiskVerdict(Base):
    """A pair's last risk verdict, kept so that a refresh need not judge every pair again.

    Written and read only by :mod:`mentordesk.services.risk_cache`. Database triggers
    (migration 0008) bump ``stamp`` in the same transaction as any change of what the
    pair is judged from; the verdict counts only while ``judged_stamp`` equals it, the
    epoch is the current one and ``as_of`` is the day asked for.
    """

    __tablename__ = "risk_verdict"

    pair_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    stamp: Mapped[int] = mapped_column(Integer, server_default="0")
    judged_stamp: Mapped[int | None] = mapped_column(Integer)
    epoch: Mapped[int | None] = mapped_column(Integer)
    as_of: Mapped[date | None] = mapped_column(Date)
    health: Mapped[str | None] = mapped_column(String(10))
    # [["low_trust", "the sentence that says why"], …] in the risk table's order.
    findings: Mapped[str | None] = mapped_column(Text)
    trust_score: Mapped[float | None] = mapped_column(Float)
    trust_level: Mapped[str | None] = mapped_column(String(10))
    consistency: Mapped[float | None] = mapped_column(Float)
    adherence: Mapped[float | None] = mapped_column(Float)
    too_new: Mapped[bool | None] = mapped_column(Boolean)


class RiskEpoch(Base):
    """One row: bumped by the triggers on changes that can touch any pair's verdict."""

    __tablename__ = "risk_epoch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    epoch: Mapped[int] = mapped_column(Integer)
