"""Every command works on a PostgreSQL database, the same code path as SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentordesk.cli import main


@pytest.mark.postgresql_only
def test_the_commands_and_a_view_work_on_a_server_database(
    database, tmp_path: Path, capsys, qapp
) -> None:
    url = database.url.render_as_string(hide_password=False)
    database.close()

    def run(*arguments: str) -> str:
        assert main(["--db", url, *arguments]) == 0, capsys.readouterr().err
        return capsys.readouterr().out

    run("demo", "--pairs", "40", "--as-of", "2027-06-30")
    rows = json.loads(run("risk", "--as-of", "2027-06-30", "--format", "json"))
    assert rows and {"mentor_email", "health", "flags"} <= set(rows[0])
    run("report", "program", "--as-of", "2027-06-30", "--out", str(tmp_path / "r.pdf"))
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    run("export", "program", "--out", str(tmp_path / "p.json"))
    run("export", "people", "--out", str(tmp_path / "people.csv"))
    run("screenshot", "--view", "pairs", "--out", str(tmp_path / "pairs.png"))
    assert (tmp_path / "pairs.png").stat().st_size > 10_000
    assert "pg_dump" in run("backup", "--out", str(tmp_path / "server.dump"))
    assert "All is well." in run("check")
