"""Program files: one whole program as one JSON document (``.mentordesk.json``).

The format is PROGRAM_FILE.md's. :func:`export_program` writes a program with
everything that belongs to it; :func:`import_program` reads one back into the
database, all or nothing. :func:`dump_program` and :func:`load_program` turn a
document into text and back, :func:`read_program_file` reads a file safely.

Import
    :func:`import_program_file` reads a file a record at a time
    (:mod:`~mentordesk.program_file.records`) and checks and writes each
    record as it comes (:mod:`~mentordesk.program_file.streamed`), so a
    program of any size imports in memory for its people and one batch of
    pairs; :func:`import_program` does the same for a document already in
    memory. Every record is checked against one table of field specifications
    per kind of object (``_PROGRAM``, ``_PERSON``, ``_PAIR`` …): required and
    optional fields, no unknown field, JSON types (``true`` is not a number),
    codes from :mod:`mentordesk.domain.vocabularies`, dates exactly
    ``YYYY-MM-DD``, lengths, ranges. Then the records are checked against each
    other: keys unique, references resolve, no cycle among managers, answers
    scorable, conflict steps legal and in date order, nobody their own mentor,
    at most one active pair per mentee, and against the database: the
    program's name is free and no two people of the file are the same person
    there. Writing stops at the first problem; reading goes on, and every
    problem is reported with its JSON path
    (``pairs[3].assessments[0].answers.loyalty_4: unknown item``), the first
    :data:`MAX_PROBLEMS_SHOWN` of them in the message of a
    :class:`ProgramFileError`; the caller's transaction then rolls back what
    was written, so the database is as it was.

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

from mentordesk.program_file.files import (
    dump_program,
    load_program,
    read_program_file,
    write_program,
    write_program_file,
)
from mentordesk.program_file.limits import (
    DEFAULT_CADENCE_DAYS,
    FILE_SUFFIX,
    FORMAT,
    FORMAT_VERSION,
    MAX_ATTENDEES,
    MAX_CADENCE_DAYS,
    MAX_CAPACITY,
    MAX_CONFLICTS,
    MAX_EMAIL_CHARS,
    MAX_EMPLOYEE_ID_CHARS,
    MAX_FILE_BYTES,
    MAX_FILE_BYTES_REASON,
    MAX_KEY_CHARS,
    MAX_MINUTES,
    MAX_NAME_CHARS,
    MAX_PAIRS,
    MAX_PEOPLE,
    MAX_PER_PAIR,
    MAX_PROBLEMS_SHOWN,
    MAX_STEPS,
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    MAX_WORKSHOPS,
    file_size_cap,
)
from mentordesk.program_file.problems import Problem, ProgramFileError
from mentordesk.program_file.reading import ImportSummary
from mentordesk.program_file.schema import Leaf
from mentordesk.program_file.streamed import check_program, import_program, import_program_file
from mentordesk.program_file.writing import (
    WithheldCount,
    export_program,
    program_parts,
    withheld_records,
)

__all__ = [
    "DEFAULT_CADENCE_DAYS",
    "FILE_SUFFIX",
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_ATTENDEES",
    "MAX_CADENCE_DAYS",
    "MAX_CAPACITY",
    "MAX_CONFLICTS",
    "MAX_EMAIL_CHARS",
    "MAX_EMPLOYEE_ID_CHARS",
    "MAX_FILE_BYTES",
    "MAX_FILE_BYTES_REASON",
    "MAX_KEY_CHARS",
    "MAX_MINUTES",
    "MAX_NAME_CHARS",
    "MAX_PAIRS",
    "MAX_PEOPLE",
    "MAX_PER_PAIR",
    "MAX_PROBLEMS_SHOWN",
    "MAX_STEPS",
    "MAX_TAGS",
    "MAX_TAG_CHARS",
    "MAX_TEXT_CHARS",
    "MAX_TITLE_CHARS",
    "MAX_WORKSHOPS",
    "ImportSummary",
    "Leaf",
    "Problem",
    "ProgramFileError",
    "WithheldCount",
    "check_program",
    "dump_program",
    "export_program",
    "file_size_cap",
    "import_program",
    "import_program_file",
    "load_program",
    "program_parts",
    "read_program_file",
    "withheld_records",
    "write_program",
    "write_program_file",
]
