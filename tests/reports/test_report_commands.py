"""``mentordesk report program|pair`` and ``mentordesk forms`` run as a user runs them."""

from __future__ import annotations

from pathlib import Path

from mentordesk.cli import main
from tests.reports.conftest import TODAY
from tests.reports.pdfcheck import all_text, outline_titles


def test_program_pair_and_forms_commands_write_pdfs(demo_db, tmp_path, capsys):
    db = str(demo_db.path)
    program = tmp_path / "program.pdf"
    code = main(
        [
            "--db",
            db,
            "report",
            "program",
            "--out",
            str(program),
            "--as-of",
            TODAY.isoformat(),
            "--from",
            "2027-01-01",
            "--to",
            TODAY.isoformat(),
            "--appendix",
            "all",
        ]
    )
    assert code == 0
    assert "Appendix: roster of all pairs" in outline_titles(program)
    assert "1 Jan 2027 to 30 Jun 2027" in all_text(program)

    bare = tmp_path / "bare.pdf"
    code = main(
        [
            *("--db", db, "report", "program", "--out", str(bare)),
            *("--as-of", TODAY.isoformat(), "--appendix", "none"),
        ]
    )
    assert code == 0
    assert not any(title.startswith("Appendix") for title in outline_titles(bare))
    code = main(
        ["--db", db, "report", "program", "--out", str(bare), "--appendix", "some"]
    )
    assert code == 2

    pair = tmp_path / "pair.pdf"
    code = main(
        [
            "--db",
            db,
            "report",
            "pair",
            "--mentee",
            "jonas.keller@example.org",
            "--out",
            str(pair),
            "--as-of",
            TODAY.isoformat(),
            "--include-confidential",
        ]
    )
    assert code == 0
    assert "CONFIDENTIAL" in all_text(pair)

    forms = tmp_path / "forms.pdf"
    assert main(["--db", db, "forms", "--out", str(forms), "--mentee", "world@example.org"]) == 0
    assert "李小龍" in all_text(forms)
    assert "Wrote the workshop pack" in capsys.readouterr().out


def test_mistakes_are_one_line_and_exit_2(demo_db, tmp_path, capsys):
    db = str(demo_db.path)
    assert main(["--db", db, "report", "program", "--out", str(tmp_path / "x.txt")]) == 2
    assert "should end in .pdf" in capsys.readouterr().err
    missing = tmp_path / "no" / "such" / "folder" / "x.pdf"
    assert main(["--db", db, "forms", "--out", str(missing)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert (
        main(
            [
                "--db",
                db,
                "report",
                "pair",
                "--mentee",
                "nobody@example.org",
                "--out",
                str(tmp_path / "p.pdf"),
            ]
        )
        == 2
    )
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "nobody@example.org" in error
    assert (
        main(
            [
                "--db",
                db,
                "report",
                "program",
                "--out",
                str(tmp_path / "p.pdf"),
                "--as-of",
                "30/06/2027",
            ]
        )
        == 2
    )
    assert not Path(tmp_path / "p.pdf").exists()
