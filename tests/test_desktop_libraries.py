"""Started without the X11 libraries Qt's window needs, MentorDesk says which and how to
install them, instead of Qt's plugin abort (issue 15, item 20)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentordesk.ui.launch import (
    XCB_LIBRARIES,
    missing_desktop_libraries,
    missing_libraries_message,
    uses_xcb,
)


def _x11_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":99")


def test_the_missing_library_is_named_with_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    _x11_only(monkeypatch)
    missing = missing_desktop_libraries(lambda library: library != "libxcb-cursor.so.0")
    assert missing == [("libxcb-cursor.so.0", "libxcb-cursor0")]
    message = missing_libraries_message(missing)
    assert message.startswith("mentordesk: the window needs libxcb-cursor.so.0, which this")
    assert "'sudo apt-get install libxcb-cursor0'" in message
    assert message.count(".") >= 1 and "\n" not in message


@pytest.mark.parametrize(
    ("platform", "wayland", "xcb"),
    [("", "", True), ("", "wayland-0", False), ("xcb", "", True), ("offscreen", "", False),
     ("wayland;xcb", "", False)],
)  # fmt: skip
def test_only_an_x11_window_needs_them(
    monkeypatch: pytest.MonkeyPatch, platform: str, wayland: str, xcb: bool
) -> None:
    _x11_only(monkeypatch)
    monkeypatch.setenv("QT_QPA_PLATFORM", platform)
    monkeypatch.setenv("WAYLAND_DISPLAY", wayland)
    assert uses_xcb() is xcb
    if not xcb:
        assert missing_desktop_libraries(lambda _library: False) == []


def test_started_without_them_the_program_says_so_instead_of_aborting(tmp_path: Path) -> None:
    import ctypes

    def loadable(library: str) -> bool:
        try:
            ctypes.CDLL(library)
        except OSError:
            return False
        return True

    if all(loadable(library) for library, _package in XCB_LIBRARIES):
        pytest.skip("this machine has every X11 library Qt needs")
    env = {key: value for key, value in os.environ.items() if key != "WAYLAND_DISPLAY"}
    env.pop("QT_QPA_PLATFORM", None)
    env["DISPLAY"] = ":99"
    database = tmp_path / "program.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "mentordesk", "--db", str(database)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("mentordesk: the window needs ")
    assert "sudo apt-get install" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "qt.qpa.plugin" not in done.stderr and "Aborted" not in done.stderr
    assert not database.exists()
