"""A damaged database file: recognising it, saying what is wrong in words, finding a backup.

A disk that failed, a copy cut short, a file edited by another program: SQLite
then reports "database disk image is malformed", "file is not a database", text
it cannot decode, or (from ``PRAGMA journal_mode``) garbage in place of the
answer. Every command and the window turn such errors into one
:class:`~mentordesk.errors.DatabaseDamaged` sentence that names the newest backup
that passes SQLite's integrity check, so the coordinator knows what to restore.

Plain ``sqlite3`` only: this runs when SQLAlchemy could not open the file.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from mentordesk.errors import DatabaseDamaged

HEADER_SIZE = 100
SQLITE_HEADER = b"SQLite format 3\x00"

#: Words SQLite uses when it cannot read part of a file.
_DAMAGE_SIGNS = (
    "malformed",
    "file is not a database",
    "file is encrypted or is not a database",
    "could not decode to utf-8",
    "disk image",
    "database corrupt",
    "unsupported file format",
)

#: The sidecar files of a SQLite database (journal, write-ahead log, shared memory).
SIDECARS = ("-journal", "-wal", "-shm")


def _chain(error: BaseException) -> Iterable[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)  # SQLAlchemy's wrapped DBAPI error
        if isinstance(orig, BaseException) and id(orig) not in seen:
            yield orig
            seen.add(id(orig))
        current = current.__cause__ or current.__context__


def is_damage(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is SQLite saying the file is damaged."""
    for link in _chain(error):
        if isinstance(link, DatabaseDamaged):
            return True
        if isinstance(link, UnicodeDecodeError):
            # pysqlite decodes every text it reads; a damaged page yields bytes that are not
            # UTF-8 (the journal_mode answer of a damaged header, a garbled name).
            return True
        from_sqlite = isinstance(link, sqlite3.DatabaseError) or type(
            link
        ).__module__.startswith("sqlalchemy")
        if from_sqlite and any(sign in str(link).lower() for sign in _DAMAGE_SIGNS):
            return True
    return False


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEADER_SIZE)
    except OSError:
        return b""


def damage_in_words(path: Path, error: BaseException | None = None) -> str:
    """What is wrong with the file at ``path``, in a few words (no SQLite jargon)."""
    header = _header(path)
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        return "its first page, which says how to read the rest, is unreadable"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its first page, which says how to read the rest, is unreadable"
    pages = int.from_bytes(header[28:32], "big")
    size = path.stat().st_size
    # The page count in the header holds only while its "valid for" counter matches.
    counted = header[24:28] == header[92:96]
    if counted and pages and size < page_size * pages:
        return (
            f"the file is cut short ({size // 1024:,} KB of the {page_size * pages // 1024:,} KB "
            "it should hold)"
        )
    text = " ".join(str(link) for link in _chain(error)) if error is not None else ""
    column = re.search(r"column '(\w+)'", text)
    if column:
        return f"some of its text is garbled (first seen in the field '{column.group(1)}')"
    if "not a database" in text.lower():
        return "its first page, which says how to read the rest, is unreadable"
    return "some of its pages cannot be read"


# --------------------------------------------------------------------------- backups


def backups_of(path: Path, folder: Path) -> list[Path]:
    """The backups of the database at ``path`` in ``folder``, newest first (by their name's
    time stamp, which every backup MentorDesk writes carries)."""
    if not folder.is_dir():
        return []
    found = [
        candidate
        for candidate in folder.glob(f"{path.stem}-*.sqlite3")
        if re.match(re.escape(path.stem) + r"-\d{8}-\d{6}", candidate.name)
        and not candidate.name.endswith("-damaged.sqlite3")
    ]
    return sorted(found, key=lambda candidate: candidate.name, reverse=True)


def is_sound(path: Path) -> bool:
    """Whether ``path`` is a SQLite file whose integrity check passes and that holds
    MentorDesk's tables (read only; never changes the file)."""
    if not _header(path).startswith(SQLITE_HEADER):
        return False
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                return False
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except (sqlite3.Error, UnicodeDecodeError):
        return False
    return {"alembic_version", "program", "pair", "person"} <= tables


def newest_good_backup(path: Path, folder: Path) -> Path | None:
    """The newest backup of ``path`` in ``folder`` that is sound (see :func:`is_sound`)."""
    return next((backup for backup in backups_of(path, folder) if is_sound(backup)), None)


def damaged(
    path: Path, folder: Path, error: BaseException | None = None, *, what: str | None = None
) -> DatabaseDamaged:
    """The one sentence for a damaged database, naming the backup to restore if there is one."""
    what = what or damage_in_words(path, error)
    backup = newest_good_backup(path, folder)
    if backup is not None:
        made = datetime.fromtimestamp(backup.stat().st_mtime)
        advice = (
            f"Restore a backup with 'mentordesk --db {path} restore {backup}' (the newest "
            f"sound one, from {made:%d %b %Y %H:%M}) or File → Restore from backup."
        )
    else:
        advice = (
            "Restore a backup with 'mentordesk restore FILE' or File → Restore from backup; "
            f"no sound backup of it was found in {folder}."
        )
    return DatabaseDamaged(
        f"{path} is damaged: {what}. {advice}", path=path, backup=backup, what=what
    )


def set_aside(path: Path, folder: Path) -> Path:
    """Move a damaged database (and its journal, WAL and shared-memory files) into
    ``folder`` as ``<name>-<time>-damaged.sqlite3``: out of the way of a restore, but kept,
    since it may hold the latest changes a specialist could still recover."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    kept = folder / f"{path.stem}-{stamp}-damaged.sqlite3"
    path.replace(kept)
    for suffix in SIDECARS:
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.replace(kept.with_name(kept.name + suffix))
    return kept


# --------------------------------------------------------------------------- integrity check


def integrity_rows(path: Path) -> tuple[list[str], dict[int, str]]:
    """``PRAGMA integrity_check`` of the file (read only), with the tables and indexes by
    their root page; raises sqlite3.DatabaseError when SQLite cannot read it at all."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check(200)")]
        try:
            roots = {
                int(root): str(name)
                for name, root in connection.execute(
                    "SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0"
                )
            }
        except sqlite3.DatabaseError:
            roots = {}
    finally:
        connection.close()
    return rows, roots


_TREE = re.compile(r"^(?:Tree (\d+) page (\d+)|On tree page (\d+)|Page (\d+))")
_INDEX = re.compile(
    r"(?:missing from index|wrong # of entries in index|non-unique entry in index) (\w+)"
)


def _list(numbers: Iterable[int], limit: int = 6) -> str:
    ordered = sorted(set(numbers))
    shown = ", ".join(str(number) for number in ordered[:limit])
    return shown + (f" and {len(ordered) - limit} more" if len(ordered) > limit else "")


def integrity_in_words(rows: Sequence[str], roots: dict[int, str]) -> list[str]:
    """SQLite's integrity-check lines as sentences a coordinator can pass on (empty: sound)."""
    if list(rows) == ["ok"]:
        return []
    damaged_pages: dict[str, set[int]] = defaultdict(set)
    loose_pages: set[int] = set()
    indexes: dict[str, int] = defaultdict(int)
    unused: list[int] = []
    broken_rules: dict[str, int] = defaultdict(int)
    other: list[str] = []
    for row in rows:
        line = row.strip()
        if not line or line.startswith("***"):
            continue
        index = _INDEX.search(line)
        if index:
            indexes[index.group(1)] += 1
            continue
        if "never used" in line:
            found = re.search(r"(\d+)", line)
            unused.append(int(found.group(1)) if found else 0)
            continue
        rule = re.search(r"(?:CHECK constraint failed in|NULL value in) (\w+)", line)
        if rule:
            broken_rules[rule.group(1)] += 1
            continue
        tree = _TREE.match(line)
        if tree:
            root, page, old_page, bare = tree.groups()
            number = int(page or old_page or bare)
            if root and int(root) in roots:
                damaged_pages[roots[int(root)]].add(number)
            else:
                loose_pages.add(number)
            continue
        other.append(line)
    words: list[str] = []
    for name, pages in sorted(damaged_pages.items()):
        kind = "index" if name.startswith(("ix_", "uq_", "sqlite_autoindex")) else "table"
        words.append(
            f"The {kind} '{name}' has damaged pages ({_list(pages)}): some of its records "
            "cannot be read."
        )
    if loose_pages:
        words.append(f"Pages {_list(loose_pages)} are damaged.")
    for name, count in sorted(indexes.items()):
        words.append(
            f"The index '{name}' no longer matches its table ({count} "
            f"finding{'s' if count != 1 else ''}): searches and rules that use it go wrong."
        )
    for name, count in sorted(broken_rules.items()):
        words.append(
            f"{count} record{'s' if count != 1 else ''} of the table '{name}' hold values its "
            "rules do not allow (changed by the damage)."
        )
    if unused:
        words.append(
            f"{len(unused)} page{'s are' if len(unused) != 1 else ' is'} lost (in use by "
            "nothing): space wasted, a sign the file was damaged."
        )
    if other:
        more = f" (and {len(other) - 1} more findings)" if len(other) > 1 else ""
        words.append(f"SQLite also reports: {other[0]}{more}.")
    return words


def quick_check(path: Path) -> bool:
    """SQLite's quick check of the file at ``path`` (the pages, not the indexes' agreement
    with their tables): whether it passes. Read only; a few tenths of a second for a
    large program, so the window runs it in the background when it opens a database."""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            return connection.execute("PRAGMA quick_check(1)").fetchall() == [("ok",)]
        finally:
            connection.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        return not is_damage(error)


def check_file(path: Path) -> list[str]:
    """The integrity check of the file at ``path`` in words: empty when it is sound."""
    try:
        rows, roots = integrity_rows(path)
    except (sqlite3.Error, UnicodeDecodeError) as error:
        return [f"SQLite cannot check it at all: {damage_in_words(path, error)}."]
    return integrity_in_words(rows, roots)
