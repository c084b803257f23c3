"""Reading single cells (dates, yes/no, numbers, tags) and matching column headings."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from mentordesk.errors import MentorDeskError
from mentordesk.importing import cells
from mentordesk.importing.cells import CellProblem, DateFormat
from mentordesk.importing.columns import PAIR_COLUMNS, PEOPLE_COLUMNS, match_columns


@pytest.mark.parametrize(
    ("value", "order", "expected"),
    [
        ("2027-03-04", None, date(2027, 3, 4)),
        ("2027/3/4", None, date(2027, 3, 4)),
        ("2027-03-04 00:00:00", None, date(2027, 3, 4)),
        ("2027-03-04T09:30", DateFormat.DMY, date(2027, 3, 4)),
        ("04/03/2027", DateFormat.DMY, date(2027, 3, 4)),
        ("04.03.2027", DateFormat.DMY, date(2027, 3, 4)),
        ("03/04/2027", DateFormat.MDY, date(2027, 3, 4)),
        ("3/4/27", DateFormat.MDY, date(2027, 3, 4)),
        (datetime(2027, 3, 4, 0, 0), None, date(2027, 3, 4)),
        (date(2027, 3, 4), None, date(2027, 3, 4)),
        (46450, None, date(2027, 3, 4)),  # an Excel serial number
        (46450.75, None, date(2027, 3, 4)),
        ("", None, None),
        (None, None, None),
    ],
)
def test_dates(value, order, expected):
    assert cells.day(value, "start", order) == expected


@pytest.mark.parametrize(
    ("value", "order", "message"),
    [
        ("04/03/2027", None, "could be day/month/year or month/day/year"),
        ("31/12/2027", DateFormat.MDY, "not a valid month/day/year date"),
        ("2027-02-30", None, "not a valid year-month-day date"),
        ("next tuesday", None, "is not a date"),
        ("0001-01-01", None, "not a plausible date"),
        (10**12, None, "not a date"),
        (float("nan"), None, "not a date"),
    ],
)
def test_dates_that_are_refused(value, order, message):
    with pytest.raises(CellProblem, match=message):
        cells.day(value, "start", order)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        (1, True),
        (True, True),
        ("no", False),
        ("n", False),
        ("False", False),
        ("0", False),
        (0.0, False),
        ("", None),
        (None, None),
    ],
)
def test_yes_no(value, expected):
    assert cells.yes_no(value, "can mentor") is expected


def test_yes_no_refuses_anything_else():
    with pytest.raises(CellProblem, match="can mentor 'maybe' is not yes or no"):
        cells.yes_no("maybe", "can mentor")


@pytest.mark.parametrize(
    ("value", "expected"), [("3", 3), (3, 3), (3.0, 3), ("3.0", 3), ("", None)]
)
def test_whole_numbers(value, expected):
    assert cells.whole_number(value, "capacity", 0, 50) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [("two", "not a whole number"), (2.5, "not a whole number"), ("51", "out of range")],
)
def test_whole_numbers_refused(value, message):
    with pytest.raises(CellProblem, match=message):
        cells.whole_number(value, "capacity", 0, 50)


def test_text_is_cleaned():
    assert cells.text("  Ana \t\n Ruiz\x07 ", "name", 200) == "Ana Ruiz"
    assert cells.text(1042.0, "employee id", 64) == "1042"
    assert cells.text("line one\nline two", "notes", 200, single_line=False) == (
        "line one\nline two"
    )
    with pytest.raises(CellProblem, match="too long"):
        cells.text("x" * 201, "name", 200)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_escape_round_trip(start):
    value = f"{start}HYPERLINK(1)"
    escaped = cells.escape_formula(value)
    assert escaped == "'" + value
    assert cells.unescape_formula(escaped) == value


def test_plain_text_and_a_real_apostrophe_are_left_alone():
    assert cells.escape_formula("Ana") == "Ana"
    assert cells.unescape_formula("'t Hooft") == "'t Hooft"


def test_email():
    assert cells.email(" Ana.Ruiz@Example.ORG ") == "ana.ruiz@example.org"
    assert cells.email("mailto:bo@x.org") == "bo@x.org"
    with pytest.raises(CellProblem, match="'ana at example' is not an email address"):
        cells.email("ana at example")


def test_tag_pieces_split_on_semicolons_commas_and_lines():
    assert cells.tag_pieces(["python; sql,  data\nscience", None, "'=cmd"]) == [
        "python",
        "sql",
        "data",
        "science",
        "=cmd",
    ]


# --------------------------------------------------------------------------- columns


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Full Name", "name"),
        ("  E-Mail  ", "email"),
        ("E - mail", "email"),
        ("WORK_EMAIL", "email"),
        ("Staff ID", "employee_id"),
        ("Employee Number", "employee_id"),
        ("Dept", "department"),
        ("Team", "department"),
        ("Job Title", "title"),
        ("Position", "title"),
        ("Line Manager", "manager"),
        ("Manager ID", "manager"),
        ("Office", "location"),
        ("Site", "location"),
        ("Skills & Interests", "skills"),
        ("Is Mentor", "can_mentor"),
        ("Mentee capacity", "capacity"),
        ("First name", "first_name"),
        ("Surname", "last_name"),
    ],
)
def test_people_synonyms(heading, field):
    mapping = match_columns([heading], PEOPLE_COLUMNS)
    assert mapping.positions == {field: (0,)}


def test_pair_headings():
    mapping = match_columns(
        ["Programme", "Mentor email", "Mentee ID", "Model", "Status", "Start date", "End date"],
        PAIR_COLUMNS,
    )
    assert list(mapping.positions) == [
        "program",
        "mentor",
        "mentee",
        "model",
        "status",
        "start",
        "planned_end",
    ]


def test_unknown_headings_are_listed_and_skills_may_come_twice():
    mapping = match_columns(["Name", "Skills", "Shoe size", "Interests", ""], PEOPLE_COLUMNS)
    assert mapping.ignored == ("Shoe size",)
    assert mapping.positions["skills"] == (1, 3)
    assert mapping.values(("Ana", "sql", "42", "chess"), "skills") == ["sql", "chess"]


def test_a_field_named_twice_is_refused():
    with pytest.raises(
        MentorDeskError, match="two columns for the email: 'Email' and 'Work email'"
    ):
        match_columns(["Name", "Email", "Work email"], PEOPLE_COLUMNS, file_name="staff.csv")


def test_extra_cells_count_only_non_empty_values_past_the_heading():
    mapping = match_columns(["Name", "Email"], PEOPLE_COLUMNS)
    assert mapping.extra_cells(("Ana", "a@x.org", "", " ")) == 0
    assert mapping.extra_cells(("Ana", "a@x.org", "oops", "x")) == 2
    assert mapping.value(("Ana",), "email") is None
