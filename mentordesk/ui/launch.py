"""Starting the window from the command line, or saying clearly why it cannot start."""

from __future__ import annotations

import os
import sys

NO_DISPLAY_MESSAGE = (
    "mentordesk: there is no display to open the window on. "
    "The command-line features work without one: see 'mentordesk --help'."
)


def display_available() -> bool:
    """Whether Qt can show a window here (a platform was chosen, or a display exists)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def open_window(location: str, *, explicit: bool) -> int:
    """Open the main window on the database at ``location``; returns the exit code."""
    if not display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2
    from mentordesk.ui.app import run_application

    return run_application(location, explicit=explicit)
