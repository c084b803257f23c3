"""Program files as text and on disk: parse safely, write atomically."""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from mentordesk.errors import MentorDeskError
from mentordesk.partial_files import partial_copy
from mentordesk.private import FILE_MODE, make_private
from mentordesk.program_file.limits import MAX_FILE_BYTES, MAX_FILE_BYTES_REASON

# --- text and files ---------------------------------------------------------------------------


def dump_program(document: Mapping[str, Any]) -> str:
    """The text of a program file, as :func:`write_program` writes it. NaN and infinities
    are refused (ValueError)."""
    text = io.StringIO()
    write_program(text, document)
    return text.getvalue()


def write_program(stream: TextIO, document: Mapping[str, Any]) -> Counts:
    """Write a program file's text to ``stream``, record by record; how many of each
    list were written.

    One member of the top-level object per line, and the records of its lists
    (people, pairs, workshops …) one per line, each as compact JSON
    (``json.dumps(record, ensure_ascii=False)``), then a final newline. Python's
    fast encoder writes that layout (it cannot indent), a line is one record for
    a reader or ``grep``, and a list may be an iterator read as it is written, so
    a program of any size goes to disk in bounded memory. The text is still one
    JSON document, read by any JSON reader.
    """
    encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
    counts: Counts = {}
    stream.write("{")
    for number, (name, value) in enumerate(document.items()):
        stream.write(",\n" if number else "")
        stream.write(encode(name) + ": ")
        if isinstance(value, (str, int, float, dict)) or value is None:
            stream.write(encode(value))
            continue
        written = 0
        for record in value:
            stream.write(",\n" if written else "[\n")
            stream.write(encode(record))
            written += 1
        stream.write("\n]" if written else "[]")
        counts[name] = written
    stream.write("}\n")
    return counts


Counts = dict[str, int]
"""How many records :func:`write_program` wrote, by the name of their list."""


class _Repeated(dict):  # type: ignore[type-arg]
    """A JSON object in which some key appeared more than once (the last value kept);
    the check of the object reports ``repeated`` with the object's path."""

    repeated: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    repeated = _Repeated(pairs)
    counts = Counter(name for name, _value in pairs)
    repeated.repeated = tuple(name for name, count in counts.items() if count > 1)
    return repeated


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a program file may hold")


def load_program(text: str | bytes) -> Any:
    """Parse the text of a program file (UTF-8, a byte-order mark allowed).

    Raises MentorDeskError with one sentence for text over :data:`MAX_FILE_BYTES`,
    bytes that are not UTF-8, JSON that is not valid (with its line and
    column), nesting too deep to read, NaN or Infinity and numbers with
    thousands of digits. Keys repeated inside one object are kept for the
    import's check, which reports them with their path.
    """
    size = len(text)  # bytes, or characters: either way a bound on the work
    if size > MAX_FILE_BYTES:
        raise MentorDeskError(f"The program file is {_too_large(size)}")
    if isinstance(text, bytes):
        text = _decoded(text)
    elif text.startswith("\ufeff"):
        text = text[1:]
    try:
        return json.loads(text, object_pairs_hook=_object_pairs, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise MentorDeskError(
            f"The program file is not valid JSON: line {error.lineno}, column {error.colno}: "
            f"{error.msg}."
        ) from None
    except (RecursionError, ValueError) as error:
        raise unreadable(error) from None


def unreadable(error: RecursionError | ValueError) -> MentorDeskError:
    """The sentence for JSON nested too deeply, or holding a constant (NaN, Infinity) or an
    integer of thousands of digits (Python's ValueError for each)."""
    if isinstance(error, RecursionError):
        return MentorDeskError("The program file is nested too deeply to be a program file.")
    reason = str(error)
    if "integer string conversion" in reason:
        reason = "it holds a number with thousands of digits"
    return MentorDeskError(f"The program file cannot be read: {reason}.")


def open_program_file(location: Path) -> BinaryIO:
    """The file at ``location`` opened to be read; one over :data:`MAX_FILE_BYTES`
    (refused before a byte of it is read), missing, a folder or unreadable is a
    sentence saying so (both ways of reading a file open it here)."""
    try:
        size = location.stat().st_size
        if size > MAX_FILE_BYTES:
            raise MentorDeskError(f"{location} is {_too_large(size)}")
        return location.open("rb")
    except FileNotFoundError:
        raise MentorDeskError(f"There is no file {location}.") from None
    except IsADirectoryError:
        raise MentorDeskError(f"{location} is a folder, not a program file.") from None
    except OSError as error:
        raise cannot_read(location, error) from None


def cannot_read(location: Path, error: OSError) -> MentorDeskError:
    return MentorDeskError(f"{location} cannot be read: {error.strerror}.")


def read_program_file(path: str | os.PathLike[str]) -> Any:
    """Read and parse a program file, refusing one over :data:`MAX_FILE_BYTES` unread."""
    location = Path(path)
    with open_program_file(location) as stream:
        try:
            data: list[bytes] = [stream.read()]
        except OSError as error:
            raise cannot_read(location, error) from None
    # Handed over in a list that is emptied, so that the bytes are freed once decoded
    # rather than held beside the text and the parsed document.
    return _load_taken(data)


def _load_taken(holder: list[bytes]) -> Any:
    data = holder.pop()
    text = _decoded(data)
    del data
    return load_program(text)


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MentorDeskError(
            f"The program file is not UTF-8 text (byte {error.start:,} cannot be read)."
        ) from None


def _too_large(size: int) -> str:
    """The end of the sentence refusing a file of ``size`` bytes: the file's size and the
    cap, with what the cap allows for."""
    return (
        f"{_megabytes(size)}; MentorDesk reads program files of at most "
        f"{_megabytes(MAX_FILE_BYTES)} ({MAX_FILE_BYTES_REASON})."
    )


def _megabytes(size: int) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:,.1f} GB"
    if size >= 1024**2:
        return f"{size / 1024**2:,.1f} MB"
    return f"{size:,} bytes"


def write_program_file(path: str | os.PathLike[str], document: Mapping[str, Any]) -> Counts:
    """Write a program file atomically (the old file stays whole until the new one is),
    record by record (see :func:`write_program`); how many of each list were written."""
    location = Path(path)
    temporary = location.with_name(f".{location.name}.partial")
    try:
        with partial_copy(temporary):
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
            # Readable by its owner only: a program file holds people's data.
            with open(
                os.open(temporary, flags, FILE_MODE),
                "w",
                encoding="utf-8",
                newline="\n",
                buffering=1024 * 1024,
            ) as stream:
                counts = write_program(stream, document)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, location)
        make_private(location)
    except OSError as error:
        raise MentorDeskError(f"Cannot write {location}: {error.strerror}.") from None
    return counts
