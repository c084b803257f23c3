"""The files MentorDesk ships (icons, fonts, the app icon), found the same way from a
source checkout, an installed package and the PyInstaller bundle (which keeps this
folder beside the code it collects)."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. ``resource_path("fonts", "DejaVuSans.ttf")``."""
    return RESOURCES.joinpath(*parts)
