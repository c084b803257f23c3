"""A believable demo program, made up deterministically from a seed.

:func:`demo_program` builds a program file document (PROGRAM_FILE.md) for a
made-up company: people in six to eight departments under one management
tree, mentors and mentees with skills, pairs of all three models and every
status, about a year of history up to ``today``, goals, ethics reviews with a
few concerns and gaps, pair reviews and workshops with attendance.
:func:`load_demo` imports it.

The history is as full as a real program's (issue 7: about 25 activities,
4 trust assessments and 0.3 conflicts per pair on average, over all pairs):

- Activities: check-ins at each pair's cadence (fortnightly by default,
  weekly for a quarter of the peer pairs and a few others, three or four
  weeks for some), weekly for a new joiner's first four to eight weeks; some
  missed or cancelled, about half of those made up a few days later; beside
  them a run of three to eight project sessions for about half the pairs,
  networking events every couple of months, the odd external course, and the
  monthly peer circle for peer pairs.
- Assessments: the mentee every two to three months (at most five, not in
  the first three weeks, a last one at the closing session of a pair that
  ended), again a few weeks after a breach of trust was resolved (the breach
  response's follow-up); half the mentors give their view too, most times.
- Conflicts: about one every three pair-years where trust holds, two to three
  times as many where it falls or the pair ends early; change uncertainty
  follows the program's two reorganisations. Each runs the course of a breach
  response: acknowledged within days, a dialogue of a few weeks, the serious
  ones mediated, most resolved, some closed unresolved or escalated, a few
  stalled or flaring up again; those opened lately are still live.

The same ``pairs``, ``seed`` and ``today`` give the identical document. The
document is in the form :func:`mentordesk.program_file.export_program` writes
(keys ``p1``…, ``x1``…, lists in date order), so importing and exporting it
gives it back unchanged.

Most pairs are drawn at random, so their flags arise the way they do in a
real program. A handful of "showcase" pairs are placed among the first forty
so that, on ``today``, every risk flag and every health verdict occurs once
there are 40 pairs or more (and as many as fit below that).
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from mentordesk.domain.questionnaire import ITEMS
from mentordesk.domain.surveys import DEFAULT_SCHEDULE
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
    TrustDimension,
)
from mentordesk.program_file import FORMAT, FORMAT_VERSION, ImportSummary
from mentordesk.program_file.parts import program_in_parts

DEFAULT_PAIRS = 60
DEFAULT_SEED = 1
MAX_PAIRS = 100_000
SHOWCASE_WITHIN = 40
"""Every risk flag and health verdict occurs among this many pairs."""

PROGRAM_CADENCE = 14
EMAIL_DOMAIN = "example.org"

# --- the made-up world -------------------------------------------------------------------------

# (first names, last names) by culture; a person's names come from one culture.
_NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("Ana", "João", "María", "Inês", "José", "Lucía", "Tomás", "Sofía", "Martín", "Begoña"),
        (
            "Ruiz",
            "Silva",
            "Gonçalves",
            "Fernández",
            "Pérez",
            "Oliveira",
            "Muñoz",
            "Araújo",
            "Castillo",
            "Núñez",
        ),
    ),
    (
        ("Léa", "Émile", "Chloé", "François", "Hélène", "Théo", "Zoé", "Jérôme", "Maëlle"),
        ("Lefèvre", "Dubois", "Moreau", "Girard", "Bérard", "Lemaître", "Rousseau", "Faure"),
    ),
    (
        ("Jürgen", "Lukas", "Anja", "Sören", "Mareike", "Felix", "Jörg", "Katrin"),
        ("Müller", "Schröder", "Weiß", "Krüger", "Hoffmann", "Bäcker", "Köhler", "Vogel"),
    ),
    (
        ("Łukasz", "Małgorzata", "Zofia", "Tomáš", "Zuzana", "Wojciech", "Agnieszka", "Jiří"),
        ("Nowak", "Wiśniewska", "Dvořák", "Kowalczyk", "Svoboda", "Zieliński", "Nováková"),
    ),
    (
        ("Åsa", "Søren", "Björn", "Ingrid", "Mikkel", "Saga", "Linnéa", "Jørgen"),
        ("Lindqvist", "Sørensen", "Håkansson", "Nyström", "Østergaard", "Berg", "Åberg"),
    ),
    (
        ("Ayşe", "Mehmet", "Çağla", "Emre", "Gülşen", "Oğuz", "Elif", "Burak"),
        ("Yılmaz", "Öztürk", "Çelik", "Şahin", "Aydın", "Demir", "Koç"),
    ),
    (
        ("Layla", "Omar", "Youssef", "Amira", "Karim", "Nour", "Rania", "Tariq"),
        ("Haddad", "El-Amin", "Mansour", "Khalil", "Saleh", "Farouk", "Nassar"),
    ),
    (
        ("Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Meera", "Siddharth"),
        ("Sharma", "Iyer", "Patel", "Reddy", "Banerjee", "Nair", "Kapoor", "Menon"),
    ),
    (
        ("Chinedu", "Ngozi", "Oluwaseun", "Kwame", "Ama", "Fatou", "Adaeze", "Kofi"),
        ("Okafor", "Adeyemi", "Mensah", "Diallo", "Boateng", "Nwosu", "Owusu", "Sow"),
    ),
    (
        ("Wanjiru", "Baraka", "Amani", "Zawadi", "Njeri", "Juma"),
        ("Kamau", "Otieno", "Mwangi", "Achieng", "Wanjala", "Kiprop"),
    ),
    (
        ("Wei", "Xiaoling", "Jun", "Mei", "Hao", "Lin", "Yuxuan"),
        ("Chen", "Wang", "Liu", "Zhang", "Huang", "Zhou"),
    ),
    (
        ("Haruto", "Yui", "Sōta", "Aoi", "Ren", "Hana"),
        ("Satō", "Suzuki", "Takahashi", "Watanabe", "Itō", "Kobayashi"),
    ),
    (
        ("Ji-woo", "Min-jun", "Seo-yeon", "Ha-eun", "Do-yun"),
        ("Kim", "Park", "Lee", "Choi", "Jung"),
    ),
    (
        ("Linh", "Minh", "Thảo", "Quang", "Hương"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Đặng"),
    ),
    (
        ("Siobhán", "Seán", "Niamh", "Oisín", "Emily", "James", "Aoife", "Ciarán"),
        ("O'Brien", "Murphy", "Walsh", "Thompson", "Clarke", "Ní Bhriain", "Byrne"),
    ),
    (
        ("Eleni", "Nikos", "Dimitra", "Giorgos", "Sofia"),
        ("Papadopoulos", "Georgiou", "Konstantinidou", "Nikolaou"),
    ),
    (
        ("Maricel", "Paolo", "Jasmine", "Rafael", "Bea"),
        ("Santos", "Dela Cruz", "Reyes", "Bautista", "Villanueva"),
    ),
)

# Letters that Unicode does not decompose into a base letter and an accent.
_ASCII_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "œ": "oe",
        "Œ": "OE",
    }
)


@dataclass(frozen=True)
class _Department:
    name: str
    titles: tuple[str, str, str, str, str]
    """Head, team lead, senior, member, junior."""
    skills: tuple[str, ...]


_DEPARTMENTS = (
    _Department(
        "Engineering",
        (
            "VP Engineering",
            "Engineering Manager",
            "Senior Software Engineer",
            "Software Engineer",
            "Junior Software Engineer",
        ),
        (
            "python",
            "go",
            "cloud infrastructure",
            "code review",
            "system design",
            "testing",
            "security",
        ),
    ),
    _Department(
        "Product",
        (
            "Head of Product",
            "Group Product Manager",
            "Senior Product Manager",
            "Product Manager",
            "Associate Product Manager",
        ),
        (
            "product discovery",
            "roadmapping",
            "stakeholder management",
            "user interviews",
            "prioritisation",
        ),
    ),
    _Department(
        "Design",
        (
            "Head of Design",
            "Design Lead",
            "Senior Product Designer",
            "Product Designer",
            "Junior Designer",
        ),
        ("ux research", "prototyping", "accessibility", "visual design", "facilitation"),
    ),
    _Department(
        "Data",
        (
            "Head of Data",
            "Analytics Manager",
            "Senior Data Scientist",
            "Data Analyst",
            "Junior Data Analyst",
        ),
        ("sql", "statistics", "data visualisation", "python", "experimentation"),
    ),
    _Department(
        "Sales",
        (
            "Sales Director",
            "Sales Manager",
            "Senior Account Executive",
            "Account Executive",
            "Sales Development Representative",
        ),
        ("negotiation", "public speaking", "account planning", "forecasting", "customer empathy"),
    ),
    _Department(
        "Customer Success",
        (
            "Head of Customer Success",
            "Support Team Lead",
            "Senior Customer Success Manager",
            "Customer Success Manager",
            "Support Specialist",
        ),
        ("customer empathy", "de-escalation", "onboarding", "writing", "product knowledge"),
    ),
    _Department(
        "Finance",
        (
            "Finance Director",
            "Finance Manager",
            "Senior Financial Analyst",
            "Financial Analyst",
            "Accounts Assistant",
        ),
        ("budgeting", "forecasting", "financial modelling", "compliance", "negotiation"),
    ),
    _Department(
        "Legal",
        (
            "General Counsel",
            "Legal Counsel Lead",
            "Senior Legal Counsel",
            "Legal Counsel",
            "Paralegal",
        ),
        ("contract law", "privacy", "negotiation", "writing", "compliance"),
    ),
    _Department(
        "Marketing",
        (
            "Head of Marketing",
            "Marketing Manager",
            "Senior Content Strategist",
            "Marketing Specialist",
            "Marketing Assistant",
        ),
        ("writing", "brand", "campaign planning", "public speaking", "analytics"),
    ),
    _Department(
        "Operations",
        (
            "Head of Operations",
            "Operations Manager",
            "Senior Operations Analyst",
            "Operations Analyst",
            "Operations Coordinator",
        ),
        ("process improvement", "project management", "vendor management", "budgeting"),
    ),
)

# Human resources run the program, so their department is always there.
_PEOPLE_DEPARTMENT = _Department(
    "People & Culture",
    (
        "Head of People",
        "People Partner Lead",
        "Senior People Partner",
        "People Partner",
        "HR Assistant",
    ),
    ("coaching", "recruiting", "employment law", "facilitation", "career planning"),
)

_GENERAL_SKILLS = (
    "public speaking",
    "career planning",
    "people management",
    "time management",
    "presenting to executives",
    "giving feedback",
    "writing",
    "cross-team collaboration",
)

_LOCATIONS = (
    "Lisbon",
    "Berlin",
    "Kraków",
    "Nairobi",
    "Toronto",
    "Bengaluru",
    "Manila",
    "São Paulo",
    "Dublin",
)

_COMPANIES = (
    "Northwind",
    "Tidewater",
    "Brightline",
    "Kestrel Labs",
    "Harbour & Finch",
    "Alder Systems",
)

_EXPECTATIONS = (
    "Meet every two weeks for 45 minutes; the mentee sets the agenda; what is said stays "
    "between us.",
    "Monthly longer sessions plus a quick check-in in between; honest feedback both ways.",
    "Focus on the move into a lead role; the mentor reviews one piece of work a month.",
    "Work through the mentee's development plan together and revisit it each quarter.",
    "Keep it informal: coffee chats, shared reading, and a standing invitation to ask.",
    "",
)

_GOALS = (
    "Lead a design review end to end",
    "Present at the quarterly all-hands",
    "Build a network outside the department",
    "Prepare for a promotion conversation",
    "Take ownership of a customer account",
    "Run a retrospective for the team",
    "Write and share a proposal for a process change",
    "Improve delegation and say no more often",
    "Mentor a new joiner in turn",
    "Get comfortable with budgeting and forecasts",
    "Give feedback to a senior colleague",
    "Plan the next two years of career development",
)

_CHECKIN_NOTES = (
    "Went through the goals; agreed next steps.",
    "Talked about the upcoming review cycle.",
    "Prepared the presentation together.",
    "Discussed a tricky stakeholder situation.",
    "Reviewed a draft proposal; good progress.",
    "Shared reading on giving feedback.",
    "Short one: checked in on workload.",
    "Worked on the development plan.",
    "",
    "",
)

_CONFIDENTIAL_NOTES = (
    "Talked through a difficult situation with their manager.",
    "Mentee is considering leaving the company; discussed options.",
    "Personal circumstances are affecting work; agreed to keep the pace light.",
    "Mentee raised a concern about a colleague's behaviour.",
)

_MISSED_NOTES = (
    "Mentee off sick.",
    "Mentor travelling; forgot to reschedule.",
    "Clashed with a release.",
    "Cancelled at short notice.",
    "",
)

_RESCHEDULED_NOTES = (
    "Catch-up for the cancelled session.",
    "Rescheduled session; shorter than planned.",
    "Moved from earlier in the week.",
    "",
)

_OTHER_ACTIVITY = {
    ActivityKind.PROJECT: (
        "Paired on the migration project.",
        "Joint workshop planning.",
        "Co-led a customer call.",
        "Worked through the project plan; mentee owns the next milestone.",
        "Reviewed the mentee's part of the project before the steering meeting.",
        "Project retro together: what went well, what to change.",
    ),
    ActivityKind.NETWORKING: (
        "Went to the industry meetup together.",
        "Introduced the mentee to the data team.",
        "Lunch with two people from another office.",
        "Company town hall; met the mentor's peers afterwards.",
        "Introduced the mentee to a senior leader in another department.",
    ),
    ActivityKind.PEER_SESSION: (
        "Peer circle on career moves.",
        "Peer session: handling feedback.",
        "Swapped notes with another pair.",
        "Peer circle: working across time zones.",
        "Peer session: preparing for the review cycle.",
    ),
    ActivityKind.WORKSHOP: (
        "Attended an external course together.",
        "Skills session on presenting.",
        "Online course module, discussed afterwards.",
        "Half-day training on negotiation.",
    ),
}

_ASSESSMENT_COMMENTS = {
    "high": (
        "Really valuable sessions.",
        "I feel supported and challenged.",
        "My mentor is great at listening.",
        "",
    ),
    "medium": (
        "Useful, though we meet less than planned.",
        "Good advice, sometimes rushed.",
        "",
        "",
    ),
    "low": (
        "I am not sure my mentor has time for this.",
        "Things I shared came back to me from others.",
        "The sessions feel like status meetings.",
        "",
    ),
}

# (description, root cause) of each kind of conflict.
_CONFLICT_TEXT: dict[ConflictKind, tuple[tuple[str, str], ...]] = {
    ConflictKind.TRUST_BREACH: (
        (
            "The mentee felt a commitment was broken: an introduction promised twice never "
            "happened.",
            "Unclear expectations about what the mentor would do between sessions.",
        ),
        (
            "The mentor cancelled three sessions in a row without saying why; the mentee "
            "feels let down.",
            "The mentor took on a new team and did not say the pair's time was squeezed.",
        ),
        (
            "The mentee learned the mentor had discussed their promotion case with the "
            "mentee's manager.",
            "The mentor meant to help and did not ask first; no agreement on such contacts.",
        ),
    ),
    ConflictKind.DISAGREEMENT: (
        (
            "Disagreement about whether the mentee should apply for the lead role now.",
            "Different views on how much the mentor should step in with the mentee's manager.",
        ),
        (
            "The mentee finds the mentor's feedback on their presentations too harsh.",
            "Feedback style never discussed; the mentor assumed blunt was welcome.",
        ),
        (
            "The two disagree on what the sessions are for: career moves or day-to-day work.",
            "The goals agreed at the start were vague and never revisited.",
        ),
    ),
    ConflictKind.CONFLICT_OF_INTEREST: (
        (
            "The mentor sits on the panel for the role the mentee applied for.",
            "The mentor's team competes with the mentee's for the same budget.",
        ),
        (
            "The mentor is now the project sponsor the mentee's team reports to.",
            "A reorganisation put the mentee's project under the mentor's department.",
        ),
    ),
    ConflictKind.CONFIDENTIALITY_BREACH: (
        (
            "Something discussed in a session was mentioned in a team meeting.",
            "Pressure from a deadline; the mentor did not realise it was confidential.",
        ),
        (
            "Details of the mentee's salary discussion reached a colleague.",
            "Notes shared in a document others could open; no rule on where notes live.",
        ),
    ),
    ConflictKind.BOUNDARY_ISSUE: (
        (
            "Sessions drifted into late-evening messages; the mentee felt uncomfortable.",
            "No agreed limits on contact outside working hours.",
        ),
        (
            "The mentor asks about the mentee's private life more than the mentee wants.",
            "Different ideas of what a mentoring relationship covers.",
        ),
    ),
    ConflictKind.CHANGE_UNCERTAINTY: (
        (
            "The reorganisation moved the mentee's team; unclear whether the pair continues.",
            "Change announced without a plan for existing mentoring pairs.",
        ),
        (
            "The mentor's role changes after the reorganisation; the mentee worries the pair "
            "will lapse.",
            "Nobody told the pair how the program handles role changes.",
        ),
    ),
    ConflictKind.OTHER: (
        (
            "Scheduling keeps failing across time zones.",
            "Calendars full in the busy season.",
        ),
        (
            "The mentee's manager questions the time spent on mentoring.",
            "The manager was never briefed on the program's time commitment.",
        ),
    ),
}

_STEP_NOTES = {
    ConflictStatus.OPEN: "Reopened: the issue came back.",
    ConflictStatus.IN_DIALOGUE: "Acknowledged with both; open conversation held.",
    ConflictStatus.MEDIATION: "Brought in a neutral mediator from People & Culture.",
    ConflictStatus.RESOLVED: "Expectations adjusted and written into the pair's expectations; "
    "follow-up booked.",
    ConflictStatus.CLOSED_UNRESOLVED: "Closed without agreement; both chose to move on.",
    ConflictStatus.ESCALATED: "Escalated to the head of department.",
}

# Paths through the conflict log, from open to the status named first.
_CONFLICT_PATHS: dict[ConflictStatus, tuple[tuple[ConflictStatus, ...], ...]] = {
    ConflictStatus.OPEN: ((),),
    ConflictStatus.IN_DIALOGUE: ((ConflictStatus.IN_DIALOGUE,),),
    ConflictStatus.MEDIATION: ((ConflictStatus.IN_DIALOGUE, ConflictStatus.MEDIATION),),
    ConflictStatus.RESOLVED: (
        (ConflictStatus.IN_DIALOGUE, ConflictStatus.RESOLVED),
        (ConflictStatus.IN_DIALOGUE, ConflictStatus.MEDIATION, ConflictStatus.RESOLVED),
        (
            ConflictStatus.IN_DIALOGUE,
            ConflictStatus.RESOLVED,
            ConflictStatus.IN_DIALOGUE,
            ConflictStatus.RESOLVED,
        ),
    ),
    ConflictStatus.CLOSED_UNRESOLVED: (
        (ConflictStatus.IN_DIALOGUE, ConflictStatus.MEDIATION, ConflictStatus.CLOSED_UNRESOLVED),
    ),
    ConflictStatus.ESCALATED: (
        (ConflictStatus.IN_DIALOGUE, ConflictStatus.ESCALATED),
        (ConflictStatus.MEDIATION, ConflictStatus.ESCALATED),
    ),
}

# Notes for moves that read differently from the usual note of the status moved to.
_MOVE_NOTES = {
    (ConflictStatus.OPEN, ConflictStatus.RESOLVED): "Sorted out between the two after a short "
    "talk with the coordinator; nothing further needed.",
    (ConflictStatus.RESOLVED, ConflictStatus.IN_DIALOGUE): "It came up again; back in "
    "conversation with both.",
    (ConflictStatus.MEDIATION, ConflictStatus.RESOLVED): "Mediation agreed new ground rules; "
    "expectations rewritten and a follow-up in a month.",
}

_CLOSED_AT_END = {
    PairStatus.COMPLETED: (ConflictStatus.RESOLVED, "Talked through at the closing session."),
    PairStatus.ENDED_EARLY: (ConflictStatus.CLOSED_UNRESOLVED, "Closed when the pair ended."),
}
"""How a conflict still running when its pair ends is closed, by the pair's status."""

# Days a move takes after the step before it: acknowledging within days, a dialogue
# running two to five weeks, mediation taking longer (breach response, DOMAIN.md).
_MOVE_DAYS: dict[tuple[ConflictStatus, ConflictStatus], tuple[int, int]] = {
    (ConflictStatus.OPEN, ConflictStatus.IN_DIALOGUE): (1, 6),
    (ConflictStatus.OPEN, ConflictStatus.MEDIATION): (3, 10),
    (ConflictStatus.OPEN, ConflictStatus.RESOLVED): (3, 14),
    (ConflictStatus.OPEN, ConflictStatus.CLOSED_UNRESOLVED): (14, 40),
    (ConflictStatus.OPEN, ConflictStatus.ESCALATED): (2, 10),
    (ConflictStatus.IN_DIALOGUE, ConflictStatus.RESOLVED): (7, 35),
    (ConflictStatus.IN_DIALOGUE, ConflictStatus.MEDIATION): (7, 21),
    (ConflictStatus.IN_DIALOGUE, ConflictStatus.ESCALATED): (5, 20),
    (ConflictStatus.IN_DIALOGUE, ConflictStatus.CLOSED_UNRESOLVED): (21, 60),
    (ConflictStatus.MEDIATION, ConflictStatus.RESOLVED): (14, 45),
    (ConflictStatus.MEDIATION, ConflictStatus.CLOSED_UNRESOLVED): (21, 60),
    (ConflictStatus.MEDIATION, ConflictStatus.ESCALATED): (7, 30),
    (ConflictStatus.RESOLVED, ConflictStatus.IN_DIALOGUE): (20, 90),
}

_STALLED_DAYS = (60, 150)
"""How long a stalled mediation drags on before it ends (now and then one does)."""

_BREACHES = (
    ConflictKind.TRUST_BREACH,
    ConflictKind.CONFIDENTIALITY_BREACH,
    ConflictKind.BOUNDARY_ISSUE,
)
"""Kinds of conflict after whose resolution the mentee's trust is assessed again."""

CONFLICTS_PER_YEAR = 0.35
"""Conflicts logged per pair-year of a pair whose trust holds; more where it falls."""

_CONFLICT_RATE = {"steady": 1.0, "dip": 2.0, "falling": 2.6, "low": 3.0}
"""How much more often a pair logs conflicts, by the shape of its trust."""

_CONFLICT_KINDS: dict[str, tuple[int, ...]] = {
    # Weights in ConflictKind order: trust breach, disagreement, conflict of interest,
    # confidentiality breach, boundary issue, change uncertainty, other.
    "steady": (8, 30, 5, 6, 6, 20, 25),
    "strained": (24, 24, 6, 16, 12, 8, 10),
}

_SEVERITY_WEIGHTS: dict[ConflictKind, tuple[int, int, int]] = {
    # low, medium, high
    ConflictKind.TRUST_BREACH: (20, 50, 30),
    ConflictKind.DISAGREEMENT: (60, 35, 5),
    ConflictKind.CONFLICT_OF_INTEREST: (25, 55, 20),
    ConflictKind.CONFIDENTIALITY_BREACH: (15, 45, 40),
    ConflictKind.BOUNDARY_ISSUE: (20, 45, 35),
    ConflictKind.CHANGE_UNCERTAINTY: (55, 40, 5),
    ConflictKind.OTHER: (70, 28, 2),
}

_REORGANISATIONS = (60, 150)
"""Days after the program's start when a reorganisation unsettled pairs (the program-wide
change conflicts are opened on these days; pairs' own follow within three weeks)."""

_END_REASONS = (
    "The mentee moved to another team and chose a mentor there.",
    "The mentor left the company.",
    "Not enough time on either side during the busy season.",
    "The pair agreed the match was not working.",
)

_LEFT_REASON = "The mentee left the company."

_LESSON_TEXTS = {
    Lesson.SHARED_GOALS: (
        "We agreed goals in the first session and revisited them every quarter.",
        "Goals were vague at first; writing them down helped.",
    ),
    Lesson.LISTENING_FEEDBACK: (
        "Feedback was specific and about behaviour, which made it easy to act on.",
        "We learned to ask before giving advice.",
    ),
    Lesson.CONSISTENCY: (
        "Meeting every two weeks, even briefly, kept the momentum.",
        "Missed sessions in the busy season hurt; we now book them a quarter ahead.",
    ),
    Lesson.DIVERSE_PERSPECTIVES: (
        "Coming from another department, the mentor asked questions nobody in the team asks.",
        "Introductions outside the team widened the mentee's view.",
    ),
    Lesson.GROWTH_MINDSET: (
        "A failed pitch became the best session of the year.",
        "Both of us reflected after each session on what to try next.",
    ),
}

_REVIEW_SUMMARIES = (
    "A strong pairing; goals met and the mentee now mentors others.",
    "Good progress on most goals; trust took time to build.",
    "Uneven: valuable when we met, but we met too rarely.",
    "Ended before its time; lessons noted for the next match.",
)

_WORKSHOPS = (
    ("Giving feedback that lands", ActivityKind.WORKSHOP),
    ("Active listening in practice", ActivityKind.WORKSHOP),
    ("Career conversations", ActivityKind.WORKSHOP),
    ("Networking breakfast", ActivityKind.NETWORKING),
    ("Peer mentoring circle", ActivityKind.PEER_SESSION),
    ("Mentoring across departments", ActivityKind.WORKSHOP),
    ("Trust and psychological safety", ActivityKind.WORKSHOP),
    ("Cross-office meet-up", ActivityKind.NETWORKING),
    ("Setting goals that stick", ActivityKind.WORKSHOP),
    ("Peer circle: handling change", ActivityKind.PEER_SESSION),
    ("Storytelling for presentations", ActivityKind.WORKSHOP),
    ("End-of-year mentoring celebration", ActivityKind.NETWORKING),
)

_PLAN = {
    ProactiveStep.COMMUNICATION: "Every pair agrees its meeting rhythm and channels in the "
    "first session; the coordinator sends a monthly note with dates and reminders.",
    ProactiveStep.CONFLICT_RESOLUTION: "Conflicts are logged the week they surface, "
    "acknowledged with both people and followed by an open dialogue; People & Culture "
    "mediates when needed.",
    ProactiveStep.CHANGE_MANAGEMENT: "Before a reorganisation reaches a pair, the "
    "coordinator talks to both people and agrees whether and how the pair continues.",
    ProactiveStep.SUPPORT: "Quarterly workshops, a peer circle for mentors and recognition "
    "of mentors in the yearly review.",
    ProactiveStep.RESPECT: "Pairs across departments and backgrounds are preferred; "
    "boundaries and confidentiality are part of every agreement.",
}


# --- people ------------------------------------------------------------------------------------


@dataclass
class _Person:
    index: int
    name: str
    email: str
    employee_id: str
    department: _Department
    level: int
    """0 the managing director, 1 a head, 2 a team lead, 3 senior, 4 member, 5 junior."""
    manager: int | None
    location: str
    skills: list[str]
    can_mentor: bool = False
    capacity: int = 0
    active: bool = True
    chain: frozenset[int] = frozenset()
    """Everyone above this person."""


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_LETTERS))
    return "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch in " -"))


class _World:
    """The company: its people under one management tree."""

    def __init__(self, rng: random.Random, pairs: int) -> None:
        self.rng = rng
        self.people: list[_Person] = []
        self._emails: set[str] = set()
        self._employee_base = rng.randrange(10_000, 60_000)
        others = rng.sample(_DEPARTMENTS, rng.randint(5, 7))
        self.departments = [_PEOPLE_DEPARTMENT, *others]
        self.home = {dept.name: rng.choice(_LOCATIONS) for dept in self.departments}
        total = max(48, math.ceil(pairs * 2.1) + 16)
        self._build(total)

    def _new(self, department: _Department, level: int, manager: int | None) -> _Person:
        rng = self.rng
        firsts, lasts = rng.choice(_NAMES)
        first, last = rng.choice(firsts), rng.choice(lasts)
        base = f"{_ascii(first)}.{_ascii(last)}".lower().replace(" ", "").replace("'", "")
        email, number = f"{base}@{EMAIL_DOMAIN}", 1
        while email in self._emails:
            number += 1
            email = f"{base}{number}@{EMAIL_DOMAIN}"
        self._emails.add(email)
        skills = rng.sample(department.skills, rng.randint(1, min(3, len(department.skills))))
        if rng.random() < 0.6:
            extra = rng.choice(_GENERAL_SKILLS)
            if extra not in skills:
                skills.append(extra)
        location = self.home[department.name] if rng.random() < 0.7 else rng.choice(_LOCATIONS)
        person = _Person(
            index=len(self.people),
            name=f"{first} {last}",
            email=email,
            employee_id=f"E{self._employee_base + len(self.people)}",
            department=department,
            level=level,
            manager=manager,
            location=location,
            skills=skills,
        )
        if manager is not None:
            person.chain = self.people[manager].chain | {manager}
        self.people.append(person)
        return person

    def _build(self, total: int) -> None:
        rng = self.rng
        ceo = self._new(rng.choice(self.departments[1:]), 0, None)
        ceo.skills = ["people management", "strategy", "public speaking"]
        remaining = total - 1 - len(self.departments)
        weights = [rng.uniform(1.0, 3.0) for _ in self.departments]
        sizes = [max(4, int(remaining * w / sum(weights))) for w in weights]
        for department, size in zip(self.departments, sizes, strict=True):
            head = self._new(department, 1, ceo.index)
            head.can_mentor, head.capacity = rng.random() < 0.4, 1
            team_count = max(1, round(size / 7))
            members = size - team_count
            for team in range(team_count):
                lead = self._new(department, 2, head.index)
                if rng.random() < 0.75:
                    lead.can_mentor, lead.capacity = True, rng.randint(1, 2)
                team_size = members // team_count + (1 if team < members % team_count else 0)
                for _ in range(team_size):
                    roll = rng.random()
                    level = 3 if roll < 0.38 else 4 if roll < 0.8 else 5
                    member = self._new(department, level, lead.index)
                    if level == 3:
                        member.can_mentor, member.capacity = True, rng.choice((1, 2, 2, 3))
        for person in self.people:
            person.capacity = person.capacity if person.can_mentor else 0
        # A few people outside the program have left the company.
        for person in rng.sample(self.people[1:], max(1, len(self.people) // 60)):
            if person.level >= 4:
                person.active = False

    def title(self, person: _Person) -> str:
        if person.level == 0:
            return "Managing Director"
        return person.department.titles[person.level - 1]

    def in_chain(self, a: _Person, b: _Person) -> bool:
        return a.index in b.chain or b.index in a.chain


# --- one pair's history ------------------------------------------------------------------------


def _days(day: date, count: int) -> date:
    return day + timedelta(days=count)


_DIMENSION_ITEMS = [
    [item.code for item in ITEMS if item.dimension is dimension] for dimension in TrustDimension
]


def _answers_near(rng: random.Random, target: float, gaps: bool) -> dict[str, int]:
    """Plausible ratings whose overall score is within about 0.05 of ``target``.

    The twelve ratings add up to ``12 × target`` (rounded), spread over the
    items at random, then a few points move from one item to another so that
    answers vary as real ones do without changing the total: with every item
    answered the overall score (the mean of the dimension means) is that total
    over twelve, give or take the rounding of the dimension scores. With
    ``gaps`` one item may be left unanswered now and then, which moves the
    score a little.
    """
    total = min(60, max(12, round(12 * target)))
    base, extra = divmod(total, 12)
    ratings = [base + 1] * extra + [base] * (12 - extra)
    rng.shuffle(ratings)
    for _ in range(rng.randint(1, 4)):
        up, down = rng.sample(range(12), 2)
        if ratings[up] < 5 and ratings[down] > 1:
            ratings[up] += 1
            ratings[down] -= 1
    answers = {item.code: rating for item, rating in zip(ITEMS, ratings, strict=True)}
    if gaps and rng.random() < 0.12:
        del answers[rng.choice(rng.choice(_DIMENSION_ITEMS))]
    return answers


def _trajectory(rng: random.Random, shape: str, count: int) -> list[float]:
    """Target trust scores for ``count`` mentee assessments, oldest first.

    Shapes: ``steady`` (drifting up, never dropping 0.5), ``falling`` (the last
    drops 0.6 or more), ``low`` (below 3 and sliding gently), ``dip`` (down,
    then recovering).
    """
    if count == 0:
        return []
    if shape == "low":
        start = rng.uniform(2.8, 3.2)
        values = [start - step * rng.uniform(0.08, 0.15) for step in range(count)]
        values[-1] = min(values[-1], 2.6)
        for index in range(len(values) - 2, -1, -1):  # keep each drop below 0.3
            values[index] = min(values[index], values[index + 1] + 0.25)
        return [max(1.5, value) for value in values]
    value = rng.uniform(3.4, 4.0)
    values = [value]
    for _ in range(count - 1):
        value = min(4.8, max(3.4, value + rng.uniform(-0.2, 0.3)))
        values.append(value)
    if shape == "dip" and count >= 3:
        values[-2] = max(2.6, values[-3] - rng.uniform(0.3, 0.45))
        values[-1] = min(4.6, values[-2] + rng.uniform(0.3, 0.7))
    if shape == "falling" and count >= 2:
        # From a good score, not always the same one (3.9 each time read as made up).
        values[-2] = max(values[-2], rng.uniform(3.75, 4.3))
        values[-1] = values[-2] - rng.uniform(0.7, 1.2)
    return values


@dataclass
class _Story:
    """How one pair goes; the knobs that decide its flags."""

    status: PairStatus
    model: MentorshipModel
    start: date
    last_day: date
    """The last day of the pair's activity (today for an active pair)."""
    cadence: int | None = None
    fail_rate: float = 0.06
    meetings_stop: date | None = None
    """Meetings stop after this day (an overdue check-in) though the pair stays active."""
    unreliable_tail: bool = False
    trust: str = "steady"
    assessment_gap: tuple[int, int] = (5, 60)
    """Days from the last mentee assessment to ``last_day``: its range."""
    mentor_view: bool = False
    ethics: str = "complete"
    """complete, gap, concern, concern_resolved or none."""
    agreement: bool = True
    conflicts: list[tuple[ConflictKind, Severity, int, ConflictStatus | None]] = field(
        default_factory=list
    )
    """(kind, severity, opened this many days before ``last_day``, final status or None
    for "as far as its natural course got")."""
    review: bool = False
    end_reason: str | None = None
    planned_end: date | None = None
    in_workshops: bool = True
    weekly_first: int = 0
    """For this many days after the start the pair meets weekly (a new joiner settling in)."""
    reschedule: float = 0.0
    """The chance that a missed or cancelled check-in is made up a few days later."""
    project: float = 0.0
    """The chance that the pair works on a project together (a run of working sessions)."""


def _activities(rng: random.Random, story: _Story, cadence: int) -> list[dict[str, Any]]:
    """The pair's activities in date order: check-ins and what else a pair does together.

    Check-ins come at the pair's cadence (weekly at first for a pair that
    settles in that way), each missed or cancelled one now and then made up a
    few days later; beside them a run of project sessions, networking events
    every couple of months, the odd external course, and for peer pairs the
    monthly peer circle.
    """
    until = story.meetings_stop or story.last_day
    tail: list[tuple[int, str]] = []
    if story.unreliable_tail:
        # Of the latest four, two missed or cancelled; the latest held one recent.
        tail = [(-12, "held"), (-9, "missed"), (-5, "held"), (-2, "cancelled")]
        until = _days(story.last_day, -14)
    activities: list[dict[str, Any]] = []
    weekly_until = _days(story.start, story.weekly_first)
    day = _days(story.start, rng.randint(2, min(cadence, 10)))
    while day <= until:
        outcome = _outcome(rng, story.fail_rate)
        activities.append(_activity(rng, day, ActivityKind.CHECKIN, outcome))
        step = 7 if day < weekly_until else cadence
        jitter = 1 if step <= 7 else 2
        following = _days(day, max(3, step + rng.randint(-jitter, jitter)))
        if outcome is not ActivityOutcome.HELD and rng.random() < story.reschedule:
            again = _days(day, rng.randint(2, max(2, min(6, step // 2))))
            if again < following and again <= until:
                outcome = _outcome(rng, story.fail_rate)
                activities.append(
                    _activity(rng, again, ActivityKind.CHECKIN, outcome, made_up=True)
                )
        day = following
    if activities and (story.meetings_stop is not None or story.unreliable_tail):
        # The last meeting before the silence (or the tail) was held.
        activities[-1] = _activity(
            rng, activities[-1]["date"], ActivityKind.CHECKIN, ActivityOutcome.HELD
        )
    span = (until - story.start).days
    if span > 20:
        activities.extend(_other_activities(rng, story, until, span))
    for offset, outcome_code in tail:
        activities.append(
            _activity(
                rng,
                _days(story.last_day, offset),
                ActivityKind.CHECKIN,
                ActivityOutcome(outcome_code),
            )
        )
    activities.sort(key=lambda activity: activity["date"])
    return activities


def _other_activities(
    rng: random.Random, story: _Story, until: date, span: int
) -> list[dict[str, Any]]:
    """Activities beside the check-ins, all between the start and ``until`` (``span`` days)."""
    result: list[dict[str, Any]] = []
    # A project together: a few weeks of working sessions, about weekly.
    if span > 60 and rng.random() < story.project:
        day = _days(story.start, rng.randint(20, span - 30))
        for _ in range(rng.randint(3, 8)):
            if day > until:
                break
            outcome = _outcome(rng, story.fail_rate / 2)
            result.append(_activity(rng, day, ActivityKind.PROJECT, outcome))
            day = _days(day, rng.randint(5, 10))
    # Company networking events about every two months; the pair goes to about half.
    for _ in range(span // 60):
        if rng.random() < 0.5:
            day = _days(story.start, rng.randint(10, span))
            result.append(_activity(rng, day, ActivityKind.NETWORKING, ActivityOutcome.HELD))
    # An external course now and then.
    for _ in range(rng.randint(0, span // 150)):
        day = _days(story.start, rng.randint(14, span))
        result.append(_activity(rng, day, ActivityKind.WORKSHOP, ActivityOutcome.HELD))
    # Peer pairs belong to the monthly peer circle.
    if story.model is MentorshipModel.PEER:
        day = _days(story.start, rng.randint(10, 35))
        while day <= until:
            outcome = _outcome(rng, story.fail_rate)
            result.append(_activity(rng, day, ActivityKind.PEER_SESSION, outcome))
            day = _days(day, rng.randint(26, 35))
    return result


def _outcome(rng: random.Random, fail_rate: float) -> ActivityOutcome:
    if rng.random() >= fail_rate:
        return ActivityOutcome.HELD
    return rng.choice((ActivityOutcome.MISSED, ActivityOutcome.CANCELLED))


def _activity(
    rng: random.Random,
    day: date | str,
    kind: ActivityKind,
    outcome: ActivityOutcome,
    made_up: bool = False,
) -> dict[str, Any]:
    when = day if isinstance(day, str) else day.isoformat()
    confidential = False
    if outcome is not ActivityOutcome.HELD:
        notes, minutes = rng.choice(_MISSED_NOTES), None
    elif made_up:
        minutes = rng.choice((20, 30, 30, 45))
        notes = rng.choice(_RESCHEDULED_NOTES)
    elif kind is ActivityKind.CHECKIN:
        minutes = rng.choice((30, 45, 45, 60, 60, 90))
        if rng.random() < 0.06:
            notes, confidential = rng.choice(_CONFIDENTIAL_NOTES), True
        else:
            notes = rng.choice(_CHECKIN_NOTES)
    else:
        minutes = rng.choice((60, 90, 120, 180))
        notes = rng.choice(_OTHER_ACTIVITY[kind])
    return {
        "date": when,
        "kind": kind.value,
        "outcome": outcome.value,
        "minutes": minutes,
        "notes": notes,
        "confidential": confidential,
    }


MENTEE_ASSESSMENTS = 5
"""At most this many scheduled mentee assessments a pair (about every two to three months)."""


def _assessment_days(
    rng: random.Random, story: _Story, follow_ups: list[tuple[date, date]]
) -> list[date]:
    """The days the mentee answers the questionnaire, oldest first.

    Every two to three months back from the latest (``assessment_gap`` before
    ``last_day``), not in the first three weeks; and on the day of a breach
    response's follow-up (``follow_ups``: (resolved, follow-up) days), unless
    one is due anyway between the resolution and three weeks after the follow-up.
    """
    first_possible = _days(story.start, 21)
    last = _days(story.last_day, -rng.randint(*story.assessment_gap))
    days: list[date] = []
    while last >= first_possible and len(days) < MENTEE_ASSESSMENTS:
        days.append(last)
        last = _days(last, -rng.randint(60, 85))
    for resolved, day in follow_ups:
        if day <= story.last_day and not any(resolved <= other <= _days(day, 20) for other in days):
            days.append(day)
    days.sort()
    return days


def _level_of(score: float) -> str:
    return "high" if score >= 4.0 else "medium" if score >= 3.0 else "low"


MENTOR_ANSWERS = 0.75
"""How often a mentor who gives their view answers with the mentee."""


def _assessments(
    rng: random.Random, story: _Story, precise: bool, follow_ups: list[tuple[date, date]]
) -> list[dict[str, Any]]:
    days = _assessment_days(rng, story, follow_ups)
    targets = _trajectory(rng, story.trust, len(days))
    result = []
    for day, target in zip(days, targets, strict=True):
        result.append(
            {
                "date": day.isoformat(),
                "respondent": Respondent.MENTEE.value,
                "answers": _answers_near(rng, target, gaps=not precise),
                "comment": rng.choice(_ASSESSMENT_COMMENTS[_level_of(target)]),
            }
        )
        if story.mentor_view and rng.random() < MENTOR_ANSWERS:
            view = min(4.8, max(1.5, target + rng.uniform(-0.2, 0.4)))
            result.append(
                {
                    "date": day.isoformat(),
                    "respondent": Respondent.MENTOR.value,
                    "answers": _answers_near(rng, view, gaps=False),
                    "comment": "",
                }
            )
    return result


def _ethics(rng: random.Random, story: _Story, reviewer: str, today: date) -> list[dict[str, Any]]:
    if story.ethics == "none":
        return []
    first = _days(story.start, rng.randint(5, 20))
    if first > min(today, story.last_day):
        return []
    guidelines = list(EthicsGuideline)
    reviews = []
    skipped: list[EthicsGuideline] = []
    if story.ethics == "gap":
        skipped = rng.sample(guidelines, rng.randint(1, 2))
    for guideline in guidelines:
        if guideline in skipped:
            if guideline is skipped[0] and rng.random() < 0.5:
                reviews.append(
                    _review(
                        guideline,
                        EthicsState.NOT_REVIEWED,
                        first,
                        reviewer,
                        "Postponed: the pair could not attend.",
                    )
                )
            continue
        reviews.append(_review(guideline, EthicsState.CONFIRMED, first, reviewer, ""))
    if story.ethics in ("concern", "concern_resolved"):
        guideline = rng.choice(
            [
                EthicsGuideline.BOUNDARIES,
                EthicsGuideline.CONFIDENTIALITY,
                EthicsGuideline.PROFESSIONALISM,
            ]
        )
        concern_day = _days(story.last_day, -rng.randint(15, 40))
        concern_day = max(concern_day, _days(first, 1))
        reviews.append(
            _review(
                guideline,
                EthicsState.CONCERN,
                concern_day,
                reviewer,
                "Raised in a one-to-one with the coordinator; follow-up agreed.",
            )
        )
        if story.ethics == "concern_resolved":
            later = _days(concern_day, rng.randint(5, 14))
            if later <= min(today, story.last_day):
                reviews.append(
                    _review(
                        guideline,
                        EthicsState.CONFIRMED,
                        later,
                        reviewer,
                        "Followed up with both; resolved.",
                    )
                )
    reviews.sort(key=lambda review: review["date"])
    return reviews


def _review(
    guideline: EthicsGuideline, state: EthicsState, day: date, reviewer: str, note: str
) -> dict[str, Any]:
    return {
        "guideline": guideline.value,
        "state": state.value,
        "date": day.isoformat(),
        "reviewer": reviewer,
        "note": note,
    }


def _conflict(
    rng: random.Random,
    kind: ConflictKind,
    severity: Severity,
    opened: date,
    status: ConflictStatus | None,
    last_day: date,
    ending: PairStatus | None = None,
) -> dict[str, Any]:
    """One conflict log entry opened on ``opened``, its steps no later than ``last_day``.

    With a ``status`` the entry ends in it, through one of the paths to it, its steps
    squeezed into the time there is. Without one it runs its natural course
    (:func:`_natural_moves`) and shows as far as it got by ``last_day``; an entry
    still running when its pair ended (``ending``) is closed that day.
    """
    if status is not None:
        path = rng.choice(_CONFLICT_PATHS[status])
        moves = list(zip((ConflictStatus.OPEN, *path), path, strict=False))
        waits = [rng.randint(*_MOVE_DAYS[move]) for move in moves]
        room = (last_day - opened).days
        if sum(waits) > room:
            waits = [wait * room // sum(waits) for wait in waits]
    else:
        moves, waits = _natural_moves(rng, kind, severity)
    steps = []
    day, current = opened, ConflictStatus.OPEN
    for (before, after), wait in zip(moves, waits, strict=True):
        day = _days(day, wait)
        if day > last_day:
            break
        note = _MOVE_NOTES.get((before, after), _STEP_NOTES[after])
        steps.append({"date": day.isoformat(), "status": after.value, "note": note})
        current = after
    if status is None and ending in _CLOSED_AT_END and current in _LIVE_CONFLICT:
        current, note = _CLOSED_AT_END[ending]
        steps.append({"date": last_day.isoformat(), "status": current.value, "note": note})
    description, cause = rng.choice(_CONFLICT_TEXT[kind])
    ended = current in _ENDED_CONFLICT
    return {
        "opened": opened.isoformat(),
        "kind": kind.value,
        "severity": severity.value,
        "description": description,
        "confidential": kind
        in (
            ConflictKind.CONFIDENTIALITY_BREACH,
            ConflictKind.BOUNDARY_ISSUE,
            ConflictKind.TRUST_BREACH,
        ),
        "steps": steps,
        "root_cause": cause if current is not ConflictStatus.OPEN else "",
        "outcome": steps[-1]["note"] if ended else "",
    }


_ENDED_CONFLICT = (
    ConflictStatus.RESOLVED,
    ConflictStatus.CLOSED_UNRESOLVED,
    ConflictStatus.ESCALATED,
)
_LIVE_CONFLICT = (ConflictStatus.OPEN, ConflictStatus.IN_DIALOGUE, ConflictStatus.MEDIATION)


def _natural_moves(
    rng: random.Random, kind: ConflictKind, severity: Severity
) -> tuple[list[tuple[ConflictStatus, ConflictStatus]], list[int]]:
    """How a conflict goes when nobody decided its ending: its moves and the days each takes.

    Small practical matters are often sorted out straight away; the rest are
    acknowledged within days and talked through, the serious ones more often
    mediated; most end resolved, some closed unresolved or escalated (a conflict
    of interest more often goes up the line), now and then a mediation stalls
    for months or a resolved conflict flares up again.
    """
    minor = severity is Severity.LOW and kind in (
        ConflictKind.DISAGREEMENT,
        ConflictKind.CHANGE_UNCERTAINTY,
        ConflictKind.OTHER,
    )
    moves: list[tuple[ConflictStatus, ConflictStatus]] = []
    if minor and rng.random() < 0.35:
        moves.append((ConflictStatus.OPEN, ConflictStatus.RESOLVED))
    else:
        moves.append((ConflictStatus.OPEN, ConflictStatus.IN_DIALOGUE))
        mediation = {Severity.LOW: 0.08, Severity.MEDIUM: 0.25, Severity.HIGH: 0.5}[severity]
        if kind in _BREACHES:
            mediation += 0.1
        escalation = 0.12 if kind is ConflictKind.CONFLICT_OF_INTEREST else 0.03
        roll = rng.random()
        if roll < mediation:
            moves.append((ConflictStatus.IN_DIALOGUE, ConflictStatus.MEDIATION))
            ending = rng.choices(_ENDED_CONFLICT, weights=(60, 25, 15))[0]
            moves.append((ConflictStatus.MEDIATION, ending))
        elif roll < mediation + escalation:
            moves.append((ConflictStatus.IN_DIALOGUE, ConflictStatus.ESCALATED))
        elif roll < mediation + escalation + 0.04:
            moves.append((ConflictStatus.IN_DIALOGUE, ConflictStatus.CLOSED_UNRESOLVED))
        else:
            moves.append((ConflictStatus.IN_DIALOGUE, ConflictStatus.RESOLVED))
    if moves[-1][1] is ConflictStatus.RESOLVED and rng.random() < 0.08:
        moves.append((ConflictStatus.RESOLVED, ConflictStatus.IN_DIALOGUE))
        moves.append((ConflictStatus.IN_DIALOGUE, ConflictStatus.RESOLVED))
    waits = [rng.randint(*_MOVE_DAYS[move]) for move in moves]
    for number, (before, _after) in enumerate(moves):
        if before is ConflictStatus.MEDIATION and rng.random() < 0.15:
            waits[number] = rng.randint(*_STALLED_DAYS)
    return moves, waits


def _goals(rng: random.Random, story: _Story, today: date) -> list[dict[str, Any]]:
    goals = []
    for text in rng.sample(_GOALS, rng.randint(1, 3)):
        target = _days(story.start, rng.randint(90, 330))
        if story.status is PairStatus.COMPLETED:
            status = GoalStatus.ACHIEVED if rng.random() < 0.8 else GoalStatus.DROPPED
        elif story.status is PairStatus.ENDED_EARLY:
            status = GoalStatus.DROPPED if rng.random() < 0.6 else GoalStatus.ACHIEVED
        elif target < today and rng.random() < 0.6:
            status = GoalStatus.ACHIEVED
        else:
            status = GoalStatus.DROPPED if rng.random() < 0.05 else GoalStatus.OPEN
        goals.append({"text": text, "target": target.isoformat(), "status": status.value})
    return goals


def _pair_reviews(rng: random.Random, story: _Story, today: date) -> list[dict[str, Any]]:
    if not story.review:
        return []
    if story.status in (PairStatus.COMPLETED, PairStatus.ENDED_EARLY):
        day = story.last_day
    else:
        day = _days(story.start, 180)
    if day > today:
        return []
    summary = (
        _REVIEW_SUMMARIES[3]
        if story.status is PairStatus.ENDED_EARLY
        else rng.choice(_REVIEW_SUMMARIES[:3])
    )
    return [
        {
            "date": day.isoformat(),
            "lessons": {lesson.value: rng.choice(_LESSON_TEXTS[lesson]) for lesson in Lesson},
            "summary": summary,
        }
    ]


def _disclose(document: dict[str, Any], story: _Story, mentor: _Person, mentee: _Person) -> None:
    """A mentor in the mentee's reporting line needs a written disclosure (DOMAIN.md,
    "Pairing rules"): the conflict of interest logged the day the pair started, unless
    the story already logs one."""
    kind = ConflictKind.CONFLICT_OF_INTEREST.value
    if any(conflict["kind"] == kind for conflict in document["conflicts"]):
        return
    document["conflicts"].insert(
        0,
        {
            "opened": story.start.isoformat(),
            "kind": kind,
            "severity": Severity.LOW.value,
            "description": f"{mentor.name} is in {mentee.name}'s reporting line; both agreed "
            "to the pairing and HR was told.",
            "confidential": False,
            "steps": [],
            "root_cause": "",
            "outcome": "",
        },
    )


def _pair_document(
    rng: random.Random,
    story: _Story,
    mentor: _Person,
    mentee: _Person,
    reviewer: str,
    program_cadence: int,
    today: date,
    precise: bool,
) -> dict[str, Any]:
    cadence = story.cadence or program_cadence
    started = story.status is not PairStatus.PROPOSED
    agreement = None
    if story.model is MentorshipModel.FORMAL and story.agreement and started:
        signed = _days(story.start, rng.randint(0, 10))
        agreement = signed.isoformat() if signed <= today else None
    conflicts = [
        _conflict(
            rng,
            kind,
            severity,
            _days(story.last_day, -before),
            status,
            story.last_day,
            story.status,
        )
        for kind, severity, before, status in story.conflicts
    ]
    conflicts.sort(key=lambda conflict: conflict["opened"])
    # The breach response ends with a follow-up: trust is assessed again a few weeks on.
    resolved = [
        date.fromisoformat(conflict["steps"][-1]["date"])
        for conflict in conflicts
        if conflict["kind"] in _BREACHES
        and conflict["steps"]
        and conflict["steps"][-1]["status"] == ConflictStatus.RESOLVED.value
    ]
    follow_ups = [(day, _days(day, rng.randint(14, 35))) for day in resolved]
    return {
        "mentor": mentor,
        "mentee": mentee,
        "model": story.model.value,
        "status": story.status.value,
        "start": story.start.isoformat(),
        "planned_end": None if story.planned_end is None else story.planned_end.isoformat(),
        "agreement_signed": agreement,
        "expectations": rng.choice(_EXPECTATIONS),
        "cadence_days": story.cadence,
        "end_reason": story.end_reason,
        "goals": _goals(rng, story, today),
        "activities": _activities(rng, story, cadence) if started else [],
        "assessments": _assessments(rng, story, precise, follow_ups) if started else [],
        "conflicts": conflicts,
        "ethics": _ethics(rng, story, reviewer, today) if started else [],
        "reviews": _pair_reviews(rng, story, today) if started else [],
    }


# --- the showcase: every flag and verdict ---------------------------------------------------


def _showcase(today: date) -> list[tuple[str, Callable[[random.Random], _Story]]]:
    """Pairs built to show each flag and verdict on ``today``, most telling first.

    Each active one is clean (formal with an agreement, check-ins every two
    weeks all held, recent assessments, every guideline confirmed, no conflict,
    mentor outside the mentee's reporting line) except for what it shows.
    """

    def clean(rng: random.Random, **changes: Any) -> _Story:
        story = _Story(
            status=PairStatus.ACTIVE,
            model=MentorshipModel.FORMAL,
            start=_days(today, -rng.randint(190, 230)),
            last_day=today,
            fail_rate=0.0,
            assessment_gap=(5, 45),
            in_workshops=False,
        )
        for name, value in changes.items():
            setattr(story, name, value)
        return story

    def three_minor(rng: random.Random) -> _Story:
        return clean(rng, agreement=False, ethics="gap", assessment_gap=(100, 130))

    def completed(rng: random.Random) -> _Story:
        start = _days(today, -rng.randint(330, 350))
        end = _days(today, -rng.randint(30, 50))
        return _Story(
            status=PairStatus.COMPLETED,
            model=MentorshipModel.INFORMAL,
            start=start,
            last_day=end,
            planned_end=end,
            review=True,
            end_reason="Completed as planned.",
            conflicts=[(ConflictKind.DISAGREEMENT, Severity.LOW, 120, ConflictStatus.RESOLVED)],
        )

    def ended_early(rng: random.Random) -> _Story:
        start = _days(today, -rng.randint(280, 320))
        return _Story(
            status=PairStatus.ENDED_EARLY,
            model=MentorshipModel.FORMAL,
            start=start,
            last_day=_days(start, 130),
            planned_end=_days(start, 365),
            review=True,
            end_reason=_END_REASONS[3],
            fail_rate=0.3,
            conflicts=[(ConflictKind.TRUST_BREACH, Severity.HIGH, 40, ConflictStatus.ESCALATED)],
        )

    def paused(rng: random.Random) -> _Story:
        start = _days(today, -rng.randint(200, 240))
        return _Story(
            status=PairStatus.PAUSED,
            model=MentorshipModel.PEER,
            start=start,
            last_day=_days(today, -rng.randint(45, 70)),
        )

    def proposed(rng: random.Random) -> _Story:
        start = _days(today, rng.randint(7, 21))
        return _Story(
            status=PairStatus.PROPOSED,
            model=MentorshipModel.FORMAL,
            start=start,
            last_day=start,
            planned_end=_days(start, 365),
        )

    return [
        ("healthy", lambda rng: clean(rng, mentor_view=True)),
        (
            "overdue",
            lambda rng: clean(rng, model=MentorshipModel.INFORMAL, meetings_stop=_days(today, -26)),
        ),
        ("low", lambda rng: clean(rng, trust="low")),
        (
            "falling",
            lambda rng: clean(
                rng,
                trust="falling",
                conflicts=[
                    (ConflictKind.DISAGREEMENT, Severity.MEDIUM, 150, ConflictStatus.RESOLVED)
                ],
            ),
        ),
        ("unreliable", lambda rng: clean(rng, model=MentorshipModel.PEER, unreliable_tail=True)),
        (
            "open_conflict",
            lambda rng: clean(
                rng,
                conflicts=[
                    (ConflictKind.TRUST_BREACH, Severity.HIGH, 12, ConflictStatus.MEDIATION)
                ],
            ),
        ),
        ("concern", lambda rng: clean(rng, ethics="concern")),
        ("gap", lambda rng: clean(rng, model=MentorshipModel.INFORMAL, ethics="gap")),
        (
            "chain",
            lambda rng: clean(
                rng,
                conflicts=[
                    (ConflictKind.CONFLICT_OF_INTEREST, Severity.LOW, 8, ConflictStatus.IN_DIALOGUE)
                ],
            ),
        ),
        ("stale", lambda rng: clean(rng, assessment_gap=(110, 140))),
        ("unsigned", lambda rng: clean(rng, agreement=False)),
        ("three_minor", three_minor),
        ("completed", completed),
        ("ended_early", ended_early),
        ("paused", paused),
        ("proposed", proposed),
    ]


# --- random pairs ------------------------------------------------------------------------------


def _random_story(rng: random.Random, program_start: date, today: date) -> _Story:
    roll = rng.random()
    model = rng.choices(list(MentorshipModel), weights=(45, 35, 20))[0]
    # Peer pairs often meet weekly; a few others agree a rhythm of their own.
    if model is MentorshipModel.PEER and rng.random() < 0.25:
        cadence: int | None = 7
    else:
        cadence = rng.choice((7, 21, 28)) if rng.random() < 0.12 else None
    fail_rate = rng.choice((0.03, 0.05, 0.08, 0.1, 0.25))
    days_running = (today - program_start).days
    if roll < 0.70:
        cohort = rng.random()
        if cohort < 0.55:
            start = _days(program_start, rng.randint(7, 35))
        elif cohort < 0.85:
            start = _days(program_start, rng.randint(120, 160))
        else:
            start = _days(program_start, rng.randint(170, max(171, days_running - 10)))
        start = min(start, _days(today, -3))
        story = _Story(PairStatus.ACTIVE, model, start, today, cadence, fail_rate)
        story.planned_end = (
            _days(start, 365)
            if model is MentorshipModel.FORMAL
            else _days(start, 270)
            if rng.random() < 0.5
            else None
        )
        if rng.random() < 0.08:
            story.meetings_stop = _days(today, -rng.randint(30, 60))
        if rng.random() < 0.08:
            story.assessment_gap = (95, 140)
        story.review = (today - start).days > 180 and rng.random() < 0.35
    elif roll < 0.79:
        start = _days(program_start, rng.randint(0, 40))
        end = min(_days(start, rng.randint(150, 260)), _days(today, -7))
        story = _Story(
            PairStatus.COMPLETED,
            model,
            start,
            end,
            cadence,
            fail_rate,
            planned_end=end,
            review=True,
            end_reason="Completed as planned." if rng.random() < 0.5 else None,
        )
    elif roll < 0.85:
        start = _days(program_start, rng.randint(0, 200))
        pause = max(_days(start, 30), _days(today, -rng.randint(20, 90)))
        story = _Story(PairStatus.PAUSED, model, start, min(pause, today), cadence, fail_rate)
    elif roll < 0.92:
        start = _days(program_start, rng.randint(0, 150))
        end = min(_days(start, rng.randint(40, 150)), _days(today, -5))
        story = _Story(
            PairStatus.ENDED_EARLY,
            model,
            start,
            end,
            cadence,
            max(fail_rate, 0.15),
            review=rng.random() < 0.6,
            end_reason=rng.choice((*_END_REASONS, _LEFT_REASON)),
        )
    else:
        start = _days(today, rng.randint(3, 30))
        story = _Story(PairStatus.PROPOSED, model, start, start, cadence)
        story.planned_end = _days(start, 365) if model is MentorshipModel.FORMAL else None
    trust = rng.random()
    story.trust = (
        "steady" if trust < 0.75 else "falling" if trust < 0.84 else "low" if trust < 0.9 else "dip"
    )
    story.mentor_view = rng.random() < 0.5
    ethics = rng.random()
    story.ethics = (
        "complete"
        if ethics < 0.86
        else "gap"
        if ethics < 0.92
        else "concern"
        if ethics < 0.95
        else "concern_resolved"
    )
    story.agreement = rng.random() < 0.9
    # How the pair meets: new joiners often weekly for their first weeks; about half of
    # the missed sessions made up; a project together for some.
    if story.cadence is None and rng.random() < 0.5:
        story.weekly_first = rng.randint(28, 56)
    story.reschedule = rng.uniform(0.3, 0.7)
    story.project = {
        MentorshipModel.FORMAL: 0.45,
        MentorshipModel.INFORMAL: 0.35,
        MentorshipModel.PEER: 0.55,
    }[model]
    if story.status in (PairStatus.COMPLETED, PairStatus.ENDED_EARLY):
        story.assessment_gap = (0, 14)  # a last questionnaire at the closing session
    story.conflicts = _random_conflicts(rng, story, program_start)
    return story


def _random_conflicts(
    rng: random.Random, story: _Story, program_start: date
) -> list[tuple[ConflictKind, Severity, int, ConflictStatus | None]]:
    """The conflicts a pair logs: a few a year, more where trust falls or the pair ends early.

    Change-uncertainty conflicts follow the program's reorganisations; the rest
    come at any time after the first weeks. Each runs its natural course.
    """
    span = (story.last_day - story.start).days
    if span <= 20:
        return []
    rate = CONFLICTS_PER_YEAR * _CONFLICT_RATE[story.trust]
    if story.status is PairStatus.ENDED_EARLY:
        rate *= 2.5
    strained = story.trust != "steady" or story.status is PairStatus.ENDED_EARLY
    weights = _CONFLICT_KINDS["strained" if strained else "steady"]
    conflicts = []
    for _ in range(_poisson(rng, rate * span / 365)):
        kind = rng.choices(list(ConflictKind), weights=weights)[0]
        opened = _days(story.start, rng.randint(14, span - 1))
        if kind is ConflictKind.CHANGE_UNCERTAINTY:
            change = _days(program_start, rng.choice(_REORGANISATIONS) + rng.randint(0, 21))
            if _days(story.start, 14) <= change < story.last_day:
                opened = change
            else:
                kind = ConflictKind.DISAGREEMENT
        severity = rng.choices(list(Severity), weights=_SEVERITY_WEIGHTS[kind])[0]
        conflicts.append((kind, severity, (story.last_day - opened).days, None))
    return conflicts


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson-distributed count with the given mean (Knuth's method; means are small)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


# --- the document ------------------------------------------------------------------------------


def _program_name(company: str, start: date, today: date) -> str:
    if start.year == today.year:
        return f"{company} mentoring {start.year}"
    return f"{company} mentoring {start.year}–{today.year % 100:02d}"


def demo_program(pairs: int, seed: int, today: date) -> dict[str, Any]:
    """A whole made-up program as a program file document, the same for the same arguments.

    ``pairs`` mentoring pairs (1 to :data:`MAX_PAIRS`) with about a year of
    history up to ``today``; with 40 pairs or more every risk flag and every
    health verdict occurs on ``today``. Raises ValueError for a pair count
    outside that range. :func:`load_demo` writes the same program without
    holding it whole.
    """
    parts = _demo_parts(pairs, seed, today)
    document: dict[str, Any] = next(parts)
    for batch in parts:
        if isinstance(batch, list):
            document["pairs"].extend(batch)
        else:
            document.update(batch)
    return document


PAIRS_PER_BATCH = 2000
"""Pairs made and written together by :func:`load_demo`: memory stays bounded at any size."""


def _demo_parts(pairs: int, seed: int, today: date) -> Iterator[Any]:
    """The demo program in parts: first the document without pairs, program conflicts or
    workshops (a dict), then the pair records in batches of :data:`PAIRS_PER_BATCH`
    (lists, in the order of the file), then the program conflicts and workshops (a dict)."""
    if isinstance(pairs, bool) or not isinstance(pairs, int) or not 1 <= pairs <= MAX_PAIRS:
        raise ValueError(f"The demo needs from 1 to {MAX_PAIRS:,} pairs, not {pairs!r}.")
    rng = random.Random(seed)
    company = rng.choice(_COMPANIES)
    program_start = _days(today, -364)
    world = _World(rng, pairs)
    people = world.people
    coordinator = next(
        person for person in people if person.department is _PEOPLE_DEPARTMENT and person.level == 2
    )
    reviewer = coordinator.name

    showcase = _showcase(today)[:pairs]
    positions = sorted(rng.sample(range(min(pairs, SHOWCASE_WITHIN)), len(showcase)))
    stories: list[tuple[_Story, str | None]] = []
    showcase_at = dict(zip(positions, showcase, strict=True))
    for number in range(pairs):
        if number in showcase_at:
            name, make = showcase_at[number]
            stories.append((make(rng), name))
        else:
            stories.append((_random_story(rng, program_start, today), None))

    matched = _match(rng, world, stories)
    for (story, _name), (_mentor, mentee) in zip(stories, matched, strict=True):
        if story.end_reason == _LEFT_REASON:
            mentee.active = False
    yield {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "includes_confidential": True,
        "program": {
            "name": _program_name(company, program_start, today),
            "description": f"A year of mentoring at {company}: every new joiner and every "
            "employee moving into a new role is paired with a mentor from another team.",
            "start": program_start.isoformat(),
            "end": _days(program_start, 547).isoformat(),
            "default_model": MentorshipModel.FORMAL.value,
            "cadence_days": PROGRAM_CADENCE,
            "thresholds": {"high": 4.0, "medium": 3.0},
            "plan": {step.value: _PLAN[step] for step in ProactiveStep},
            "survey_schedule": {
                "first_checkup_days": DEFAULT_SCHEDULE.first_after,
                "checkup_every_days": DEFAULT_SCHEDULE.every,
                "closing_round": DEFAULT_SCHEDULE.closing,
            },
        },
        "people": [
            {
                "key": f"p{person.index + 1}",
                "name": person.name,
                "email": person.email,
                "employee_id": person.employee_id,
                "department": person.department.name,
                "title": (
                    "Mentoring Program Coordinator"
                    if person is coordinator
                    else world.title(person)
                ),
                "manager": None if person.manager is None else f"p{person.manager + 1}",
                "location": person.location,
                "skills": person.skills,
                "can_mentor": person.can_mentor,
                "capacity": person.capacity,
                "active": person.active,
            }
            for person in people
        ],
        "pairs": [],
        "program_conflicts": [],
        "workshops": [],
    }

    # Pairs in the order they were made: by start date. Each pair's records are made in
    # that order too, a batch at a time, so that only the batch at hand is held; the
    # workshops need only who was paired, and when.
    order = sorted(range(pairs), key=lambda n: (stories[n][0].start, n))
    running: list[tuple[_Story, dict[str, _Person]]] = []
    batch: list[dict[str, Any]] = []
    for number, position in enumerate(order, start=1):
        (story, name), (mentor, mentee) = stories[position], matched[position]
        document = _pair_document(
            rng, story, mentor, mentee, reviewer, PROGRAM_CADENCE, today, precise=name is not None
        )
        if world.in_chain(mentor, mentee):
            _disclose(document, story, mentor, mentee)
        running.append((story, {"mentor": mentor, "mentee": mentee}))
        document["mentor"], document["mentee"] = f"p{mentor.index + 1}", f"p{mentee.index + 1}"
        batch.append({"key": f"x{number}", **document})
        if len(batch) == PAIRS_PER_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
    workshops = _workshops(rng, running, program_start, today)
    yield {
        "program_conflicts": _program_conflicts(rng, program_start, today),
        "workshops": workshops,
    }


def _match(
    rng: random.Random, world: _World, stories: list[tuple[_Story, str | None]]
) -> list[tuple[_Person, _Person]]:
    """A mentor and a distinct mentee for every story.

    Mentees are juniors and members first (seniors only when they run out).
    Mentors have capacity left for their live pairs, come from another
    department more often than not and sit outside the mentee's reporting
    line, except for the "chain" showcase (the mentee's manager's manager) and
    a few random pairs (their own manager).
    """
    people = world.people
    juniors = [p for p in people if p.level >= 4 and p.active and not p.can_mentor]
    seniors = [p for p in people if p.level == 3 and p.active]
    rng.shuffle(juniors)
    rng.shuffle(seniors)
    mentee_pool = juniors + seniors
    mentors = [p for p in people if p.can_mentor and p.active]
    load = {p.index: 0 for p in mentors}
    matched: list[tuple[_Person, _Person]] = []
    used: set[int] = set()
    spare = iter(mentee_pool)

    def next_mentee() -> _Person:
        for person in spare:
            if person.index not in used:
                used.add(person.index)
                return person
        # More pairs than people to mentor: anyone not yet a mentee, in order.
        for person in people:
            if person.index not in used and person.level > 0:
                used.add(person.index)
                return person
        raise ValueError("The demo company has too few people for that many pairs.")

    for story, name in stories:
        mentee = next_mentee()
        live = story.status in (PairStatus.ACTIVE, PairStatus.PAUSED, PairStatus.PROPOSED)
        mentor: _Person | None = None
        if name == "chain" or (
            name is None and story.status is PairStatus.ACTIVE and rng.random() < 0.02
        ):
            above = mentee.manager if name is None else people[mentee.manager or 0].manager
            if above is not None and above != mentee.index:
                mentor = people[above]
                if not mentor.can_mentor:
                    mentor.can_mentor, mentor.capacity = True, max(1, mentor.capacity)
                    load.setdefault(mentor.index, 0)
        if mentor is None:
            mentor = _pick_mentor(rng, world, mentors, load, mentee, live)
        if live:
            load[mentor.index] = load.get(mentor.index, 0) + 1
            mentor.capacity = max(mentor.capacity, load[mentor.index])
        matched.append((mentor, mentee))
    return matched


def _pick_mentor(
    rng: random.Random,
    world: _World,
    mentors: list[_Person],
    load: dict[int, int],
    mentee: _Person,
    live: bool,
) -> _Person:
    best: _Person | None = None
    best_score = -1.0
    wanted = set(mentee.skills)
    for _ in range(12):
        candidate = rng.choice(mentors)
        if candidate.index == mentee.index or world.in_chain(candidate, mentee):
            continue
        score = rng.random()
        if candidate.department is not mentee.department:
            score += 1.0
        score += 0.5 * len(wanted.intersection(candidate.skills))
        if live and load[candidate.index] >= candidate.capacity:
            score -= 3.0
        if score > best_score:
            best, best_score = candidate, score
    if best is None:
        best = next(p for p in mentors if p.index != mentee.index and not world.in_chain(p, mentee))
    return best


def _workshops(
    rng: random.Random,
    documents: list[tuple[_Story, dict[str, Any]]],
    program_start: date,
    today: date,
) -> list[dict[str, Any]]:
    """About one workshop a month; those who attend are people of pairs running then."""
    result = []
    day = _days(program_start, rng.randint(14, 28))
    titles = list(_WORKSHOPS)
    number = 0
    while day <= today and number < len(titles):
        title, kind = titles[number]
        running = [
            (story, document)
            for story, document in documents
            if story.in_workshops
            and story.start <= day <= story.last_day
            and story.status is not PairStatus.PROPOSED
        ]
        attendees: set[int] = set()
        for _story, document in rng.sample(running, min(len(running), rng.randint(5, 16))):
            attendees.add(document["mentee"].index)
            if rng.random() < 0.6:
                attendees.add(document["mentor"].index)
        result.append(
            {
                "date": day.isoformat(),
                "title": title,
                "kind": kind.value,
                "attendees": [f"p{index + 1}" for index in sorted(attendees)],
            }
        )
        number += 1
        day = _days(day, rng.randint(24, 35))
    return result


def _program_conflicts(rng: random.Random, program_start: date, today: date) -> list[Any]:
    """Conflicts that concern the program rather than one pair, one in each state that
    the pairs' own conflicts may not show."""
    conflicts = [
        _conflict(
            rng,
            ConflictKind.CHANGE_UNCERTAINTY,
            Severity.MEDIUM,
            _days(program_start, _REORGANISATIONS[1]),
            ConflictStatus.ESCALATED,
            _days(program_start, _REORGANISATIONS[1] + 50),
        ),
        _conflict(
            rng,
            ConflictKind.OTHER,
            Severity.LOW,
            _days(program_start, 90),
            ConflictStatus.CLOSED_UNRESOLVED,
            _days(program_start, 160),
        ),
        _conflict(
            rng,
            ConflictKind.CONFIDENTIALITY_BREACH,
            Severity.MEDIUM,
            _days(today, -20),
            ConflictStatus.OPEN,
            today,
        ),
        _conflict(
            rng,
            ConflictKind.CHANGE_UNCERTAINTY,
            Severity.LOW,
            _days(program_start, _REORGANISATIONS[0]),
            ConflictStatus.RESOLVED,
            _days(program_start, _REORGANISATIONS[0] + 40),
        ),
    ]
    conflicts.sort(key=lambda conflict: conflict["opened"])
    return conflicts


def load_demo(session: Session, pairs: int, seed: int, today: date) -> ImportSummary:
    """Write the demo program (:func:`demo_program`) in the caller's transaction, through
    the program file's checks, a batch of pairs at a time: 100,000 pairs in bounded memory."""
    parts = _demo_parts(pairs, seed, today)
    with program_in_parts(session, next(parts), "Made up by 'mentordesk demo'") as program:
        for batch in parts:
            if isinstance(batch, list):
                program.add_pairs(batch)
            else:
                summary = program.finish(batch["program_conflicts"], batch["workshops"])
    return summary
