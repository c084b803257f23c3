"""The files MentorDesk ships (icons, fonts and their licences, the app icon, the desktop
entry, sample files), found the same way from a source checkout, an installed package and
the PyInstaller bundle (which keeps this folder beside the code it collects).

The folder is the top-level ``resources/`` of the source tree; pyproject's package-dir
installs it as the ``mentordesk.resources`` package. ``shipped-files.txt`` lists every
file it holds, so a build can prove it left none behind (:func:`missing_resources`).
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
SHIPPED_LIST = "shipped-files.txt"


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. ``resource_path("fonts", "DejaVuSans.ttf")``."""
    return RESOURCES.joinpath(*parts)


def shipped_files(root: Path = RESOURCES) -> list[str]:
    """The files ``root`` should hold, as paths relative to it (``icons/add.svg``).

    Raises FileNotFoundError, naming the list, when the list itself is missing.
    """
    text = (root / SHIPPED_LIST).read_text(encoding="utf-8")
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def missing_resources(root: Path = RESOURCES) -> list[str]:
    """The listed files that ``root`` lacks, or holds empty (a failed copy), in list order."""
    missing = []
    for name in shipped_files(root):
        path = root / name
        if not path.is_file() or path.stat().st_size == 0:
            missing.append(name)
    return missing
