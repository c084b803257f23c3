"""The window's two usual command lines are read without building the parser, the same."""

from __future__ import annotations

import argparse

import pytest

from mentordesk.cli import build_parser, window_arguments


@pytest.mark.parametrize(
    ("arguments", "environment"),
    [
        ([], None),
        ([], "/srv/team/program.sqlite3"),
        ([], ""),
        (["--db", "program.sqlite3"], None),
        (["--db", "program.sqlite3"], "/srv/team/program.sqlite3"),
        (["--db", ""], None),
        (["--db", "postgresql://coordinator@server/mentoring"], None),
    ],
)
def test_read_as_the_parser_reads_them(
    monkeypatch: pytest.MonkeyPatch, arguments: list[str], environment: str | None
) -> None:
    if environment is None:
        monkeypatch.delenv("MENTORDESK_DB", raising=False)
    else:
        monkeypatch.setenv("MENTORDESK_DB", environment)
    parsed, rest = build_parser(with_commands=False, with_help=False).parse_known_args(arguments)
    assert rest == []
    assert window_arguments(arguments) == parsed


@pytest.mark.parametrize(
    "arguments",
    [
        ["--db"],
        ["--db", "-x"],
        ["--db=program.sqlite3"],
        ["--self-test"],
        ["risk"],
        ["--db", "program.sqlite3", "risk"],
        ["--version"],
        ["-h"],
    ],
)
def test_anything_else_is_left_to_the_parser(arguments: list[str]) -> None:
    assert window_arguments(arguments) is None


def test_the_parser_gives_a_namespace_of_the_same_fields() -> None:
    """A field added to the global options must be added to window_arguments too."""
    parsed = build_parser(with_commands=False, with_help=False).parse_args([])
    read = window_arguments([])
    assert isinstance(read, argparse.Namespace)
    assert set(vars(parsed)) == set(vars(read))
