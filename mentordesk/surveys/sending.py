"""A round's folder to send: one form per person, e-mail drafts and a mail-merge list.

MentorDesk sends nothing: each ``.eml`` draft (the form attached, marked unsent)
opens in the coordinator's mail program, which sends it once online. The CSV
list serves a mail merge instead.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

from mentordesk.reports.paper import Paper
from mentordesk.services.surveys import DEFAULT_BODY, DEFAULT_SUBJECT, FormSpec
from mentordesk.surveys.forms import write_form

MAIL_LIST = "mail-merge.csv"
CSV_COLUMNS = (
    "name", "email", "role", "about", "round", "due", "paper_code", "file", "draft", "program",
)


@dataclass(frozen=True)
class SentFolder:
    folder: Path
    forms: list[Path]
    drafts: list[Path]
    mail_list: Path
    without_email: list[str]


def _fill(template: str, spec: FormSpec) -> str:
    values = {
        "name": spec.person_name,
        "round": spec.round_name,
        "due": spec.due_on.strftime("%d %B %Y").lstrip("0"),
        "program": spec.program_name,
        "other": spec.other_name,
        "code": spec.paper_code,
    }
    text = template
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def draft(spec: FormSpec, form: Path, subject: str, body: str) -> EmailMessage:
    """An unsent e-mail to the person with their form attached."""
    message = EmailMessage()
    message["To"] = formataddr((spec.person_name, spec.person_email or ""))
    message["Subject"] = _fill(subject or DEFAULT_SUBJECT, spec).replace("\n", " ")
    message["X-Unsent"] = "1"  # opens as a draft to send in Outlook and others
    message.set_content(_fill(body or DEFAULT_BODY, spec))
    message.add_attachment(
        form.read_bytes(), maintype="application", subtype="pdf", filename=form.name
    )
    return message


def write_round_folder(
    specs: Sequence[FormSpec],
    folder: Path,
    *,
    drafts: bool = False,
    subject: str = "",
    body: str = "",
    paper: Paper = Paper.A4,
) -> SentFolder:
    """The forms of ``specs`` into ``folder``, the CSV mail-merge list, and with
    ``drafts`` one ``.eml`` per person who has an e-mail address."""
    folder.mkdir(parents=True, exist_ok=True)
    forms: list[Path] = []
    written: list[Path] = []
    without: list[str] = []
    rows = []
    for spec in specs:
        path = write_form(spec, folder / f"{spec.file_stem}.pdf", paper=paper)
        forms.append(path)
        draft_path = ""
        if drafts and spec.person_email:
            eml = folder / f"{spec.file_stem}.eml"
            eml.write_bytes(bytes(draft(spec, path, subject, body)))
            written.append(eml)
            draft_path = eml.name
        elif drafts:
            without.append(spec.person_name)
        rows.append(
            {
                "name": spec.person_name,
                "email": spec.person_email or "",
                "role": spec.respondent.value,
                "about": spec.other_name,
                "round": spec.round_name,
                "due": spec.due_on.isoformat(),
                "paper_code": spec.paper_code,
                "file": path.name,
                "draft": draft_path,
                "program": spec.program_name,
            }
        )
    mail_list = folder / MAIL_LIST
    with mail_list.open("w", newline="", encoding="utf-8-sig") as stream:
        writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return SentFolder(folder, forms, written, mail_list, without)
