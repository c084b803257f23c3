"""``mentordesk screenshot`` renders a view of the current database to a PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from mentordesk.cli import main
from tests.ui.pairs_setup import one_pair


def test_the_screenshot_command_writes_a_png_of_the_asked_size(
    ui_database, db_path: Path, tmp_path: Path, capsys
) -> None:
    scene = one_pair(ui_database)
    for view in ("pairs", "pair", "dashboard"):
        out = tmp_path / "shots" / f"{view}.png"
        args = ["--db", str(db_path), "screenshot", "--view", view, "--out", str(out)]
        code = main([*args, "--size", "1024x640", "--pair-id", str(scene.pair_id)])
        assert code == 0
        image = QImage(str(out))
        assert (image.width(), image.height()) == (1024, 640)
        assert f"Wrote {out}" in capsys.readouterr().out


def test_an_unknown_view_is_a_one_line_error(ui_database, db_path: Path, tmp_path: Path, capsys):
    one_pair(ui_database)
    out = tmp_path / "x.png"
    code = main(["--db", str(db_path), "screenshot", "--view", "nowhere", "--out", str(out)])
    assert code == 2
    error = capsys.readouterr().err
    assert "no view called 'nowhere'" in error
    assert "dashboard" in error
    assert not out.exists()
    code = main(
        ["--db", str(db_path), "screenshot", "--view", "pairs", "--out", str(out), "--size", "big"]
    )
    assert code == 2
    assert "WIDTHxHEIGHT" in capsys.readouterr().err
