"""The window on a damaged database and on read-only media.

Damaged: opening it shows what is wrong and offers the newest sound backup; the
button restores it in the database's place (the damaged file is kept) and the
window opens the restored database. Damage the window only finds after opening
(the background check) offers the same. Read-only: the window opens the
database, shows the banner "Read-only: edits are off" and turns the editing
actions off.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from mentordesk.errors import DatabaseProblem
from mentordesk.paths import backup_dir
from mentordesk.store.backup import automatic_backup
from mentordesk.store.database import open_database
from tests.factories import make_pair, make_program
from tests.faults.test_read_only_media import read_only_database  # noqa: F401  (fixture)

SHOTS = os.environ.get("MENTORDESK_SHOTS")


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """Plain message boxes are recorded, never shown (they would wait for a click)."""
    record: list[tuple[str, str]] = []

    def recorder(kind: str) -> Callable[..., Any]:
        def show(_parent: object, title: str, text: str, *args: Any, **kw: Any) -> Any:
            record.append((title, text))
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(recorder(kind)))
    yield record


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Any:
    from mentordesk.ui.main_window import MainWindow
    from mentordesk.ui.settings import open_settings

    made = MainWindow(open_settings(tmp_path / "settings" / "mentordesk.ini"))
    qtbot.addWidget(made)
    return made


def _wait_for_workers(qtbot) -> None:
    from mentordesk.ui.worker import running_jobs

    QApplication.processEvents()
    qtbot.waitUntil(lambda: running_jobs() == 0, timeout=20_000)
    QApplication.processEvents()


def _program_file(path: Path) -> Path:
    database = open_database(path, backups=backup_dir())
    with database.transaction() as session:
        program = make_program(session, name="Spring cohort", start_date=date(2026, 1, 5))
        for _ in range(8):
            make_pair(session, program)
    database.close()
    return path


def _cut_short(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_opening_a_damaged_database_offers_and_restores_the_newest_sound_backup(
    qtbot, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: list
) -> None:
    from mentordesk.ui import recovery

    path = _program_file(tmp_path / "program.sqlite3")
    sound = automatic_backup(path, backup_dir(), keep=10)
    _cut_short(path)
    asked: list[tuple[str, str, Path | None]] = []

    def click_restore(box: recovery.DamagedDatabaseBox) -> int:
        assert box.restore_button is not None
        asked.append((box.text(), box.restore_button.text(), box.backup))
        if SHOTS:
            box.show()
            qtbot.waitExposed(box)
            box.grab().save(f"{SHOTS}/damaged-box.png")
        box.restore_button.click()
        return 0

    monkeypatch.setattr(recovery.DamagedDatabaseBox, "exec", click_restore)
    window.show()
    assert window.open_location(str(path), create=False)
    _wait_for_workers(qtbot)
    ((text, button, backup),) = asked
    assert "program.sqlite3 is damaged" in text and "cut short" in text
    assert button.startswith("Restore the backup of")
    assert backup == sound
    assert window.context is not None and window.has_programs()
    assert [name for _, name in window._programs] == ["Spring cohort"]
    assert list(backup_dir().glob("program-*-damaged.sqlite3")), "the damaged file was not kept"
    assert not shown, shown


def test_not_now_leaves_the_damaged_file_as_it_is(
    window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: list
) -> None:
    from mentordesk.ui import recovery

    path = _program_file(tmp_path / "program.sqlite3")
    automatic_backup(path, backup_dir(), keep=10)
    _cut_short(path)
    before = path.read_bytes()
    monkeypatch.setattr(
        recovery.DamagedDatabaseBox, "exec", lambda box: box.cancel_button.click() or 0
    )
    assert not window.open_location(str(path), create=False)
    assert path.read_bytes() == before


def test_damage_found_after_opening_is_offered_too(
    qtbot, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: list
) -> None:
    """A file whose first pages are sound opens; the background check finds the rest."""
    from mentordesk.store import damage
    from mentordesk.ui import recovery

    path = _program_file(tmp_path / "program.sqlite3")
    automatic_backup(path, backup_dir(), keep=10)
    monkeypatch.setattr(damage, "quick_check", lambda _path: False)
    offered: list[str] = []
    monkeypatch.setattr(
        recovery.DamagedDatabaseBox,
        "exec",
        lambda box: offered.append(box.text()) or box.cancel_button.click() or 0,
    )
    window.show()
    assert window.open_location(str(path), create=False)
    _wait_for_workers(qtbot)
    assert offered and "is damaged" in offered[0]
    # Nothing was backed up from the damaged file: the sound backups stay in the rotation.
    assert len(list(backup_dir().glob("program-*-opened.sqlite3"))) == 1


def test_read_only_media_show_the_banner_and_turn_edits_off(
    qtbot,
    window: Any,
    read_only_database: Path,  # noqa: F811
    shown: list,
) -> None:
    window.resize(1280, 720)
    window.show()
    assert window.open_location(str(read_only_database), create=False)
    _wait_for_workers(qtbot)
    assert window.read_only_banner.isVisible()
    assert window.read_only_label.text().startswith("<b>Read-only: edits are off.</b>")
    for action in (
        window.new_pair_action,
        window.new_program_action,
        window.log_activity_action,
        window.import_action,
    ):
        assert not action.isEnabled(), action.text()
    window.data_actions.update_actions()
    assert not window.data_actions.import_roster_action.isEnabled()
    assert not window.data_actions.restore_action.isEnabled()
    assert window.data_actions.export_records_action.isEnabled()
    # A view's own button that still tries to save gets the sentence, not a crash.
    from mentordesk.services.programs import list_programs

    assert [row.name for row in window.context.call(list_programs)] == ["On the stick"]
    with pytest.raises(DatabaseProblem, match="read-only: edits are off"):
        with window.context.transaction() as session:
            make_program(session, name="Not saved")
    if SHOTS:
        window.grab().save(f"{SHOTS}/read-only-window.png")
    # No automatic backup of a database that cannot change.
    assert not list(backup_dir().glob("program-*-opened.sqlite3"))
    assert not shown, shown
