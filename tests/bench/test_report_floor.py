"""The program report's floor (bench/program_report_bench.py) draws the report's own pages
again: read back, its PDF holds the same operations as the report's (every piece of text
at the same place, in the same font, size and colour; the same shapes, transforms and
transparency), and where Poppler is installed the pages render pixel-identical.

Not a timed test: a floor that drew less than the report's pages would flatter the ratio.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bench.program_report_bench import _page_size, _pages, floor
from mentordesk.demo import load_demo
from mentordesk.reports.program import program_report
from mentordesk.store.database import open_database

DAY = date(2026, 12, 5)


def _close(first: Any, second: Any) -> bool:
    """Operations equal, numbers to a thousandth of a point (written again, a position
    worked out from a text advance is rounded where the report's was implied)."""
    if isinstance(first, (tuple, list)) and isinstance(second, (tuple, list)):
        return len(first) == len(second) and all(map(_close, first, second))
    if isinstance(first, float) and isinstance(second, (int, float)):
        return abs(first - second) < 1e-3
    return bool(first == second)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("floor")
    database = open_database(folder / "demo.sqlite3")
    try:
        with database.transaction() as session:
            session.info["audit"] = False
            load_demo(session, 120, 5, DAY)
        with database.transaction() as session:
            return program_report(
                session, folder / "program.pdf", as_of=DAY, made_on=DAY, appendix="none"
            )
    finally:
        database.close()


def test_the_floor_makes_the_same_operations_again(report: Path, tmp_path: Path) -> None:
    pages = _pages(report)
    floor(pages, tmp_path / "floor.pdf", _page_size(report))
    again = _pages(tmp_path / "floor.pdf")

    assert len(again) == len(pages) > 5
    for number, (drawn, redrawn) in enumerate(zip(pages, again, strict=True), start=1):
        texts = [op for op in drawn if op[0] == "text"]
        assert texts, number
        assert _close(texts, [op for op in redrawn if op[0] == "text"]), number
        assert _close(drawn, redrawn), number
    # Colour, page numbers (forms) and rotated labels are there, not only black text.
    operators = {op[0] for page in pages for op in page}
    assert {"rg", "cm", "fill_alpha", "text"} <= operators
    footers = [op[2] for page in pages for op in page if op[0] == "text"]
    assert f"Page 2 of {len(pages)}" in footers


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs Poppler's pdftoppm")
def test_the_floor_s_pages_render_as_the_report_s(report: Path, tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    floor(_pages(report), tmp_path / "floor.pdf", _page_size(report))
    for name in ("program", "floor"):
        source = report if name == "program" else tmp_path / "floor.pdf"
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(source), str(tmp_path / name)], check=True
        )
    pictures = sorted(tmp_path.glob("program-*.png"))
    assert len(pictures) > 5
    for picture in pictures:
        other = tmp_path / picture.name.replace("program-", "floor-")
        with Image.open(picture) as first, Image.open(other) as second:
            difference = ImageChops.difference(first.convert("RGB"), second.convert("RGB"))
            assert difference.getbbox() is None, picture.name
