"""Write the sample files in resources/samples: an HR export as CSV and as XLSX, and a
sample program file. Run it again after changing the people below or the program-file
format: `.venv/bin/python build_scripts/make_samples.py`.

Every file comes out byte for byte the same on every run (fixed dates, no timestamps),
so a regenerated sample only shows in `git diff` when its content changed.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from mentordesk.demo import demo_program
from mentordesk.program_file import write_program_file
from mentordesk.program_file.limits import FILE_SUFFIX

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
HR_EXPORT = "hr-export"
SAMPLE_PROGRAM = f"sample-program{FILE_SUFFIX}"

# The headings an HR system writes (Workday, BambooHR and Personio spell them so);
# MentorDesk's importer reads each of them (mentordesk/importing/columns.py).
HEADINGS = (
    "Employee ID",
    "First Name",
    "Last Name",
    "Work Email",
    "Department",
    "Job Title",
    "Manager",
    "Office",
    "Skills",
    "Can Mentor",
)

# A made-up company of 36 people under one managing director. The manager is named
# by work email, as most HR exports do; skills are separated by semicolons.
# (employee id, first name, last name, department, job title, manager id, office,
#  skills, can mentor)
PEOPLE: tuple[tuple[str, str, str, str, str, str, str, str, str], ...] = (
    ("E1001", "Ingrid", "Solberg", "Executive", "Managing Director", "", "Oslo",
     "Strategy; Leadership; Negotiation", "Yes"),
    ("E1002", "Kwame", "Mensah", "Engineering", "Head of Engineering", "E1001", "London",
     "Software architecture; Hiring; Python", "Yes"),
    ("E1003", "Mei", "Takahashi", "Finance", "Finance Director", "E1001", "London",
     "Budgeting; Forecasting; Excel", "Yes"),
    ("E1004", "Lucía", "Fernández", "Human Resources", "HR Director", "E1001", "Madrid",
     "Coaching; Employment law; Facilitation", "Yes"),
    ("E1005", "Arjun", "Raghavan", "Sales", "Head of Sales", "E1001", "Bengaluru",
     "Negotiation; Key accounts; Public speaking", "Yes"),
    ("E1006", "Chiamaka", "Okafor", "Operations", "Operations Director", "E1001", "Lagos",
     "Process improvement; Logistics; Leadership", "Yes"),
    ("E1007", "Jonas", "Becker", "Marketing", "Head of Marketing", "E1001", "Berlin",
     "Brand strategy; Analytics; Writing", "Yes"),
    ("E1010", "Sofia", "Lindqvist", "Engineering", "Engineering Manager", "E1002", "Oslo",
     "Python; Code review; Agile", "Yes"),
    ("E1011", "Tariq", "Haddad", "Engineering", "Senior Software Engineer", "E1010", "Oslo",
     "Python; PostgreSQL; Testing", "Yes"),
    ("E1012", "Ana", "Kovačević", "Engineering", "Software Engineer", "E1010", "Oslo",
     "Python; UX design", "No"),
    ("E1013", "Daniel", "Cohen", "Engineering", "Junior Software Engineer", "E1010", "London",
     "JavaScript; Testing", "No"),
    ("E1014", "Priya", "Nair", "Engineering", "Engineering Manager", "E1002", "Bengaluru",
     "Cloud infrastructure; Security; Hiring", "Yes"),
    ("E1015", "Wei", "Zhang", "Engineering", "Site Reliability Engineer", "E1014", "Bengaluru",
     "Linux; Monitoring; Kubernetes", "Yes"),
    ("E1016", "Fatima", "Al-Sayed", "Engineering", "Software Engineer", "E1014", "Bengaluru",
     "Security; Go", "No"),
    ("E1017", "Mateus", "Oliveira", "Engineering", "Graduate Engineer", "E1014", "Lisbon",
     "Python; Data analysis", "No"),
    ("E1020", "Henrik", "Nyström", "Finance", "Financial Controller", "E1003", "London",
     "Accounting; Audit; Excel", "Yes"),
    ("E1021", "Aisha", "Bello", "Finance", "Financial Analyst", "E1020", "Lagos",
     "Forecasting; Excel; SQL", "No"),
    ("E1022", "Tomás", "Ruiz", "Finance", "Accounts Payable Specialist", "E1020", "Madrid",
     "Accounting", "No"),
    ("E1030", "Hana", "Novak", "Human Resources", "HR Business Partner", "E1004", "Berlin",
     "Coaching; Conflict resolution; Facilitation", "Yes"),
    ("E1031", "Olumide", "Adeyemi", "Human Resources", "Talent Acquisition Specialist",
     "E1004", "Lagos", "Interviewing; Employer branding", "No"),
    ("E1032", "Camille", "Dubois", "Human Resources", "Learning and Development Lead",
     "E1004", "Paris", "Facilitation; Coaching; Instructional design", "Yes"),
    ("E1040", "Rafael", "Moreira", "Sales", "Sales Manager", "E1005", "Lisbon",
     "Key accounts; Negotiation; CRM", "Yes"),
    ("E1041", "Yuki", "Sato", "Sales", "Account Executive", "E1040", "London",
     "CRM; Presentation skills", "No"),
    ("E1042", "Siddharth", "Iyer", "Sales", "Account Executive", "E1040", "Bengaluru",
     "Public speaking; Negotiation", "No"),
    ("E1043", "Elena", "Popescu", "Sales", "Sales Development Representative", "E1040",
     "Berlin", "Prospecting; Writing", "No"),
    ("E1044", "Noah", "Fischer", "Sales", "Solutions Consultant", "E1005", "Berlin",
     "Product demos; SQL; Public speaking", "Yes"),
    ("E1050", "Amara", "Diallo", "Operations", "Logistics Manager", "E1006", "Paris",
     "Logistics; Supplier management; Leadership", "Yes"),
    ("E1051", "Lars", "Eriksen", "Operations", "Facilities Coordinator", "E1050", "Oslo",
     "Logistics; Health and safety", "No"),
    ("E1052", "Nadia", "Rahman", "Operations", "Operations Analyst", "E1050", "London",
     "Process improvement; SQL; Excel", "No"),
    ("E1053", "Kofi", "Boateng", "Operations", "Customer Support Lead", "E1006", "Lagos",
     "Customer care; Coaching; Conflict resolution", "Yes"),
    ("E1054", "Marta", "Wiśniewska", "Operations", "Customer Support Agent", "E1053",
     "Lagos", "Customer care", "No"),
    ("E1060", "Giulia", "Romano", "Marketing", "Content Lead", "E1007", "Madrid",
     "Writing; Brand strategy; Editing", "Yes"),
    ("E1061", "Omar", "Farouk", "Marketing", "Digital Marketing Specialist", "E1060",
     "Paris", "Analytics; SEO", "No"),
    ("E1062", "Leilani", "Kahale", "Marketing", "Graphic Designer", "E1060", "London",
     "UX design; Illustration", "No"),
    ("E1063", "Dmitri", "Volkov", "Marketing", "Marketing Analyst", "E1007", "Berlin",
     "Analytics; SQL; Data visualisation", "Yes"),
    ("E1064", "Thandiwe", "Nkosi", "Marketing", "Events Coordinator", "E1007", "London",
     "Public speaking; Event planning", "No"),
)

DOMAIN = "example.com"

# The sample program: a small demo program, the same on every run.
PROGRAM_PAIRS = 12
PROGRAM_SEED = 2027
PROGRAM_TODAY = date(2027, 3, 31)

# Zip entries and the workbook's own properties carry this instead of "now".
FIXED_TIME = datetime(2027, 1, 4, 9, 0, 0)


def work_email(first: str, last: str) -> str:
    """first.last@example.com, without the accents an address cannot hold."""

    def plain(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("ś", "s"))
        return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c == "-"))

    return f"{plain(first).lower()}.{plain(last).lower()}@{DOMAIN}"


def export_rows() -> list[list[str]]:
    """The HR export's rows, headings first."""
    email_of = {person[0]: work_email(person[1], person[2]) for person in PEOPLE}
    rows = [list(HEADINGS)]
    for employee_id, first, last, department, title, manager, office, skills, mentor in PEOPLE:
        rows.append([
            employee_id, first, last, email_of[employee_id], department, title,
            email_of[manager] if manager else "", office, skills, mentor,
        ])
    return rows


def write_csv(path: Path) -> None:
    """UTF-8 with CRLF line ends, as spreadsheet programs and HR systems write it."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(export_rows())


def write_xlsx(path: Path) -> None:
    """One sheet named as an HR system names it, bold headings, sensible widths;
    written with fixed timestamps so the same people give the same bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Employees"
    for row in export_rows():
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(width + 2, 48)
    workbook.properties.creator = "MentorDesk sample data"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter rather than Workbook.save, which stamps the time of saving.
        ExcelWriter(workbook, archive).write_data()
    _with_fixed_times(buffer.getvalue(), path)


def _with_fixed_times(data: bytes, path: Path) -> None:
    """The zip ``data`` written to ``path`` with every entry dated FIXED_TIME."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
        path, "w", zipfile.ZIP_DEFLATED
    ) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry))


def write_sample_program(path: Path) -> None:
    """A 12-pair demo program, written by the program-file writer the File menu uses."""
    write_program_file(path, demo_program(PROGRAM_PAIRS, PROGRAM_SEED, PROGRAM_TODAY))
    path.chmod(0o644)  # a shipped file, readable by all (program files are owner-only)


def write_samples(folder: Path = SAMPLES) -> list[Path]:
    """Write the three sample files into ``folder``; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [
        folder / f"{HR_EXPORT}.csv",
        folder / f"{HR_EXPORT}.xlsx",
        folder / SAMPLE_PROGRAM,
    ]
    write_csv(written[0])
    write_xlsx(written[1])
    write_sample_program(written[2])
    return written


def main() -> None:
    for path in write_samples():
        print(f"{path}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
