"""Backups of a PostgreSQL database with the server's own tools, pg_dump and pg_restore."""

from __future__ import annotations

import glob
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

PG_DUMP_HEADER = b"PGDMP"


def pg_tool(name: str) -> str | None:
    """The path of a PostgreSQL client tool, newest installed version first."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def libpq_address(url: URL) -> str:
    """The address pg_dump understands (no SQLAlchemy driver name)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def is_pg_dump_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(PG_DUMP_HEADER)) == PG_DUMP_HEADER
    except OSError:
        return False


def run_tool(arguments: list[str]) -> None:
    """Run a PostgreSQL tool; RuntimeError carrying its own message when it fails."""
    result = subprocess.run(arguments, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise RuntimeError(message[-1] if message else f"{arguments[0]} failed")


def pg_dump(url: URL, out: Path) -> None:
    tool = pg_tool("pg_dump")
    assert tool is not None
    run_tool([tool, "--format=custom", "--no-owner", f"--file={out}", libpq_address(url)])


def pg_restore(url: URL, dump: Path) -> None:
    tool = pg_tool("pg_restore")
    if tool is None:
        raise RuntimeError("pg_restore is not installed")
    run_tool(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={libpq_address(url)}",
            str(dump),
        ]
    )
