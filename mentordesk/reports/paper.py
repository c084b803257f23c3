"""The paper a PDF is laid out on: A4 or US Letter.

US and Canadian offices (and a few other countries) print on Letter, the rest of
the world on A4. The choice is made once, where the user is: the window asks Qt
for the system's paper (``QPageSize`` / ``QLocale``) unless the settings name
one; the command line takes ``--paper`` or else the locale's territory from
``LC_ALL``, ``LC_PAPER`` or ``LANG``. Below the window it is only this value.

Every layout keeps the same text width on both papers (A4's, the narrower), so
a line breaks in the same place wherever it is printed; Letter's extra width
goes to the side margins and its shorter height to fewer lines per page.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import Enum

from mentordesk.reports.choices import parse_choice

# Territories that print on US Letter (the CLDR paper-size data: the United
# States and its territories, Canada, Mexico, Central and South American
# countries that follow the US, the Philippines).
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PH", "PR", "CL", "CO", "CR", "GT", "NI", "PA", "SV", "VE", "BZ",
     "DO", "AS", "GU", "MP", "UM", "VI"}
)  # fmt: skip

# In points, as ReportLab's pagesizes has them; written out so the window can ask
# for a paper without loading ReportLab before its first paint.
A4 = (595.2755905511812, 841.8897637795277)
LETTER = (612.0, 792.0)


class Paper(Enum):
    """A paper size every MentorDesk PDF can be laid out on (``--paper``)."""

    A4 = "a4"
    LETTER = "letter"

    @property
    def label(self) -> str:
        return "A4" if self is Paper.A4 else "Letter"

    @property
    def size(self) -> tuple[float, float]:
        """Width and height in points."""
        return A4 if self is Paper.A4 else LETTER

    @classmethod
    def parse(cls, value: str | Paper) -> Paper:
        return parse_choice(cls, value, "paper size")

    @classmethod
    def for_territory(cls, territory: str | None) -> Paper:
        """The paper offices in ``territory`` (a two-letter country code) print on."""
        return cls.LETTER if (territory or "").upper() in LETTER_TERRITORIES else cls.A4

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Paper:
        """The paper of the locale in the environment (``LC_ALL``, then ``LC_PAPER``,
        then ``LANG``, as the C library looks them up): ``en_US.UTF-8`` is Letter,
        ``de_DE`` and ``C`` are A4."""
        environ = os.environ if environ is None else environ
        for name in ("LC_ALL", "LC_PAPER", "LANG"):
            value = environ.get(name, "")
            if value:
                return cls.for_territory(territory_of(value))
        return cls.A4


def territory_of(locale_name: str) -> str | None:
    """The territory of a POSIX locale name: ``en_US.UTF-8@euro`` → ``US``."""
    name = locale_name.split(".", 1)[0].split("@", 1)[0]
    _, _, territory = name.partition("_")
    return territory.upper() or None


__all__ = ["LETTER_TERRITORIES", "Paper", "territory_of"]
