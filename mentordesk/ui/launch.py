"""Starting the window from the command line, or saying clearly why it cannot start."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

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


XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
)
"""The libraries Qt's X11 platform plugin loads that desktops may lack (Qt 6.5 and later
need libxcb-cursor), each with its Debian and Ubuntu package."""


def uses_xcb() -> bool:
    """Whether Qt will open the window through X11 (the xcb platform plugin) here."""
    if not sys.platform.startswith("linux"):
        return False
    chosen = os.environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    return bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY")


def _loadable(library: str) -> bool:
    import ctypes  # only where X11 is used: not loaded before the window paints elsewhere

    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def missing_desktop_libraries(
    loadable: Callable[[str], bool] = _loadable,
) -> list[tuple[str, str]]:
    """The X11 libraries Qt's window needs that cannot be loaded, with their packages (none
    when Qt will not use X11, or in the bundle, which carries its own)."""
    if getattr(sys, "frozen", False) or not uses_xcb():
        return []
    return [(library, package) for library, package in XCB_LIBRARIES if not loadable(library)]


def missing_libraries_message(missing: list[tuple[str, str]]) -> str:
    """One sentence naming the missing libraries and the command that installs them."""
    libraries = " and ".join(library for library, _package in missing)
    packages = " ".join(package for _library, package in missing)
    return (
        f"mentordesk: the window needs {libraries}, which this system lacks; install "
        f"{'it' if len(missing) == 1 else 'them'} with 'sudo apt-get install {packages}' "
        "(on other systems, the distribution's package of the same name), or run "
        "'make run' as root from the source folder."
    )


def open_window(location: str, *, explicit: bool) -> int:
    """Open the main window on the database at ``location``; returns the exit code."""
    if not display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2
    # Qt aborts with a plugin error when these are missing: say what to do instead.
    missing = missing_desktop_libraries()
    if missing:
        print(missing_libraries_message(missing), file=sys.stderr)
        return 2
    from mentordesk.ui.app import run_application

    return run_application(location, explicit=explicit)
