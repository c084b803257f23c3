"""Without a command MentorDesk opens the window; without a display it says so clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentordesk.cli import main
from mentordesk.ui.launch import NO_DISPLAY_MESSAGE


def test_no_display_gives_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    for variable in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main(["--db", str(tmp_path / "program.sqlite3")]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == NO_DISPLAY_MESSAGE
    assert not (tmp_path / "program.sqlite3").exists()  # nothing was created


def test_version_and_help(capsys) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("mentordesk ")
    assert main(["risk", "--help"]) == 0
    assert "--as-of" in capsys.readouterr().out
