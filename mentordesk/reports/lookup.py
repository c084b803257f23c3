"""Finding the pair a report is about from what a coordinator types: a mentee's email."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentordesk.domain.vocabularies import PairStatus
from mentordesk.errors import MentorDeskError
from mentordesk.services.people import person_by_email, person_pairs

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def mentee_pair_id(session: Session, email: str, program_name: str | None = None) -> int:
    """The pair in which the person with ``email`` is the mentee.

    An active pair comes before a finished one, the newest first; when the
    mentee is in active pairs of several programs, ``program_name`` must say
    which. Raises NotFound for an unknown email and MentorDeskError when the
    person is no mentee (in that program).
    """
    person = person_by_email(session, email)
    pairs = [pair for pair in person_pairs(session, person.id) if not pair.as_mentor]
    if program_name is not None:
        wanted = program_name.strip().casefold()
        pairs = [pair for pair in pairs if pair.program_name.casefold() == wanted]
        if not pairs:
            raise MentorDeskError(
                f"{person.name} is not a mentee in the program '{program_name.strip()}'."
            )
    if not pairs:
        raise MentorDeskError(
            f"{person.name} ({person.email}) is not a mentee in any pair, "
            "so there is no pair to print."
        )
    active = [pair for pair in pairs if pair.status is PairStatus.ACTIVE]
    programs = sorted({pair.program_name for pair in active})
    if len(programs) > 1:
        raise MentorDeskError(
            f"{person.name} is a mentee in active pairs of {len(programs)} programs "
            f"({', '.join(programs)}); name one with --program."
        )
    # person_pairs lists the newest start first.
    return (active or pairs)[0].pair_id
