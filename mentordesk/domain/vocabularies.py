"""Every fixed vocabulary of MentorDesk: the stable code stored, the label shown.

This module is the single source of truth for codes and labels; the database,
program files, reports and the window all take them from here.
"""

from __future__ import annotations

from enum import StrEnum


class Vocabulary(StrEnum):
    """A code (the member's value) with a label and optional descriptive details."""

    label: str
    details: tuple[str, ...]

    # ``label`` has a default only for the type checker: a lookup by code,
    # ``Vocabulary("formal")``, goes through Enum's own __call__, never through here.
    def __new__(cls, code: str, label: str = "", *details: str) -> Vocabulary:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        member.details = details
        return member

    @classmethod
    def codes(cls) -> list[str]:
        """The stable codes, in their defined order."""
        return [member.value for member in cls]

    @classmethod
    def parse(cls, code: str) -> Vocabulary:
        """The member for ``code``; ValueError naming the allowed codes otherwise."""
        try:
            return cls(code)
        except ValueError:
            allowed = ", ".join(cls.codes())
            raise ValueError(f"'{code}' is not one of: {allowed}") from None


class MentorshipModel(Vocabulary):
    FORMAL = (
        "formal",
        "Formal",
        "clear expectations, defined roles, regular meetings, a signed mentoring agreement",
        "high, rooted in structure and accountability",
        "rests on keeping to the program's structure",
    )
    INFORMAL = (
        "informal",
        "Informal",
        "shared interests, mutual respect, common goals, camaraderie",
        "grows organically from shared experience",
        "dynamic, adapts as the relationship evolves",
    )
    PEER = (
        "peer",
        "Peer-to-peer",
        "shared experience, knowledge of the field's norms, mutual respect, recognised expertise",
        "comes from a shared perspective and valuing each other",
        "rests on shared professional challenges",
    )

    @property
    def how_trust_is_built(self) -> str:
        return self.details[0]

    @property
    def role_of_trust(self) -> str:
        return self.details[1]

    @property
    def how_trust_differs(self) -> str:
        return self.details[2]

    @property
    def expects_agreement(self) -> bool:
        """A formal pair is expected to have a signed mentoring agreement."""
        return self is MentorshipModel.FORMAL


class TrustDimension(Vocabulary):
    COMPETENCE = (
        "competence",
        "Competence",
        "relevant, practical advice; expertise in the field; constructive feedback from experience",
        "inaccurate or outdated information; no support when needed; "
        "not understanding the mentee's situation",
    )
    INTEGRITY = (
        "integrity",
        "Integrity",
        "honest, transparent communication; ethical standards; keeping confidences",
        "dishonesty; withholding information; broken promises; breaking confidentiality",
    )
    BENEVOLENCE = (
        "benevolence",
        "Benevolence",
        "active listening; empathy; real concern for the mentee's growth; encouragement",
        "no empathy; dismissiveness; ignoring concerns; pursuing personal gain",
    )
    LOYALTY = (
        "loyalty",
        "Loyalty",
        "advocating for the mentee's career; support in hard times; discretion",
        "exploiting the mentee's position; undermining their efforts; not backing their goals",
    )

    @property
    def builds_trust(self) -> str:
        return self.details[0]

    @property
    def erodes_trust(self) -> str:
        return self.details[1]


class TrustType(Vocabulary):
    COGNITIVE = (
        "cognitive",
        "Cognitive",
        "the mentee's judgement of the mentor's competence and expertise",
    )
    AFFECTIVE = ("affective", "Affective", "the emotional bond: care, support, empathy")
    BEHAVIORAL = (
        "behavioral",
        "Behavioral",
        "consistent, reliable, dependable conduct over time",
    )

    @property
    def rests_on(self) -> str:
        return self.details[0]


class TrustLevel(Vocabulary):
    HIGH = (
        "high",
        "High",
        "higher productivity and task completion, better problem solving, "
        "communication and collaboration",
        "more motivation and engagement, job satisfaction, innovation; less stress and absenteeism",
    )
    MEDIUM = (
        "medium",
        "Medium",
        "moderate gains in productivity, task completion and communication; average collaboration",
        "moderate gains in motivation, engagement and satisfaction; some innovation; "
        "manageable stress",
    )
    LOW = (
        "low",
        "Low",
        "lower productivity, trouble completing tasks, poor communication, less collaboration",
        "less motivation and engagement, lower satisfaction, stifled innovation, "
        "more stress and absenteeism",
    )

    @property
    def direct_effects(self) -> str:
        return self.details[0]

    @property
    def indirect_effects(self) -> str:
        return self.details[1]


class ActivityKind(Vocabulary):
    CHECKIN = ("checkin", "Regular check-in", "consistency; shows the mentor's commitment")
    WORKSHOP = (
        "workshop",
        "Skill-building workshop",
        "shows investment in the mentee's growth",
    )
    NETWORKING = (
        "networking",
        "Networking event",
        "widens the mentee's network; shows support",
    )
    PROJECT = ("project", "Project collaboration", "mutual respect; clear roles")
    PEER_SESSION = ("peer_session", "Peer mentoring", "community and a support network")

    @property
    def how_it_builds_trust(self) -> str:
        return self.details[0]


class ActivityOutcome(Vocabulary):
    HELD = ("held", "Held")
    MISSED = ("missed", "Missed")
    CANCELLED = ("cancelled", "Cancelled")


class EthicsGuideline(Vocabulary):
    CONFIDENTIALITY = (
        "confidentiality",
        "Confidentiality",
        "what is shared stays within the pair; nothing sensitive discussed with outsiders",
    )
    PROFESSIONALISM = (
        "professionalism",
        "Professionalism",
        "respectful conduct, no personal bias, organisational policy followed",
    )
    TRANSPARENCY = (
        "transparency",
        "Transparency",
        "open, honest communication; clear expectations; no hidden agenda",
    )
    CONFLICTS_OF_INTEREST = (
        "conflicts_of_interest",
        "Avoiding conflicts of interest",
        "conflicts identified, disclosed and handled (e.g. the mentor manages a competitor, "
        "or sits in the mentee's reporting line)",
    )
    BOUNDARIES = (
        "boundaries",
        "Respect for boundaries",
        "professional boundaries kept; no harassment or inappropriate behaviour",
    )

    @property
    def what_is_confirmed(self) -> str:
        return self.details[0]


class EthicsState(Vocabulary):
    NOT_REVIEWED = ("not_reviewed", "Not reviewed")
    CONFIRMED = ("confirmed", "Confirmed")
    CONCERN = ("concern", "Concern")


class ConflictKind(Vocabulary):
    TRUST_BREACH = ("trust_breach", "Trust breach")
    DISAGREEMENT = ("disagreement", "Disagreement")
    CONFLICT_OF_INTEREST = ("conflict_of_interest", "Conflict of interest")
    CONFIDENTIALITY_BREACH = ("confidentiality_breach", "Confidentiality breach")
    BOUNDARY_ISSUE = ("boundary_issue", "Boundary issue")
    CHANGE_UNCERTAINTY = ("change_uncertainty", "Uncertainty from change")
    OTHER = ("other", "Other")


class Severity(Vocabulary):
    LOW = ("low", "Low")
    MEDIUM = ("medium", "Medium")
    HIGH = ("high", "High")


class ConflictStatus(Vocabulary):
    OPEN = ("open", "Open")
    IN_DIALOGUE = ("in_dialogue", "In dialogue")
    MEDIATION = ("mediation", "In mediation")
    RESOLVED = ("resolved", "Resolved")
    CLOSED_UNRESOLVED = ("closed_unresolved", "Closed unresolved")
    ESCALATED = ("escalated", "Escalated")

    @property
    def is_terminal(self) -> bool:
        """Resolved and closed unresolved end the conflict (until reopened). Escalated does
        not: it is not settled until the escalation ends resolved or closed unresolved."""
        return self in _TERMINAL_CONFLICT_STATUSES


_TERMINAL_CONFLICT_STATUSES = frozenset({ConflictStatus.RESOLVED, ConflictStatus.CLOSED_UNRESOLVED})


class PairStatus(Vocabulary):
    PROPOSED = ("proposed", "Proposed")
    ACTIVE = ("active", "Active")
    PAUSED = ("paused", "Paused")
    COMPLETED = ("completed", "Completed")
    ENDED_EARLY = ("ended_early", "Ended early")


class GoalStatus(Vocabulary):
    OPEN = ("open", "Open")
    ACHIEVED = ("achieved", "Achieved")
    DROPPED = ("dropped", "Dropped")


class Respondent(Vocabulary):
    MENTEE = ("mentee", "Mentee")
    MENTOR = ("mentor", "Mentor")


class ProactiveStep(Vocabulary):
    COMMUNICATION = ("communication", "Communication")
    CONFLICT_RESOLUTION = ("conflict_resolution", "Conflict resolution")
    CHANGE_MANAGEMENT = ("change_management", "Change management")
    SUPPORT = ("support", "Support and encouragement")
    RESPECT = ("respect", "Respect and understanding")


class Lesson(Vocabulary):
    SHARED_GOALS = (
        "shared_goals",
        "Shared goals and expectations",
        "Shared goals and expectations, agreed at the start and revisited",
    )
    LISTENING_FEEDBACK = (
        "listening_feedback",
        "Active listening and feedback",
        "Active listening and feedback that is specific, about behaviour and outcomes",
    )
    CONSISTENCY = (
        "consistency",
        "Consistency and reliability",
        "Consistency and reliability: commitments met, large and small",
    )
    DIVERSE_PERSPECTIVES = (
        "diverse_perspectives",
        "Diverse perspectives",
        "Diverse perspectives: other departments and backgrounds widen views",
    )
    GROWTH_MINDSET = (
        "growth_mindset",
        "Growth mindset and self-reflection",
        "Growth mindset and self-reflection: setbacks as learning",
    )

    @property
    def lesson(self) -> str:
        return self.details[0]


class Health(Vocabulary):
    HEALTHY = ("healthy", "Healthy")
    WATCH = ("watch", "Watch")
    AT_RISK = ("at_risk", "At risk")


class FlagWeight(Vocabulary):
    MINOR = ("minor", "Minor")
    MAJOR = ("major", "Major")


class RiskFlag(Vocabulary):
    """A risk flag: code, label, weight, and when it is raised in plain words (the one
    explanation the window's guide, tooltips and the command line show)."""

    LOW_TRUST = (
        "low_trust",
        "Low trust",
        "major",
        "The latest assessment by the mentee scores below the program's medium threshold.",
    )
    FALLING_TRUST = (
        "falling_trust",
        "Falling trust",
        "major",
        "The mentee's latest score is half a point or more below the one before it.",
    )
    OVERDUE_CHECKIN = (
        "overdue_checkin",
        "Check-in overdue",
        "minor",
        "Nothing has been held for more than one and a half times the check-in cadence "
        "(counted from the start when nothing was held yet).",
    )
    UNRELIABLE = (
        "unreliable",
        "Unreliable meetings",
        "minor",
        "Two or more of the latest four activities were missed or cancelled.",
    )
    OPEN_CONFLICT = (
        "open_conflict",
        "Open conflict",
        "major",
        "A conflict is not yet resolved or closed (open, in dialogue, in mediation or "
        "escalated) and is high severity or was opened more than 30 days ago.",
    )
    ETHICS_CONCERN = (
        "ethics_concern",
        "Ethics concern",
        "major",
        "The latest review of an ethics guideline records a concern.",
    )
    ETHICS_GAP = (
        "ethics_gap",
        "Ethics review missing",
        "minor",
        "The pair started more than 30 days ago and some guideline has not been reviewed.",
    )
    CONFLICT_OF_INTEREST = (
        "conflict_of_interest",
        "Conflict of interest",
        "major",
        "One of the two is in the other's management chain, or a conflict-of-interest "
        "entry in the conflict log is not yet resolved.",
    )
    NO_ASSESSMENT = (
        "no_assessment",
        "No recent assessment",
        "minor",
        "The mentee has not answered the trust questionnaire for more than 90 days "
        "(counted from the start when never).",
    )
    NO_AGREEMENT = (
        "no_agreement",
        "No signed agreement",
        "minor",
        "A formal pair has no signed mentoring agreement.",
    )

    @property
    def weight(self) -> FlagWeight:
        return FlagWeight(self.details[0])

    @property
    def description(self) -> str:
        """When the flag is raised, in the coordinator's words."""
        return self.details[1]


class SurveyKind(Vocabulary):
    CHECKUP = ("checkup", "Check-up")
    MIDPOINT = ("midpoint", "Midpoint")
    CLOSING = ("closing", "Closing")


class SurveyRespondents(Vocabulary):
    """Who answers a survey round."""

    MENTEE = ("mentee", "Mentees")
    MENTOR = ("mentor", "Mentors")
    BOTH = ("both", "Mentees and mentors")


class SurveyState(Vocabulary):
    """Where one respondent's answer to a round stands."""

    PENDING = ("pending", "Not yet")
    ANSWERED = ("answered", "Answered")
    REFUSED = ("refused", "Refused")


class GoalOutcome(Vocabulary):
    """A closing round's answer about one goal of the pair."""

    ACHIEVED = ("achieved", "Achieved")
    PARTLY = ("partly", "Partly")
    NOT = ("not", "Not achieved")
