"""Reading a program file's text a record at a time, so a program of any size is read in
bounded memory.

A program file is one JSON object. :class:`RecordReader` reads its members in the
order they are written; the members that are lists of records (people, pairs,
program-wide conflicts, workshops) are handed over one record at a time, each
parsed by Python's own JSON decoder from a buffer of the file's text that is
refilled as it is used up. Export writes one record a line, but any layout
reads (an indented file too): a record is only ever read from the buffer, and a
record cut by the buffer's end is read again with more text.

Problems are the sentences :func:`~mentordesk.program_file.files.load_program`
gives for the same text (invalid JSON with its line and column, text that is
not UTF-8, NaN, numbers of thousands of digits, nesting too deep).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from mentordesk.errors import MentorDeskError
from mentordesk.program_file.files import _object_pairs, _refuse_constant, unreadable

RECORD_LISTS = frozenset({"people", "pairs", "program_conflicts", "workshops"})
"""The members whose records are handed over one at a time."""

CHUNK_CHARS = 1024 * 1024
"""Text read from the file at a time."""

_SPACE = re.compile(r"[ \t\n\r]*")
# An error this close to the end of the buffer may be a value cut by it ("tru" of "true",
# half of a \\uXXXX escape pair, the minus of a number): read on before believing it.
_NEAR_END = 16


class NotAnObject(Exception):
    """The file's text is one JSON value that is not an object (``value``)."""

    def __init__(self, value: Any) -> None:
        super().__init__("not an object")
        self.value = value


class RecordReader:
    """A program file's members in file order: ``(name, value)``, where the value of a
    member in :data:`RECORD_LISTS` that is a list is an iterator of its records (consume
    it before asking for the next member; what is left of it is skipped)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self._bytes_read = 0
        self._buffer = ""
        self._pos = 0
        self._lines_before = 0  # newlines in the text dropped from the buffer's front
        self._column_before = 0  # characters of the current line dropped with it
        self._at_end = False
        self._started = False
        self._decoder = json.JSONDecoder(
            object_pairs_hook=_object_pairs, parse_constant=_refuse_constant
        )

    # --- the text ---------------------------------------------------------------------------

    def _fill(self) -> bool:
        """Read more text into the buffer; False at the end of the file."""
        if self._at_end:
            return False
        if self._pos > CHUNK_CHARS:
            dropped = self._buffer[: self._pos]
            newlines = dropped.count("\n")
            self._lines_before += newlines
            if newlines:
                self._column_before = len(dropped) - dropped.rfind("\n") - 1
            else:
                self._column_before += len(dropped)
            self._buffer = self._buffer[self._pos :]
            self._pos = 0
        # Read at least as much as is held: a long value read again and again stays linear.
        size = max(CHUNK_CHARS, len(self._buffer) - self._pos)
        data = self._stream.read(size)
        try:
            text = self._utf8.decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise MentorDeskError(
                f"The program file is not UTF-8 text "
                f"(byte {self._bytes_read + max(error.start, 0):,} cannot be read)."
            ) from None
        self._bytes_read += len(data)
        if not self._started and (text or not data):
            self._started = True
            text = text.removeprefix("\ufeff")
        self._buffer += text
        if not data:
            self._at_end = True
        return bool(data) or bool(text)

    def _space(self) -> bool:
        """Skip white space; False when the text ends."""
        while True:
            found = _SPACE.match(self._buffer, self._pos)
            self._pos = found.end() if found else self._pos
            if self._pos < len(self._buffer):
                return True
            if not self._fill():
                return False

    def _char(self) -> str:
        return self._buffer[self._pos] if self._space() else ""

    def _where(self, pos: int) -> tuple[int, int]:
        """Line and column (from 1) of buffer position ``pos``, as Python's JSON reader
        counts them."""
        newline = self._buffer.rfind("\n", 0, pos)
        line = self._lines_before + self._buffer.count("\n", 0, pos) + 1
        column = pos - newline if newline >= 0 else self._column_before + pos + 1
        return line, column

    def _invalid(self, message: str, pos: int) -> MentorDeskError:
        line, column = self._where(pos)
        return MentorDeskError(
            f"The program file is not valid JSON: line {line}, column {column}: {message}."
        )

    def _value(self) -> Any:
        """The JSON value at the current position (white space skipped)."""
        if not self._space():
            raise self._invalid("Expecting value", self._pos)
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as error:
                cut = error.msg.startswith("Unterminated string") or (
                    error.pos >= len(self._buffer) - _NEAR_END
                )
                if cut and not self._at_end:
                    # Read on, then look again (positions move when the buffer is refilled).
                    self._fill()
                    continue
                raise self._invalid(error.msg, error.pos) from None
            except (RecursionError, ValueError) as error:
                raise unreadable(error) from None
            # A number that ends with the buffer may go on in the text not yet read.
            if end >= len(self._buffer) - _NEAR_END and not self._at_end:
                self._fill()
                continue
            self._pos = end
            return value

    # --- the members ------------------------------------------------------------------------

    def members(self) -> Iterator[tuple[str, Any]]:
        """The members of the file's object, in order. Raises :class:`NotAnObject` when the
        text is another JSON value, MentorDeskError when it is not a program file's text."""
        if self._char() != "{":
            value = self._value()
            self._end_of_text()
            raise NotAnObject(value)
        self._pos += 1
        if self._char() == "}":
            self._pos += 1
            self._end_of_text()
            return
        while True:
            if self._char() != '"':
                raise self._invalid(
                    "Expecting property name enclosed in double quotes", self._pos
                )
            name = self._value()
            if self._char() != ":":
                raise self._invalid("Expecting ':' delimiter", self._pos)
            self._pos += 1
            if name in RECORD_LISTS and self._char() == "[":
                records = self._records()
                yield name, records
                for _record in records:  # what the reader of the member left
                    pass
            else:
                yield name, self._value()
            following = self._char()
            if following == "}":
                self._pos += 1
                break
            if following != ",":
                raise self._invalid("Expecting ',' delimiter", self._pos)
            self._pos += 1
        self._end_of_text()

    def _records(self) -> Iterator[Any]:
        self._pos += 1  # the list's "["
        if self._char() == "]":
            self._pos += 1
            return
        while True:
            yield self._value()
            following = self._char()
            if following == "]":
                self._pos += 1
                return
            if following != ",":
                raise self._invalid("Expecting ',' delimiter", self._pos)
            self._pos += 1

    def _end_of_text(self) -> None:
        if self._space():
            raise self._invalid("Extra data", self._pos)
