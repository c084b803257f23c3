"""The sample files in resources/samples import through the code a coordinator's own file
goes through: the roster import for the HR export (CSV and XLSX), the program-file import
for the sample program; and build_scripts/make_samples.py writes them again unchanged."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest
from sqlalchemy import func, select

from mentordesk.importing import RowAction, import_people
from mentordesk.program_file import dump_program, import_program, read_program_file
from mentordesk.resources import resource_path
from mentordesk.store.models import Activity, Pair, Person, Program

ROOT = Path(__file__).resolve().parent.parent.parent


def sample(name: str) -> Path:
    return resource_path("samples", name)


def make_samples() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_samples", ROOT / "build_scripts" / "make_samples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def csv_rows() -> list[dict[str, str]]:
    with sample("hr-export.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_hr_export_is_an_hr_systems_spelling_of_30_to_40_people() -> None:
    rows = csv_rows()
    assert 30 <= len(rows) <= 40
    assert list(rows[0]) == [
        "Employee ID", "First Name", "Last Name", "Work Email", "Department", "Job Title",
        "Manager", "Office", "Skills", "Can Mentor",
    ]
    # The workbook holds the same table, cell for cell.
    workbook = openpyxl.load_workbook(sample("hr-export.xlsx"), read_only=True)
    table = [
        ["" if cell is None else str(cell) for cell in row]
        for row in workbook["Employees"].iter_rows(values_only=True)
    ]
    workbook.close()
    assert table == [list(rows[0]), *[list(row.values()) for row in rows]]


@pytest.mark.parametrize("name", ["hr-export.csv", "hr-export.xlsx"])
def test_the_sample_hr_export_imports_every_person_with_manager_and_skills(
    database, name: str
) -> None:
    with database.transaction() as session:
        report = import_people(session, sample(name))

    rows = csv_rows()
    assert report.written
    assert report.count(RowAction.CREATED) == len(rows)
    assert not report.warnings and not report.ignored_columns
    with database.transaction() as session:
        people = {person.email: person for person in session.scalars(select(Person))}
        assert len(people) == len(rows)
        email_of = {person.id: person.email for person in people.values()}
        for row in rows:
            person = people[row["Work Email"]]
            assert person.name == f"{row['First Name']} {row['Last Name']}"
            assert person.employee_id == row["Employee ID"]
            assert (person.department, person.title, person.location) == (
                row["Department"], row["Job Title"], row["Office"],
            )
            assert email_of.get(person.manager_id, "") == row["Manager"]
            assert [skill.casefold() for skill in person.skills] == [
                skill.strip().casefold() for skill in row["Skills"].split(";")
            ]
            assert person.can_mentor == (row["Can Mentor"] == "Yes")
    assert sum(1 for person in people.values() if person.manager_id is None) == 1


def test_the_sample_program_imports_whole(database) -> None:
    document = read_program_file(sample("sample-program.mentordesk.json"))
    with database.transaction() as session:
        summary = import_program(session, document)

    assert summary.pairs == len(document["pairs"]) == 12
    assert summary.people_created == len(document["people"])
    with database.transaction() as session:
        program = session.scalars(select(Program)).one()
        assert program.name == document["program"]["name"] == summary.program_name
        assert session.scalar(select(func.count(Pair.id))) == 12
        assert session.scalar(select(func.count(Person.id))) == len(document["people"])
        assert session.scalar(select(func.count(Activity.id))) == summary.activities > 0


def test_the_sample_program_is_as_the_program_file_writer_writes_it() -> None:
    path = sample("sample-program.mentordesk.json")
    assert dump_program(read_program_file(path)) == path.read_text(encoding="utf-8")


def test_make_samples_writes_the_hr_export_again_byte_for_byte(tmp_path: Path) -> None:
    written = make_samples().write_samples(tmp_path)
    assert [path.name for path in written] == [
        "hr-export.csv", "hr-export.xlsx", "sample-program.mentordesk.json",
    ]
    for path in written[:2]:
        assert path.read_bytes() == sample(path.name).read_bytes(), (
            f"resources/samples/{path.name} is not what build_scripts/make_samples.py writes"
        )
    # The sample program follows the demo, which may change; it is written the same way.
    again = make_samples().write_samples(tmp_path / "again")
    assert again[2].read_bytes() == written[2].read_bytes()
