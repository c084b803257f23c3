"""Without a command MentorDesk opens the window; without a display it says so clearly."""

from __future__ import annotations

import os
import subprocess
import sys
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


def test_starting_the_window_loads_no_store_command_or_report_module() -> None:
    """What runs before the first paint: the store, Alembic, the commands and ReportLab
    load after the window is on screen, so a double-click shows it at once."""
    code = (
        "import sys; import mentordesk.cli, mentordesk.ui.launch, mentordesk.ui.app; "
        "print('\\n'.join(sorted(sys.modules)))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert shown.returncode == 0, shown.stderr
    loaded = set(shown.stdout.split())
    late = {"mentordesk.store.models", "mentordesk.store.database", "alembic", "openpyxl"}
    assert not loaded & late
    # mentordesk.commands.context (exit codes and Context, nothing heavy) is cli.py's own.
    light = {"mentordesk.commands", "mentordesk.commands.context"}
    assert not {
        name for name in loaded - light if name.startswith(("mentordesk.commands", "reportlab"))
    }
