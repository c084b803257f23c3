"""PySide6 asks of each module imported after it whether it uses PySide6: the window
has it answer from the file's bytes, the same answer, without keeping the source."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest
from shibokensupport import feature  # type: ignore[import-not-found]

from mentordesk.ui.pyside_sources import read_sources_without_keeping


@pytest.fixture
def answered_from_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)
    read_sources_without_keeping()
    read_sources_without_keeping()  # a second call changes nothing


def test_modules_imported_later_are_judged_alike_and_their_text_is_not_kept(
    answered_from_bytes: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "later_with_qt.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "later_without_qt.py").write_text("ANSWER = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("later_with_qt", "later_without_qt"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        monkeypatch.delitem(feature.pyside_feature_dict, name, raising=False)
    # An import statement, as the program's modules are imported: PySide6 watches those
    # (importlib.import_module goes round its hook).
    import later_with_qt as with_qt  # type: ignore[import-not-found]
    import later_without_qt as without_qt  # type: ignore[import-not-found]

    assert feature.pyside_feature_dict["later_with_qt"] == 0  # uses PySide6: no feature
    assert feature.pyside_feature_dict["later_without_qt"] == -1  # ignored
    assert feature._mod_uses_pyside.reads_bytes
    for module in (with_qt, without_qt):
        assert module.__file__ not in linecache.cache


def test_a_module_without_a_source_file_is_asked_as_before(answered_from_bytes: None) -> None:
    assert feature._mod_uses_pyside(sys) is False  # built in: no file
